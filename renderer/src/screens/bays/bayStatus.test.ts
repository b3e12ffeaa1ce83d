import { describe, expect, test } from 'vitest';
import {
  actionAvailability,
  bayStatus,
  boardSummary,
  describeBayChange,
  shownActionState,
} from './bayStatus.ts';
import { actionFixture, bayFixture } from './testBays.ts';

const now = Date.parse('2026-11-25T18:05:00.000Z');
const clock = { now, timeZone: 'America/Halifax' };

describe('bayStatus: every state has a tone, an icon and words', () => {
  test('online', () => {
    expect(bayStatus(bayFixture(), clock)).toEqual({
      tone: 'online',
      icon: '●',
      label: 'Online',
      detail: null,
    });
  });

  test('offline says since when, in the facility’s time', () => {
    const status = bayStatus(bayFixture({ online: false, lastSeenAt: '2026-11-25T18:02:00.000Z' }), clock);
    expect(status).toMatchObject({ tone: 'offline', icon: '○', label: 'Offline since 14:02' });
  });

  test('an action in flight is the headline, whatever else is true', () => {
    const restarting = bayFixture({ currentAction: actionFixture({ state: 'running' }), online: false });
    expect(bayStatus(restarting, clock)).toMatchObject({ tone: 'busy', label: 'Restarting simulator…' });
    const rebooting = bayFixture({ currentAction: actionFixture({ kind: 'reboot-pc' }) });
    expect(bayStatus(rebooting, clock)).toMatchObject({ tone: 'busy', label: 'Rebooting…' });
  });

  test('failed shows NinjaOne’s message; timed out says so', () => {
    const failed = bayFixture({
      lastAction: actionFixture({
        state: 'failed',
        message: 'Script exited with 1',
        finishedAt: '2026-11-25T18:01:00.000Z',
      }),
      needsAttention: true,
      attentionReason: 'Restart simulator failed: Script exited with 1',
    });
    expect(bayStatus(failed, clock)).toMatchObject({
      tone: 'failed',
      icon: '✕',
      label: 'Failed: Script exited with 1',
    });
    const timedOut = bayFixture({ lastAction: actionFixture({ state: 'timedOut', kind: 'reboot-pc' }) });
    expect(bayStatus(timedOut, clock)).toMatchObject({ tone: 'timedOut', label: 'Timed out' });
  });

  test('needs attention, with the reason', () => {
    const bay = bayFixture({ needsAttention: true, attentionReason: 'Offline for 12 min (since 13:50).' });
    expect(bayStatus(bay, clock)).toMatchObject({
      tone: 'attention',
      label: 'Needs attention',
      detail: 'Offline for 12 min (since 13:50).',
    });
  });

  test('a success is the headline for a while, then the bay reads Online again', () => {
    const done = (finishedAt: string) =>
      bayFixture({ lastAction: actionFixture({ state: 'succeeded', finishedAt }) });
    expect(bayStatus(done('2026-11-25T18:04:00.000Z'), clock)).toMatchObject({
      tone: 'succeeded',
      icon: '✓',
      label: 'Succeeded',
    });
    expect(bayStatus(done('2026-11-25T17:00:00.000Z'), clock).tone).toBe('online');
  });

  test('not yet seen, and no device linked', () => {
    expect(bayStatus(bayFixture({ online: null, lastSeenAt: null }), clock)).toMatchObject({
      tone: 'unknown',
      label: 'Status unknown',
    });
    expect(bayStatus(bayFixture({ ninjaDeviceId: null }), clock)).toMatchObject({
      tone: 'unlinked',
      label: 'No NinjaOne device',
    });
  });

  test('no two tones share an icon, so none rests on colour alone', () => {
    const bays = [
      bayFixture(),
      bayFixture({ online: false }),
      bayFixture({ currentAction: actionFixture() }),
      bayFixture({
        lastAction: actionFixture({ state: 'succeeded', finishedAt: '2026-11-25T18:04:00.000Z' }),
      }),
      bayFixture({ lastAction: actionFixture({ state: 'failed' }) }),
      bayFixture({ lastAction: actionFixture({ state: 'timedOut' }) }),
      bayFixture({ needsAttention: true }),
      bayFixture({ online: null }),
      bayFixture({ ninjaDeviceId: null }),
    ].map((bay) => bayStatus(bay, clock));
    expect(new Set(bays.map((status) => status.tone)).size).toBe(9);
    expect(new Set(bays.map((status) => status.icon)).size).toBe(9);
  });
});

