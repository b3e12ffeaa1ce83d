import { describe, expect, it } from 'vitest';
import { estimateClaudeCostUsd } from './pricing.ts';

describe('estimateClaudeCostUsd', () => {
  it('prices Sonnet 4.x at $3 in and $15 out per million tokens, snapshots as their family', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(estimateClaudeCostUsd('claude-sonnet-4-6', usage)).toEqual({
      usd: 18,
      priced: true,
      pricedAs: 'claude-sonnet-4',
    });
    expect(estimateClaudeCostUsd('claude-sonnet-4-5-20250929', usage).priced).toBe(true);
  });

  it('prices Haiku at $0.80 in and $4 out', () => {
    const cost = estimateClaudeCostUsd('claude-haiku-4-5', { inputTokens: 500_000, outputTokens: 100_000 });
    expect(cost.usd).toBeCloseTo(0.4 + 0.4);
    expect(cost).toMatchObject({ priced: true, pricedAs: 'claude-haiku' });
  });

  it('prices an unknown model as Sonnet and says so', () => {
    expect(estimateClaudeCostUsd('claude-opus-5', { inputTokens: 1_000, outputTokens: 0 })).toEqual({
      usd: 0.003,
      priced: false,
      pricedAs: 'claude-sonnet-4',
    });
    expect(estimateClaudeCostUsd('claude-sonnet-40', { inputTokens: 1, outputTokens: 0 }).priced).toBe(false);
  });
});
