/**
 * PII redaction for anything sent to the model when proposing SOP changes. Customer texts go out
 * with phone numbers, emails, names, card numbers and door codes replaced by placeholders such as
 * [PHONE_1]. The egress scan runs the same detectors afresh on the final prompt, so a bug in how the
 * redactor applied them (or a path that skipped it) is caught before any byte leaves. When a
 * number's meaning is unclear the detectors redact it: privacy wins over a readable prompt.
 */

export type PiiKind = 'phone' | 'email' | 'name' | 'card' | 'code';
export type KnownPii = { names: string[]; phones?: string[] };
export type PiiSpan = { kind: PiiKind; start: number; end: number; value: string };
export type Redaction = { text: string; found: Array<{ kind: PiiKind; placeholder: string }> };

const PLACEHOLDER = /\[(?:PHONE|EMAIL|NAME|CARD|CODE)_\d+\]/g;

// Placeholders carry digits ([CODE_1234] in a big batch); masking them with a symbol keeps every
// other position unchanged and cannot glue onto a neighbouring word or number.
function maskPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER, (placeholder) => '■'.repeat(placeholder.length));
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// International numbers start with +; they run up to 15 digits, which would otherwise read as a card.
const PHONE_INTL = /\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}(?![\d])/g;
// 13 to 19 digits, optionally grouped by single spaces or dashes: every card layout (4-4-4-4, 4-6-5).
const CARD = /(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)/g;
// North American and local numbers: (902) 555-0142, 902.555.0142, 9025550142, 555-0142.
const PHONE = /(?<![\w+$])\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,5}\)?){1,5}(?![\w])/g;
// A code named as one: "code is 4821", "PIN: 0042", "door code A7K2". The gap may not cross a
// sentence or another number, so "door on bay 3" is not a code.
const NAMED_CODE =
  /\b(?:codes?|pins?|passcodes?|passwords?|doors?|access|gates?|lock(?:box)?|combo|combination|keypad)\b[^\n.!?\d]{0,15}?(?<![\w$])(#?(?:\d{3,8}|(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{4,12}))(?!\w)/gi;
const HASH_CODE = /#\d{3,8}\b/g;
// Any other run of 4 to 8 digits, but not a price ($1500), a time (19:30) or a decimal.
const BARE_CODE = /(?<![\d$.,:]|\d[.,:])\b\d{4,8}\b(?![\d%]|[.,:]\d)/g;
// Promo and access codes written as capitals and digits: FREE100, A7K2.
const MIXED_CODE = /\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{4,}\b/g;

const YEAR = /^(?:19|20)\d\d$/;
const TIME = /^\d{1,2}(?::\d\d)?\s?[ap]\.?m\.?$/i;
const ISO_DATE = /^\d{4}-\d\d-\d\d$/;

/** Every PII span in `text`, without overlaps, in text order. Placeholders must be masked first. */
export function detectPii(text: string, known: KnownPii): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const add = (kind: PiiKind, start: number, end: number) => {
    if (spans.some((span) => start < span.end && end > span.start)) return;
    spans.push({ kind, start, end, value: text.slice(start, end) });
  };
  const each = (pattern: RegExp, keep: (value: string) => boolean, kind: PiiKind, group = 0) => {
    for (const match of text.matchAll(pattern)) {
      const value = match[group];
      if (value === undefined || !keep(value)) continue;
      const start = (match.index ?? 0) + match[0].lastIndexOf(value);
      add(kind, start, start + value.length);
    }
  };

  each(EMAIL, () => true, 'email');
  each(PHONE_INTL, (value) => digitsOf(value).length >= 7, 'phone');
  for (const phone of known.phones ?? []) {
    const digits = digitsOf(phone).slice(-10);
    // A contact's own number, however it is split up ("902 5550 142").
    if (digits.length >= 7) each(new RegExp(digits.split('').join('[^\\w]{0,3}'), 'g'), () => true, 'phone');
  }
  each(CARD, () => true, 'card');
  each(PHONE, (value) => digitsOf(value).length >= 7 && !ISO_DATE.test(value), 'phone');
  each(NAMED_CODE, (value) => !TIME.test(value), 'code', 1);
  each(HASH_CODE, () => true, 'code');
  each(BARE_CODE, (value) => !YEAR.test(value), 'code');
  each(MIXED_CODE, (value) => !TIME.test(value), 'code');
  for (const [start, end] of knownNameSpans(text, known.names)) add('name', start, end);
  for (const [start, end] of introducedNameSpans(text)) add('name', start, end);
  return spans.sort((a, b) => a.start - b.start);
}

/** Lower case with accents removed, and where each folded character came from in the original. */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const plain = foldWord(char);
    for (let i = 0; i < plain.length; i += 1) origin.push(index);
    folded += plain;
    index += char.length;
  }
  origin.push(text.length);
  return { folded, origin };
}

