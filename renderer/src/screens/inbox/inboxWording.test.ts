import { describe, expect, test } from 'vitest';
import {
  deliveryStatus,
  formatPhone,
  formatWhen,
  lastMessagePreview,
  messageAuthor,
  threadMarkers,
} from './inboxWording.ts';
import { messageFixture, threadFixture } from './testThreads.ts';

const clock = { now: Date.parse('2026-11-25T18:30:00.000Z'), timeZone: 'America/Halifax' };
const outbound = (overrides: Parameters<typeof messageFixture>[0]) =>
  messageFixture({
    direction: 'outbound',
    kind: 'staff',
    sentBy: { id: 'u1', name: 'Frankie' },
    ...overrides,
  });

describe('delivery status', () => {
  test('each state in an icon and words', () => {
    expect(deliveryStatus(messageFixture(), clock)).toBeNull();
    expect(deliveryStatus(outbound({ status: 'queued' }), clock)).toMatchObject({
      icon: '◷',
      label: 'Queued',
    });
    expect(deliveryStatus(outbound({ status: 'sending' }), clock)).toMatchObject({ label: 'Sending…' });
    expect(deliveryStatus(outbound({ status: 'sent' }), clock)).toMatchObject({ icon: '✓', label: 'Sent' });
    expect(deliveryStatus(outbound({ status: 'delivered' }), clock)).toMatchObject({
      icon: '✓✓',
      label: 'Delivered',
    });
  });

  test('a wait says until when, and why', () => {
    // 22:00 UTC is 18:00 in Halifax.
    const held = outbound({ status: 'queued', nextAttemptAt: '2026-11-25T22:00:00.000Z' });
    expect(deliveryStatus(held, clock)).toMatchObject({
      label: 'Queued until 18:00',
      detail: 'Held until quiet hours end',
    });
    const retrying = outbound({
      status: 'queued',
      attempts: 2,
      error: 'OpenPhone is unavailable (503)',
      nextAttemptAt: '2026-11-25T22:00:00.000Z',
    });
    expect(deliveryStatus(retrying, clock)?.detail).toBe('Attempt 2 failed: OpenPhone is unavailable (503)');
  });

  test('a failure gives the reason, and a dead-lettered one says it was not sent', () => {
    expect(
      deliveryStatus(
        outbound({ status: 'failed', deadLettered: true, error: 'Gave up after 8 attempts' }),
        clock,
      ),
    ).toEqual({
      tone: 'failed',
      icon: '✕',
      label: 'Failed: not sent',
      detail: 'Gave up after 8 attempts',
    });
    expect(deliveryStatus(outbound({ status: 'failed' }), clock)?.detail).toBe('OpenPhone gave no reason');
  });
});

describe('wording', () => {
  test('who wrote each message', () => {
    expect(messageAuthor(messageFixture(), '+1 902 555 0123')).toBe('+1 902 555 0123');
    expect(messageAuthor(outbound({}), 'x')).toBe('Frankie');
    expect(messageAuthor(outbound({ kind: 'ai', sentBy: null }), 'x')).toBe('ClubOS AI');
    expect(messageAuthor(outbound({ kind: 'ai', sentBy: { id: 'u1', name: 'Frankie' } }), 'x')).toBe(
      'ClubOS AI · approved by Frankie',
    );
    expect(messageAuthor(outbound({ kind: 'opt_out_confirmation', sentBy: null }), 'x')).toBe(
      'Opt-out confirmation',
    );
  });

  test('phone numbers in groups; others as they are', () => {
    expect(formatPhone('+19025550123')).toBe('+1 902 555 0123');
    expect(formatPhone('+447700900123')).toBe('+447700900123');
  });

  test('markers in words; the list says who spoke last', () => {
    const thread = threadFixture({
      needsHuman: true,
      optedOut: true,
      aiPausedUntil: '2026-11-25T22:00:00.000Z',
    });
    expect(threadMarkers(thread, clock).map((marker) => marker.label)).toEqual([
      'Needs a human',
      'AI paused',
      'Opted out',
    ]);
    // A pause that has ended is not shown.
    expect(threadMarkers({ ...thread, aiPausedUntil: '2026-11-25T18:00:00.000Z' }, clock)).toHaveLength(2);
    const last = { id: 'm', direction: 'outbound', preview: 'See you at 7', status: 'sent', at: '' } as const;
    expect(lastMessagePreview(threadFixture({ lastMessage: last }))).toBe('Us: See you at 7');
    expect(lastMessagePreview(threadFixture())).toBe('No messages yet');
  });
});

describe('formatWhen', () => {
  test('"at" a time today, "on" a day before', () => {
    expect(formatWhen('2026-11-25T18:02:00.000Z', 'America/Halifax', clock.now)).toBe('at 14:02');
    expect(formatWhen('2026-11-24T18:02:00.000Z', 'America/Halifax', clock.now)).toMatch(
      /^on Nov 24, 14:02$/,
    );
  });
});
