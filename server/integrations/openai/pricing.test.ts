import { describe, expect, it } from 'vitest';
import { estimateCostUsd, usageFromCompletion } from './pricing.ts';

describe('pricing', () => {
  it('prices gpt-4o input, cached input and output per million tokens', () => {
    const cost = estimateCostUsd('gpt-4o', {
      promptTokens: 1_000_000,
      cachedTokens: 0,
      completionTokens: 1_000_000,
    });
    expect(cost).toEqual({ usd: 12.5, priced: true, pricedAs: 'gpt-4o' });
    expect(
      estimateCostUsd('gpt-4o', { promptTokens: 2_000_000, cachedTokens: 1_000_000, completionTokens: 0 })
        .usd,
    ).toBeCloseTo(2.5 + 1.25);
  });

  it('prices gpt-4o-mini and dated snapshots as their family', () => {
    const usage = { promptTokens: 1_000_000, cachedTokens: 400_000, completionTokens: 500_000 };
    expect(estimateCostUsd('gpt-4o-mini', usage).usd).toBeCloseTo(0.6 * 0.15 + 0.4 * 0.075 + 0.5 * 0.6);
    expect(estimateCostUsd('gpt-4o-mini-2024-07-18', usage)).toMatchObject({ priced: true });
  });

  it('prices unknown models as gpt-4o and says so', () => {
    const cost = estimateCostUsd('gpt-9-turbo', {
      promptTokens: 1_000,
      cachedTokens: 0,
      completionTokens: 0,
    });
    expect(cost).toEqual({ usd: 0.0025, priced: false, pricedAs: 'gpt-4o' });
    expect(
      estimateCostUsd('constructor', { promptTokens: 1, cachedTokens: 0, completionTokens: 0 }).priced,
    ).toBe(false);
  });

  it('reads usage from a completion, zeros when absent', () => {
    expect(
      usageFromCompletion({
        usage: {
          prompt_tokens: 1_500,
          completion_tokens: 40,
          prompt_tokens_details: { cached_tokens: 1_408 },
        },
      }),
    ).toEqual({ promptTokens: 1_500, cachedTokens: 1_408, completionTokens: 40 });
    expect(usageFromCompletion({})).toEqual({ promptTokens: 0, cachedTokens: 0, completionTokens: 0 });
  });
});
