// The offline judge for history cases (a past helpful answer, a staff correction): there is no
// hand-written rubric, only the answer that was right. A candidate passes when it carries every key
// fact of that answer (the numbers, prices, times, links, emails and codes a customer acts on) and
// enough of its content words. Pure, so the fake models can answer a judge request by the same rule.

export type KeyFact = {
  kind: 'url' | 'email' | 'price' | 'time' | 'phone' | 'number' | 'code';
  value: string;
};
export type ReferenceVerdict = { pass: boolean; reasons: string[]; recall: number };

/** Share of the expected answer's content words the candidate must also use. */
export const DEFAULT_RECALL = 0.7;

const URL = /\b(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s)"'<>]*)?/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const PRICE = /\$\s?\d+(?:[.,]\d{1,2})?/g;
const TIME = /\b\d{1,2}(?::\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\b\d{1,2}:\d{2}\b/gi;
const PHONE = /\+?\d[\d .()-]{5,}\d/g;
// Redaction placeholders ([CODE_1]), SOP fact placeholders ({{facts.x}}) and codes such as A7K2.
const PLACEHOLDER = /\[(?:PHONE|EMAIL|NAME|CARD|CODE)_\d+\]|\{\{\s*[\w.]+\s*\}\}/g;
const CODE = /\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{4,}\b/g;
const NUMBER = /\d+(?:[.,]\d+)?/g;

/** The facts in `text` a customer would act on, normalised so "$45.00" meets "$45" and "4 PM" "4pm". */
export function keyFactsOf(text: string): KeyFact[] {
  return splitFacts(text).facts;
}

/** The key facts, and the text with them blanked out (what is left to compare word by word). */
function splitFacts(text: string): { facts: KeyFact[]; rest: string } {
  const facts = new Map<string, KeyFact>();
  let rest = text;
  const take = (pattern: RegExp, kind: KeyFact['kind'], normal: (value: string) => string) => {
    rest = rest.replace(pattern, (match) => {
      const value = normal(match);
      if (value) facts.set(`${kind}:${value}`, { kind, value });
      // Blanked so a later, looser pattern does not read the same characters again.
      return ' '.repeat(match.length);
    });
  };
  take(PLACEHOLDER, 'code', (value) => value.replace(/\s+/g, ''));
  take(EMAIL, 'email', (value) => value.toLowerCase());
  take(URL, 'url', normalUrl);
  take(PRICE, 'price', (value) => `$${value.replace(/[$\s]/g, '').replace(/[.,]00$/, '')}`);
  take(TIME, 'time', normalTime);
  take(PHONE, 'phone', (value) => {
    const digits = value.replace(/\D/g, '');
    return digits.length >= 7 ? digits.slice(-10) : '';
  });
  take(CODE, 'code', (value) => value);
  take(NUMBER, 'number', (value) => value.replace(',', '.'));
  return { facts: [...facts.values()], rest };
}

function normalUrl(value: string): string {
  const bare = value
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[.,;:!?]+$/, '')
    .replace(/\/$/, '');
  // "e.g" or "a.m" are not links: a link has a dot followed by a real top-level domain.
  return /\.[a-z]{2,}(?:\/|$)/.test(bare) ? bare : '';
}

function normalTime(value: string): string {
  const lower = value.toLowerCase().replace(/[\s.]/g, '');
  const match = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/.exec(lower);
  if (!match) return lower;
  const [, hour, minutes, half] = match;
  const clock = minutes && minutes !== '00' ? `${Number(hour)}:${minutes}` : String(Number(hour));
  return half ? `${clock}${half}` : `${Number(hour)}:${minutes ?? '00'}`;
}

const STOPWORDS = new Set(
  'a an the and or but if of to in on at by for with from into onto as is are was were be been being it its this that these those there here you your yours we our us they them their he she his her i me my can cant could would should will shall may might must do does did done have has had not no yes so just also very too than then when where which who whom how what why all any each some more most other such only own same about over under again once up down out off please thanks thank hi hello hey sorry'.split(
    ' ',
  ),
);

/** Lower-case content words, lightly stemmed ("bookings" meets "booking" meets "book"). */
export function contentWordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    words.add(stem(word));
  }
  return words;
}

function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/**
 * Judges `answer` against the answer that was right. Fails when the answer is empty, misses a key
 * fact of the expected one, quotes an unset fact, or shares less than `recall` of its content words.
 */
export function judgeAgainstReference(
  expected: string,
  answer: string,
  options: { recall?: number } = {},
): ReferenceVerdict {
  const threshold = options.recall ?? DEFAULT_RECALL;
  const reasons: string[] = [];
  if (answer.trim() === '') reasons.push('no answer');
  const wantedFacts = splitFacts(expected);
  const answeredFacts = splitFacts(answer);
  const answered = answeredFacts.facts;
  const have = new Set(answered.map((fact) => `${fact.kind}:${fact.value}`));
  const haveValues = new Set(answered.map((fact) => fact.value));
  for (const fact of wantedFacts.facts) {
    // A number may be written as part of something else ("24" in "24/7"); any kind with its value counts.
    const found =
      have.has(`${fact.kind}:${fact.value}`) || (fact.kind === 'number' && haveValues.has(fact.value));
    if (!found) reasons.push(`does not say ${describe(fact)}`);
  }
  // Words of links and emails are facts already, not vocabulary.
  const wanted = contentWordsOf(wantedFacts.rest);
  const used = contentWordsOf(answeredFacts.rest);
  const shared = [...wanted].filter((word) => used.has(word)).length;
  const recall = wanted.size === 0 ? 1 : shared / wanted.size;
  if (recall < threshold) {
    reasons.push(
      `shares ${Math.round(recall * 100)}% of the expected answer's words (needs ${Math.round(threshold * 100)}%)`,
    );
  }
  if (answer.toLowerCase().includes('[not set:')) reasons.push('quotes a fact that is not set');
  return { pass: reasons.length === 0, reasons, recall };
}

function describe(fact: KeyFact): string {
  return fact.kind === 'number' ? `the number ${fact.value}` : `the ${fact.kind} ${fact.value}`;
}
