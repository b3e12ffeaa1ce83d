// How the product puts retrieved SOP sections into a prompt, and how the fake OpenAI finds them again.
// One block per section:
//
//   <<SOP path="booking/door-access.md" section="PIN not working" version="1">>
//   …the section's markdown…
//   <<END SOP>>
//
// Attribute values escape `&` and `"` as HTML does; marker-like text inside a body (or in anything a
// customer wrote) is neutralised, so it can neither end a block early nor forge one.

export type SopSection = { path: string; section: string; version: string; body: string };

export const SOP_END = '<<END SOP>>';

const BLOCK = /<<SOP((?:\s+[a-z]+="[^"]*")*)\s*>>\r?\n?([\s\S]*?)\r?\n?<<END SOP>>/g;
const ATTRIBUTE = /([a-z]+)="([^"]*)"/g;
const MARKER_LIKE = /<<(?=\s*(?:END\s+)?SOP\b)/gi;

const escapeAttribute = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replace(/[\r\n]+/g, ' ');
const unescapeAttribute = (value: string) => value.replaceAll('&quot;', '"').replaceAll('&amp;', '&');

/** Breaks up `<<SOP` and `<<END SOP` in untrusted text, so it cannot pass for a marker. */
export function neutralizeSopMarkers(text: string): string {
  return text.replace(MARKER_LIKE, '< <');
}

export function formatSopSection(input: {
  path: string;
  section: string;
  version: string | number;
  body: string;
}): string {
  const attributes = `path="${escapeAttribute(input.path)}" section="${escapeAttribute(input.section)}" version="${escapeAttribute(String(input.version))}"`;
  return `<<SOP ${attributes}>>\n${neutralizeSopMarkers(input.body.trim())}\n${SOP_END}`;
}

export function parseSopSections(text: string): SopSection[] {
  const sections: SopSection[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const attributes = new Map<string, string>();
    for (const [, key, value] of (match[1] ?? '').matchAll(ATTRIBUTE)) {
      if (key && value !== undefined) attributes.set(key, unescapeAttribute(value));
    }
    sections.push({
      path: attributes.get('path') ?? '',
      section: attributes.get('section') ?? '',
      version: attributes.get('version') ?? '',
      body: match[2] ?? '',
    });
  }
  return sections;
}

/** The text with every SOP block taken out: what is left of a message that also carries sections. */
export function withoutSopSections(text: string): string {
  return text
    .replace(BLOCK, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
