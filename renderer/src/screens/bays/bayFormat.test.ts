import { describe, expect, test } from 'vitest';
import { formatClock, formatDuration, msSince, msUntil } from './bayFormat.ts';

describe('formatDuration', () => {
  test('seconds, minutes and hours, as people say them', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(4 * 60_000 + 12_000)).toBe('4 min 12 s');
    expect(formatDuration(5 * 60_000)).toBe('5 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 5 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
  });

  test('a remaining cooldown is rounded up, so it never reads "0 s" while it still refuses', () => {
    expect(formatDuration(200)).toBe('1 s');
    expect(formatDuration(59_001)).toBe('1 min');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-5_000)).toBe('0 s');
  });
});

describe('msUntil / msSince', () => {
  const now = Date.parse('2026-11-25T18:00:00.000Z');
  test('count from now, never below zero', () => {
    expect(msUntil('2026-11-25T18:03:00.000Z', now)).toBe(180_000);
    expect(msUntil('2026-11-25T17:59:00.000Z', now)).toBe(0);
    expect(msSince('2026-11-25T17:59:30.000Z', now)).toBe(30_000);
    expect(msSince('2026-11-25T18:01:00.000Z', now)).toBe(0);
  });
});

describe('formatClock', () => {
  const now = Date.parse('2026-11-25T18:30:00.000Z');
  test("24-hour time in the facility's zone; the day too when it was not today", () => {
    // 18:02 UTC is 14:02 in Halifax (UTC-4 in November).
    expect(formatClock('2026-11-25T18:02:00.000Z', 'America/Halifax', now)).toBe('14:02');
    expect(formatClock('2026-11-24T18:02:00.000Z', 'America/Halifax', now)).toMatch(/Nov 24.*14:02/);
  });

  test('an unknown zone falls back to this computer’s instead of breaking the board', () => {
    expect(formatClock('2026-11-25T18:02:00.000Z', 'Not/AZone', now)).toMatch(/\d\d:02/);
  });
});