function foldWord(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

// Names that are also everyday words ("Will", "May", "Bay"): matched only when written with a capital,
// so a contact called Will does not turn every "will" into a placeholder.
const COMMON_WORDS = new Set(
  'will may june april august bay golf mark rose grace hope faith joy bill pat sue art don guy rich jack dawn summer penny chase frank miles max sky river hunter page ray drew'.split(
    ' ',
  ),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function knownNameSpans(text: string, names: string[]): Array<[number, number]> {
  const forms = new Set<string>();
  for (const name of names) {
    const parts = foldWord(name).split(/\s+/).filter(Boolean);
    if (parts.length > 1) forms.add(parts.map(escapeRegExp).join('\\s+'));
    for (const part of parts) if (part.length >= 2) forms.add(escapeRegExp(part));
  }
  if (forms.size === 0) return [];
  // Longest first, so "Mary Smith" is one name rather than two.
  const alternatives = [...forms].sort((a, b) => b.length - a.length).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'gu');
  const { folded, origin } = fold(text);
  const spans: Array<[number, number]> = [];
  for (const match of folded.matchAll(pattern)) {
    const start = origin[match.index ?? 0] ?? 0;
    const end = origin[(match.index ?? 0) + match[0].length] ?? text.length;
    const firstLetter = text.slice(start, start + 1);
    if (COMMON_WORDS.has(match[0]) && firstLetter === firstLetter.toLowerCase()) continue;
    spans.push([start, end]);
  }
  return spans;
}

// "my name is Dana", "this is Dana Smith", "I'm Dana", "Thanks, Dana": names of people who are not
// (yet) contacts. Only capitalised words count, and not the ones that usually follow "I'm" or "this is".
const INTRODUCTION =
  /\b(?:my\s+name\s+is|my\s+name['’]s|this\s+is|i['’]m|i\s+am|it['’]s)\s+([\p{L}'’-]+(?:\s+[\p{L}'’-]+){0,2})/giu;
const SIGN_OFF = /\b(?:thanks|thank\s+you|cheers|regards|thx)[,!.]*\s+([\p{L}'’-]+)\s*$/gimu;
const NOT_NAMES = new Set(
  'a an the at in on not still so just here there locked outside stuck trying going sorry really very waiting getting looking ready done good fine ok okay booked unable having it what why how urgent bay and but from with your my our this that all also again back'.split(
    ' ',
  ),
);

function introducedNameSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const pattern of [INTRODUCTION, SIGN_OFF]) {
    for (const match of text.matchAll(pattern)) {
      const words = match[1] ?? '';
      let length = 0;
      for (const word of words.split(/(?=\s)/)) {
        const bare = word.trim();
        if (!/^\p{Lu}/u.test(bare) || NOT_NAMES.has(bare.toLowerCase())) break;
        length += word.length;
      }
      if (length === 0) continue;
      const start = (match.index ?? 0) + match[0].length - words.length;
      spans.push([start, start + length]);
    }
  }
  return spans;
}

/** The same value keeps its placeholder wherever it appears, so the form is per kind. */
function normalForm(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'phone':
      return digitsOf(value).slice(-10);
    case 'card':
      return digitsOf(value);
    case 'email':
      return value.toLowerCase();
    case 'name':
      return foldWord(value).replace(/\s+/g, ' ');
    case 'code':
      return value.replace(/^#/, '').toUpperCase();
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown PII kind ${String(unreachable)}`);
    }
  }
}

/** Redacts texts with numbering shared across them: one batch of interactions, one Redactor. */
export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly counts = new Map<PiiKind, number>();

  constructor(private readonly known: KnownPii) {}

  redact(text: string): Redaction {
    const found: Redaction['found'] = [];
    let current = text;
    // A second pass catches what only shows once its neighbour is gone; three is plenty.
    for (let pass = 0; pass < 3; pass += 1) {
      const spans = detectPii(maskPlaceholders(current), this.known);
      if (spans.length === 0) break;
      // Numbered in reading order, replaced from the end so earlier positions stay valid.
      const named = spans.map((span) => ({ span, placeholder: this.placeholderFor(span) }));
      for (const { span, placeholder } of named) found.push({ kind: span.kind, placeholder });
      for (const { span, placeholder } of named.reverse()) {
        current = current.slice(0, span.start) + placeholder + current.slice(span.end);
      }
    }
    return { text: current, found };
  }

  private placeholderFor(span: PiiSpan): string {
    const key = `${span.kind}:${normalForm(span.kind, span.value)}`;
    const existing = this.placeholders.get(key);
    if (existing) return existing;
    const count = (this.counts.get(span.kind) ?? 0) + 1;
    this.counts.set(span.kind, count);
    const placeholder = `[${span.kind.toUpperCase()}_${count}]`;
    this.placeholders.set(key, placeholder);
    return placeholder;
  }
}

/** One text on its own; use a Redactor when several texts should share placeholders. */
export function redactPii(text: string, known: KnownPii): Redaction {
  return new Redactor(known).redact(text);
}

export type EgressScan = { ok: true } | { ok: false; problems: string[] };

/**
 * The last check before a prompt leaves. It trusts nothing the redactor did: it runs the detectors
 * again on the exact text to be sent. Problems name the kind and position, never the value, so the
 * refusal itself can be logged.
 */
export function egressScan(prompt: string, known: KnownPii): EgressScan {
  const spans = detectPii(maskPlaceholders(prompt), known);
  if (spans.length === 0) return { ok: true };
  return { ok: false, problems: spans.map((span) => `${span.kind} at character ${span.start}`) };
}

export class EgressRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(`Refused to send the prompt: personal data remains (${problems.join(', ')})`);
    this.name = 'EgressRefusedError';
  }
}
