// How the fake Anthropic reads the analysis prompt ClubOS sends. The product's
// buildAnalysisPrompt (server/intelligence/proposals/analysisPrompt.ts) is the contract:
//
//   <sop path="booking/door-access.md">
//   …the file's markdown (ours, trusted, not escaped)…
//   </sop>
//
//   <interaction ref="1" sops_used="booking/door-access.md v3 (Door code); …">
//   <untrusted_customer_text field="customer_message">
//   …escaped text (&lt; &gt; &amp;)…
//   </untrusted_customer_text>
//   …assistant_answer, why_unhelpful, staff_correction the same way…
//   </interaction>
//
// Customer text is escaped by the product, so it can neither close a block nor forge one here.

export type PromptSop = { path: string; content: string };
export type PromptInteraction = {
  ref: string;
  /** The SOP paths the flagged answer stood on, first first. */
  sopsUsed: string[];
  customer: string;
  bot?: string;
  reason?: string;
  staffCorrection?: string;
};

const SOP = /<sop path="([^"]*)">\n([\s\S]*?)\n<\/sop>/g;
const INTERACTION = /<interaction ref="([^"]*)" sops_used="([^"]*)"[^>]*>\n([\s\S]*?)\n<\/interaction>/g;
const FIELD = /<untrusted_customer_text field="([a-z_]+)">\n([\s\S]*?)\n<\/untrusted_customer_text>/g;

function unescapeMarkup(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export function parseSops(text: string): PromptSop[] {
  return [...text.matchAll(SOP)].map((match) => ({
    path: unescapeMarkup(match[1] ?? ''),
    content: match[2] ?? '',
  }));
}

export function parseInteractions(text: string): PromptInteraction[] {
  return [...text.matchAll(INTERACTION)].map((match) => {
    const fields = new Map<string, string>();
    for (const field of (match[3] ?? '').matchAll(FIELD)) {
      fields.set(field[1] ?? '', unescapeMarkup(field[2] ?? ''));
    }
    const used = unescapeMarkup(match[2] ?? '');
    const interaction: PromptInteraction = {
      ref: match[1] ?? '',
      // "path v3 (Heading); path v1 (Other)"; a heading may hold "; ", so take each path by its version.
      sopsUsed: used === 'none' ? [] : [...used.matchAll(/(?:^|; )([^;]+?) v\d+ \(/g)].map((m) => m[1] ?? ''),
      customer: fields.get('customer_message') ?? '',
    };
    const bot = fields.get('assistant_answer');
    const reason = fields.get('why_unhelpful');
    const correction = fields.get('staff_correction');
    if (bot !== undefined) interaction.bot = bot;
    if (reason !== undefined) interaction.reason = reason;
    if (correction !== undefined) interaction.staffCorrection = correction;
    return interaction;
  });
}
