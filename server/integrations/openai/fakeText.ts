// Plain-text helpers for the fake's demo brain: matching words, flattening markdown, trimming to
// whole sentences. Deliberately naive; they only need to be deterministic and good enough to demo.

const STOPWORDS = new Set(
  'the and for are but not you your with this that have has was were can cant could would should will what when where which who how why from into onto our out its just any all get got also too very than then them they their there here about over some more most such only own same off yes'.split(
    ' ',
  ),
);

/** Lowercase content words, lightly stemmed so "booking" meets "book" and "screens" meets "screen". */
export function contentWords(text: string): Set<string> {
  const found = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    found.add(stem(word));
  }
  return found;
}

function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** How many of `keywords` start a word in `text` ("book" counts in "booking"). */
export function keywordHits(text: string, keywords: readonly string[]): number {
  const lower = text.toLowerCase();
  return keywords.filter((keyword) => new RegExp(`\\b${escapeRegExp(keyword)}`).test(lower)).length;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Markdown as a customer would read it in a text: no headings, markup, links or list markers. */
export function markdownToText(markdown: string): string {
  const lines: string[] = [];
  for (const rawLine of markdown.replace(/```[\s\S]*?```/g, '').split(/\r?\n/)) {
    let line = rawLine.trim();
    if (!line || /^#{1,6}\s/.test(line) || /^([-*_]\s*){3,}$/.test(line) || /^\|?[\s:|-]+\|?$/.test(line))
      continue;
    const isItem = /^([-*+]|\d+[.)])\s+/.test(line);
    line = line
      .replace(/^>\s?/, '')
      .replace(/^([-*+]|\d+[.)])\s+/, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, '$1$2')
      .replace(/(^|\W)_(?!\s)(.+?)_(?!\w)/g, '$1$2')
      .replace(/~~(.+?)~~/g, '$1')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/\s*\|\s*/g, ' ')
      .trim();
    // List items read as sentences of their own once the markers are gone.
    if (line && isItem && !/[.!?:;]$/.test(line)) line += '.';
    if (line) lines.push(line);
  }
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

/** As many whole sentences as fit in `maxChars`; a first sentence that is too long is cut at a word. */
export function firstSentences(text: string, maxChars: number): string {
  const sentences = text.match(/[^.!?]+(?:[.!?]+|$)/g)?.map((sentence) => sentence.trim()) ?? [];
  let result = '';
  for (const sentence of sentences.filter(Boolean)) {
    const next = result ? `${result} ${sentence}` : sentence;
    if (next.length > maxChars) break;
    result = next;
  }
  if (result || !text.trim()) return result;
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
