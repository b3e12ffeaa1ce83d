// What a Claude call cost, from its usage. Prices are US dollars per million tokens; a model the
// table does not know is priced as Sonnet (the default analysis model) and flagged, so a report can
// say the figure is a guess rather than show a silent zero.

export type ClaudeUsage = { inputTokens: number; outputTokens: number };

type Price = { input: number; output: number };

const SONNET: Price = { input: 3, output: 15 };
const HAIKU: Price = { input: 0.8, output: 4 };

/** Families by name prefix, so dated snapshots (`claude-sonnet-4-5-20250929`) price as their family. */
const FAMILIES: Array<{ prefix: RegExp; name: string; price: Price }> = [
  { prefix: /^claude-sonnet-4(?:[-.]|$)/, name: 'claude-sonnet-4', price: SONNET },
  { prefix: /^claude-(?:3-5-)?haiku(?:-|$)/, name: 'claude-haiku', price: HAIKU },
];

export function estimateClaudeCostUsd(
  model: string,
  usage: ClaudeUsage,
): { usd: number; priced: boolean; pricedAs: string } {
  const family = FAMILIES.find((entry) => entry.prefix.test(model));
  const price = family?.price ?? SONNET;
  const usd = (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
  return { usd, priced: family !== undefined, pricedAs: family?.name ?? 'claude-sonnet-4' };
}
