import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

const tuning = { retryBaseMs: 1_000, retryMaxMs: 30_000 };

describe('retryDelayMs', () => {
  it('doubles per attempt, between half and all of the step, up to the cap', () => {
    expect(retryDelayMs(1, tuning, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, tuning, undefined, () => 1)).toBe(1_000);
    expect(retryDelayMs(3, tuning, undefined, () => 1)).toBe(4_000);
    expect(retryDelayMs(3, tuning, undefined, () => 0)).toBe(2_000);
    expect(retryDelayMs(20, tuning, undefined, () => 1)).toBe(30_000);
  });

  it('never waits less than Retry-After', () => {
    expect(retryDelayMs(1, tuning, 7_000, () => 0)).toBe(7_000);
    expect(retryDelayMs(5, tuning, 7_000, () => 1)).toBe(7_250);
  });
});
