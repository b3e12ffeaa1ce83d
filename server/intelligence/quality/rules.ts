import { type QualityThresholds, type ReplyCounts, unhelpfulRate } from './types.ts';

// Rates are fractions of small integers (7/20 − 4/20 is 0.1499…); without a tolerance, a rise exactly
// at the threshold would alert or not depending on rounding.
const EPSILON = 1e-9;

export type Verdict =
  | { kind: 'too_few_replies'; needed: number }
  | { kind: 'within_threshold'; increase: number }
  | { kind: 'worse'; increase: number };

/**
 * Whether replies on the current version are flagged more often than on the previous one: at least
 * `minReplies` on the current version, and its unhelpful rate more than `maxRateIncrease` (absolute)
 * above the previous version's. A previous version no reply used counts as a rate of 0.
 */
export function judgeVersion(
  current: ReplyCounts,
  previous: ReplyCounts,
  thresholds: QualityThresholds,
): Verdict {
  if (current.replies < thresholds.minReplies) {
    return { kind: 'too_few_replies', needed: thresholds.minReplies - current.replies };
  }
  const increase = (unhelpfulRate(current) ?? 0) - (unhelpfulRate(previous) ?? 0);
  return increase > thresholds.maxRateIncrease + EPSILON
    ? { kind: 'worse', increase }
    : { kind: 'within_threshold', increase };
}
