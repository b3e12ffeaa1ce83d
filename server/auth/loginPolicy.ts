import type { Config } from '../config.ts';

export type LoginRules = Config['login'];

export type LoginCounters = {
  failedLoginCount: number;
  lastFailedLoginAt: Date | null;
  lockedUntil: Date | null;
};

export type LoginGate =
  /** `counters` are what to count from: a served lock starts the account afresh. */
  | { kind: 'open'; counters: LoginCounters }
  | { kind: 'locked'; until: Date }
  | { kind: 'throttled'; retryAt: Date };

// Beyond this the lock is the better tool; it also keeps 2^n from overflowing a Date.
const MAX_THROTTLE_SECONDS = 3_600;

/** Whether an attempt may even check the password, judged only from the account's counters. */
export function loginGate(counters: LoginCounters, now: Date, rules: LoginRules): LoginGate {
  if (counters.lockedUntil) {
    if (counters.lockedUntil > now) return { kind: 'locked', until: counters.lockedUntil };
    return { kind: 'open', counters: { failedLoginCount: 0, lastFailedLoginAt: null, lockedUntil: null } };
  }
  const over = counters.failedLoginCount - rules.throttleAfter;
  if (over >= 0 && counters.lastFailedLoginAt) {
    const waitSeconds = Math.min(2 ** over, MAX_THROTTLE_SECONDS);
    const retryAt = new Date(counters.lastFailedLoginAt.getTime() + waitSeconds * 1000);
    if (now < retryAt) return { kind: 'throttled', retryAt };
  }
  return { kind: 'open', counters };
}

/** The counters after a wrong password on an open account; reaching `lockAfter` locks it. */
export function afterFailure(counters: LoginCounters, now: Date, rules: LoginRules): LoginCounters {
  const failedLoginCount = counters.failedLoginCount + 1;
  const lockedUntil =
    failedLoginCount >= rules.lockAfter ? new Date(now.getTime() + rules.lockMinutes * 60_000) : null;
  return { failedLoginCount, lastFailedLoginAt: now, lockedUntil };
}

export function secondsUntil(when: Date, now: Date): number {
  return Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 1000));
}

export function minutesUntil(when: Date, now: Date): number {
  return Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 60_000));
}
