// How the SOP analysis puts SOP files and interactions into its prompt, and how the fake Anthropic
// finds them again. One block each:
//
//   <<SOP_FILE path="booking/door-access.md">>
//   …the file's markdown…
//   <<END SOP_FILE>>
//
//   <<INTERACTION id="int_42">>
//   Customer: …
//   Bot: …
//   Staff correction: …
//   <<END INTERACTION>>
//
// Marker-like text inside a body (a customer can write anything) is broken up, so it can neither end
// a block early nor forge one.

export type PromptSopFile = { path: string; content: string };
export type PromptInteraction = { id: string; customer: string; bot?: string; staffCorrection?: string };

const MARKER_LIKE = /<<(?=\s*(?:END\s+)?(?:SOP_FILE|INTERACTION)\b)/gi;
const SOP_FILE = /<<SOP_FILE path="([^"]*)">>\n([\s\S]*?)\n?<<END SOP_FILE>>/g;
const INTERACTION = /<<INTERACTION id="([^"]*)">>\n([\s\S]*?)\n?<<END INTERACTION>>/g;

const neutralize = (text: string) => text.replace(MARKER_LIKE, '< <');
const attribute = (value: string) => value.replaceAll('"', "'").replace(/[\r\n]+/g, ' ');
/** One line per field, so a multi-line message cannot start a field of its own. */
const oneLine = (text: string) =>
  neutralize(text)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();

export function formatSopFile(file: PromptSopFile): string {
  return `<<SOP_FILE path="${attribute(file.path)}">>\n${neutralize(file.content.trimEnd())}\n<<END SOP_FILE>>`;
}

export function formatInteraction(interaction: PromptInteraction): string {
  const lines = [`Customer: ${oneLine(interaction.customer)}`];
  if (interaction.bot !== undefined) lines.push(`Bot: ${oneLine(interaction.bot)}`);
  if (interaction.staffCorrection !== undefined) {
    lines.push(`Staff correction: ${oneLine(interaction.staffCorrection)}`);
  }
  return `<<INTERACTION id="${attribute(interaction.id)}">>\n${lines.join('\n')}\n<<END INTERACTION>>`;
}

export function parseSopFiles(text: string): PromptSopFile[] {
  return [...text.matchAll(SOP_FILE)].map((match) => ({ path: match[1] ?? '', content: match[2] ?? '' }));
}

export function parseInteractions(text: string): PromptInteraction[] {
  return [...text.matchAll(INTERACTION)].map((match) => {
    const fields = new Map<string, string>();
    for (const line of (match[2] ?? '').split('\n')) {
      const field = /^(Customer|Bot|Staff correction): (.*)$/.exec(line);
      if (field?.[1] && field[2] !== undefined) fields.set(field[1], field[2]);
    }
    const interaction: PromptInteraction = { id: match[1] ?? '', customer: fields.get('Customer') ?? '' };
    const bot = fields.get('Bot');
    const correction = fields.get('Staff correction');
    if (bot !== undefined) interaction.bot = bot;
    if (correction !== undefined) interaction.staffCorrection = correction;
    return interaction;
  });
}
