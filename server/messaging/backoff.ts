import type { OutboxTuning } from './context.ts';

/**
 * How long to wait before send attempt `attempt + 1`. A `Retry-After` is a floor, not a hint: we wait
 * at least that long, plus a little jitter so waiting instances do not all return in the same instant.
 * Otherwise exponential from `retryBaseMs`, capped, with "equal jitter" (between half and all of it).
 */
export function retryDelayMs(
  attempt: number,
  tuning: Pick<OutboxTuning, 'retryBaseMs' | 'retryMaxMs'>,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.round(random() * 250);
  const ceiling = Math.min(tuning.retryMaxMs, tuning.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