describe('shownActionState', () => {
  test('the action in flight, else the last outcome, else none', () => {
    expect(shownActionState(bayFixture())).toBe('none');
    expect(shownActionState(bayFixture({ currentAction: actionFixture({ state: 'running' }) }))).toBe(
      'running',
    );
    expect(shownActionState(bayFixture({ lastAction: actionFixture({ state: 'succeeded' }) }))).toBe(
      'succeeded',
    );
  });
});

describe('actionAvailability', () => {
  test('allowed on a healthy bay', () => {
    expect(actionAvailability(bayFixture(), 'restart-sim', clock, null)).toEqual({ allowed: true });
  });

  test('refused with the reason: no device, in progress, sending, offline', () => {
    const reason = (bay: ReturnType<typeof bayFixture>, sending: 'restart-sim' | null = null) => {
      const result = actionAvailability(bay, 'reboot-pc', clock, sending);
      return result.allowed ? null : result.reason;
    };
    expect(reason(bayFixture({ ninjaDeviceId: null }))).toBe('No NinjaOne device is linked.');
    expect(reason(bayFixture({ currentAction: actionFixture() }))).toBe('Restart simulator is in progress.');
    expect(reason(bayFixture(), 'restart-sim')).toBe('Sending the Restart simulator request…');
    expect(reason(bayFixture({ online: false }))).toBe('The PC is offline.');
  });

  test('a cooldown says until when and how long is left, and ends on time', () => {
    const bay = bayFixture({ availableAt: { 'restart-sim': '2026-11-25T18:09:12.000Z' } });
    expect(actionAvailability(bay, 'restart-sim', clock, null)).toEqual({
      allowed: false,
      reason: 'Restart simulator: cooldown until 14:09 (4 min 12 s left).',
    });
    expect(actionAvailability(bay, 'reboot-pc', clock, null)).toEqual({ allowed: true });
    const later = { ...clock, now: Date.parse('2026-11-25T18:09:12.000Z') };
    expect(actionAvailability(bay, 'restart-sim', later, null)).toEqual({ allowed: true });
  });
});

describe('describeBayChange', () => {
  const requested = actionFixture();
  test('an action’s path is announced step by step', () => {
    const idle = bayFixture();
    const asked = bayFixture({ currentAction: requested });
    const running = bayFixture({ currentAction: { ...requested, state: 'running' } });
    const done = bayFixture({ lastAction: { ...requested, state: 'succeeded' } });
    expect(describeBayChange(idle, asked)).toBe('Bay 1: Restart simulator requested by Frankie Frontdesk.');
    expect(describeBayChange(asked, running)).toBe('Bay 1: Restart simulator running.');
    expect(describeBayChange(running, done)).toBe('Bay 1: Restart simulator succeeded.');
  });

  test('going offline, coming back and needing attention are announced; a new last-seen time is not', () => {
    const online = bayFixture();
    const offline = bayFixture({
      online: false,
      needsAttention: true,
      attentionReason: 'Offline for 6 min.',
    });
    expect(describeBayChange(online, offline)).toBe('Bay 1: offline; needs attention: Offline for 6 min.');
    expect(describeBayChange(bayFixture({ online: false }), online)).toBe('Bay 1: back online.');
    expect(describeBayChange(online, bayFixture({ lastSeenAt: '2026-11-25T18:04:00.000Z' }))).toBeNull();
  });
});

describe('boardSummary', () => {
  test('counts what matters at a glance', () => {
    expect(
      boardSummary([
        bayFixture(),
        bayFixture({ online: false, needsAttention: true }),
        bayFixture({ currentAction: actionFixture() }),
      ]),
    ).toBe('3 bays · 2 online · 1 offline · 1 restarting · 1 needs attention');
    expect(boardSummary([bayFixture()])).toBe('1 bay · 1 online');
  });
});
