// What a completion cost, from its usage. Cached input tokens are a subset of prompt tokens and are
// billed at the cached rate instead of the input rate.

export type TokenUsage = { promptTokens: number; cachedTokens: number; completionTokens: number };

/** US dollars per million tokens. */
type Price = { input: number; cachedInput: number; output: number };

const PRICES: Record<string, Price> = {
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
};
const FALLBACK_MODEL = 'gpt-4o';

/** A dated snapshot (`gpt-4o-2024-08-06`) is priced as its family. */
function priceFor(model: string): Price | undefined {
  const family = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return Object.hasOwn(PRICES, family) ? PRICES[family] : undefined;
}

export function estimateCostUsd(
  model: string,
  usage: TokenUsage,
): { usd: number; priced: boolean; pricedAs: string } {
  const known = priceFor(model);
  const price = known ?? (PRICES[FALLBACK_MODEL] as Price);
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const usd =
    ((usage.promptTokens - cached) * price.input +
      cached * price.cachedInput +
      usage.completionTokens * price.output) /
    1_000_000;
  return { usd, priced: known !== undefined, pricedAs: known ? model : FALLBACK_MODEL };
}

/** The token counts from a chat completion (or anything shaped like its `usage`); zeros when absent. */
export function usageFromCompletion(completion: {
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
  } | null;
}): TokenUsage {
  const usage = completion.usage;
  return {
    promptTokens: usage?.prompt_tokens ?? 0,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
  };
}
