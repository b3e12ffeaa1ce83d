import { describe, expect, it } from 'vitest';
import { afterFailure, type LoginCounters, loginGate } from './loginPolicy.ts';

const rules = { throttleAfter: 5, lockAfter: 10, lockMinutes: 15 };
const t0 = new Date('2025-01-01T12:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const fresh: LoginCounters = { failedLoginCount: 0, lastFailedLoginAt: null, lockedUntil: null };

function failTimes(n: number): LoginCounters {
  let counters = fresh;
  for (let i = 0; i < n; i++) counters = afterFailure(counters, t0, rules);
  return counters;
}

describe('login policy', () => {
  it('leaves the first failures alone', () => {
    expect(loginGate(failTimes(4), t0, rules).kind).toBe('open');
  });

  it('throttles from throttleAfter failures, doubling the wait each time', () => {
    expect(loginGate(failTimes(5), t0, rules)).toEqual({ kind: 'throttled', retryAt: at(1_000) });
    expect(loginGate(failTimes(5), at(1_000), rules).kind).toBe('open');
    expect(loginGate(failTimes(6), at(1_999), rules)).toEqual({ kind: 'throttled', retryAt: at(2_000) });
    expect(loginGate(failTimes(9), at(15_999), rules)).toEqual({ kind: 'throttled', retryAt: at(16_000) });
  });

  it('locks for lockMinutes when failures reach lockAfter', () => {
    expect(failTimes(9).lockedUntil).toBeNull();
    const locked = failTimes(10);
    expect(locked.lockedUntil).toEqual(at(15 * 60_000));
    expect(loginGate(locked, at(15 * 60_000 - 1), rules)).toEqual({ kind: 'locked', until: at(15 * 60_000) });
  });

  it('starts afresh once a lock has been served', () => {
    const gate = loginGate(failTimes(10), at(15 * 60_000), rules);
    expect(gate).toEqual({ kind: 'open', counters: fresh });
  });
});
