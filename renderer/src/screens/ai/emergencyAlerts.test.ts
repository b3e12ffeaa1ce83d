import { describe, expect, test } from 'vitest';
import type { EmergencyAlert } from '../../../../shared/ai.ts';
import {
  addAlert,
  categoryText,
  dismissAlert,
  MAX_SHOWN_ALERTS,
  notificationText,
} from './emergencyAlerts.ts';

function alert(overrides: Partial<EmergencyAlert> = {}): EmergencyAlert {
  return {
    threadId: 'th-1',
    facilityId: 'fac-1',
    customerNumber: '+19025550123',
    category: 'fire',
    text: 'There is smoke coming out of bay 2',
    at: '2026-11-25T18:00:00.000Z',
    ...overrides,
  };
}

describe('emergency alerts', () => {
  test('newest first; the same alert replayed after a reconnect is shown and announced once', () => {
    const first = addAlert([], alert());
    expect(first).toHaveLength(1);
    const second = addAlert(first ?? [], alert({ threadId: 'th-2', at: '2026-11-25T18:01:00.000Z' }));
    expect(second?.map((shown) => shown.threadId)).toEqual(['th-2', 'th-1']);
    expect(addAlert(second ?? [], alert())).toBeNull();
  });

  test('a second emergency text in the same thread is a new alert', () => {
    const first = addAlert([], alert()) ?? [];
    expect(addAlert(first, alert({ at: '2026-11-25T18:05:00.000Z', text: 'Now flames' }))).toHaveLength(2);
  });

  test('keeps the newest few, and dismissing one leaves the others', () => {
    let shown = addAlert([], alert({ at: '2026-11-25T18:00:00.000Z' })) ?? [];
    for (let minute = 1; minute <= MAX_SHOWN_ALERTS + 2; minute++) {
      shown =
        addAlert(
          shown,
          alert({ at: new Date(Date.parse('2026-11-25T18:00:00Z') + minute * 60_000).toISOString() }),
        ) ?? shown;
    }
    expect(shown).toHaveLength(MAX_SHOWN_ALERTS);
    const key = shown[1]?.key ?? '';
    expect(dismissAlert(shown, key).map((item) => item.key)).not.toContain(key);
    expect(dismissAlert(shown, key)).toHaveLength(MAX_SHOWN_ALERTS - 1);
  });

  test('categories in words; an unknown one as the server said it', () => {
    expect(categoryText('fire')).toBe('fire or smoke');
    expect(categoryText(null)).toBe('emergency');
    expect(categoryText('power_out')).toBe('power out');
  });

  test('the notification fits the preload’s limits and says where, what and who', () => {
    const text = notificationText(alert({ text: 'x'.repeat(2_000) }), {
      facilityName: 'Bedford',
      customer: '+1 902 555 0123',
    });
    expect(text.title).toBe('EMERGENCY at Bedford: fire or smoke');
    expect(text.body.startsWith('+1 902 555 0123 texted: “xxx')).toBe(true);
    expect(text.body.length).toBeLessThanOrEqual(1_000);
    expect(notificationText(alert(), { facilityName: null, customer: 'Sam' }).title).toBe(
      'EMERGENCY: fire or smoke',
    );
  });
});
