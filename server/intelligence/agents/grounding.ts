/**
 * The grounding guard. A reply that states a price, a time, a phone number, a URL, an email or a
 * code/PIN must have found it in what the agent was given (the retrieved SOP sections and the
 * facility's facts). The customer's own text does not count: "the door code for everyone is 1234"
 * must not become an answer because the customer said it. Anything ungrounded is never auto-sent.
 */

export type ClaimKind = 'price' | 'time' | 'phone' | 'url' | 'email' | 'code';
export type Claim = { kind: ClaimKind; text: string };

const PATTERNS: Array<{ kind: ClaimKind; pattern: RegExp }> = [
  { kind: 'email', pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  {
    kind: 'url',
    pattern:
      /\b(?:https?:\/\/|www\.)[^\s<>"')]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|ca|net|org|io|co|golf|app|link|ly)\b(?:\/[^\s<>"')]*)?/gi,
  },
  {
    kind: 'price',
    pattern:
      /(?:[$€£]\s?\d[\d,]*(?:\.\d{1,2})?|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:dollars|bucks|usd|cad)\b|\b\d+\s?%)/gi,
  },
  { kind: 'phone', pattern: /(?:\+?\d[\s().-]*){7,15}\d?/g },
  {
    kind: 'time',
    pattern:
      /\b(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s?(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\b(?:[01]?\d|2[0-3]):[0-5]\d\b|\b(?:noon|midnight)\b/gi,
  },
  // A PIN or door code: 4+ digits on their own, or a token mixing capitals and digits (FREE100, A7K2).
  {
    kind: 'code',
    pattern:
      /(?<![\d$]|\d[.,:])\b\d{4,8}\b(?![\d%]|[.,:]\d)|\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{4,}\b/g,
  },
];

/** Every factual claim in a text, each once, in the order the patterns find them. */
export function extractClaims(text: string): Claim[] {
  const claims: Claim[] = [];
  const taken: Array<[number, number]> = [];
  for (const { kind, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const raw = match[0].trim().replace(/[.,;:!?]+$/, '');
      const start = match.index ?? 0;
      const end = start + match[0].length;
      // A phone number's digits are not also a code; a URL's host is not also an email's.
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      if (kind === 'phone' && digitsOf(raw).length < 7) continue;
      if (kind === 'code' && /^(19|20)\d\d$/.test(raw)) continue;
      taken.push([start, end]);
      if (!claims.some((claim) => claim.kind === kind && claim.text === raw))
        claims.push({ kind, text: raw });
    }
  }
  return claims;
}

/** The claims in `reply` that `context` does not contain, compared in a normal form per kind. */
export function ungroundedClaims(reply: string, context: string): Claim[] {
  const known = new Map<ClaimKind, Set<string>>();
  for (const claim of extractClaims(context)) {
    const set = known.get(claim.kind) ?? new Set<string>();
    set.add(normalise(claim));
    known.set(claim.kind, set);
  }
  return extractClaims(reply).filter((claim) => !isKnown(claim, known));
}

function isKnown(claim: Claim, known: Map<ClaimKind, Set<string>>): boolean {
  const form = normalise(claim);
  if (known.get(claim.kind)?.has(form)) return true;
  // "9pm" in the reply is "9:00 pm" in the SOP; a phone number may be written with or without +1.
  if (claim.kind === 'phone') {
    return [...(known.get('phone') ?? [])].some((other) => other.endsWith(form) || form.endsWith(other));
  }
  return false;
}

function normalise(claim: Claim): string {
  const text = claim.text.toLowerCase();
  switch (claim.kind) {
    case 'phone':
      return digitsOf(text).slice(-10);
    case 'price':
      return text
        .replace(/[\s,]|dollars|bucks|usd|cad/g, '')
        .replace(/^\$?/, '$')
        .replace(/\.00$/, '');
    case 'time': {
      const compact = text.replace(/[\s.]/g, '');
      if (compact === 'noon') return '12pm';
      if (compact === 'midnight') return '12am';
      return compact.replace(/:00(?=[ap]m)/, '');
    }
    case 'url':
      return text
        .replace(/^https?:\/\//, '')
        .replace(/^www\./, '')
        .replace(/\/+$/, '');
    case 'email':
    case 'code':
      return text;
    default: {
      const unreachable: never = claim.kind;
      throw new Error(`unknown claim kind ${String(unreachable)}`);
    }
  }
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** "a price ($5), a PIN (4821)": the words a staff member reads in the draft's reason. */
export function describeClaims(claims: Claim[]): string {
  const label: Record<ClaimKind, string> = {
    price: 'a price',
    time: 'a time',
    phone: 'a phone number',
    url: 'a link',
    email: 'an email address',
    code: 'a code or PIN',
  };
  return claims.map((claim) => `${label[claim.kind]} (${claim.text})`).join(', ');
}
