/**
 * Customer text is data, never instructions. These checks do not depend on the model behaving: a
 * message that tries to instruct the assistant loses the agent its tools and can never be answered
 * automatically, and a reply that repeats the agent's instructions or a secret is thrown away.
 */

const INJECTION_PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompt|guidelines|polic(y|ies))\b/,
  /\bsystem\s*prompt\b|\bsystem\s*message\b|\bdeveloper\s*(mode|message)\b|\bjail\s*break/,
  /^\s*(system|assistant|developer)\s*:/m,
  /<\/?\s*(sop|system|instructions?|prompt)\s*>/,
  /\byou\s+are\s+now\b|\bmaintenance\s+mode\b|\bact\s+as\b|\bpretend\s+(to\s+be|you)\b/,
  /\b(your|the)\s+(instructions|configuration|prompt|rules)\b/,
  /\b(api|secret|access)\s*keys?\b|\bpasswords?\b|\btokens?\b.{0,20}\b(configured|use)\b/,
  /\bi\s+authori[sz]e\b|\bwithout\s+(review|approval)\b|\bapprove\s+(this|the)\b/,
  /\b(add|save|write|put)\b.{0,40}\b(sop|rules|policy|instructions|knowledge)\b/,
  /\b(next|this)\s+sop\s+update\b|\bdelete\s+the\b.{0,30}\bprocedures?\b/,
  /\brepeat\s+after\s+me\b/,
  // Customers never say "SOP"; talk of what the rules "should say" is an attempt to rewrite them.
  /\bsops?\b|\bnew\s+policy\b|\bshould\s+say\b|\b(correct|right|real)\s+answer\s+is\b/,
  /\benter\s+(your|the)\s+(card|credit\s+card)\b/,
  /\b(run|call|use|execute|trigger)\s+(the\s+)?\w*\s*(tool|function)\b|\bcustomer_confirmed\b|\b\w+_\w+\s*=\s*(true|false)\b/,
  /\b(ignore|oublie)[sz]?\s+(les|toutes)\b.{0,30}\binstructions\b/,
];

/** True when a customer's text reads as an attempt to instruct the assistant or change its rules. */
export function looksLikeInjection(text: string): boolean {
  const normal = text.normalize('NFKC').toLowerCase();
  return INJECTION_PATTERNS.some((pattern) => pattern.test(normal));
}

const SECRET_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{10,}/,
  /\b(OPENAI|ANTHROPIC|OPENPHONE|NINJAONE|SLACK)_[A-Z_]+\b/,
  /\bwhsec_[A-Za-z0-9+/=]{8,}/,
  /\bsystem\s*prompt\b|\bmy\s+instructions\b|\bi\s+was\s+(told|instructed|configured)\b/i,
];

const SHINGLE_WORDS = 7;

/**
 * True when a reply gives away the agent's instructions (any run of seven words from them) or
 * something shaped like a key. Seven words is long enough that SOP-style phrasing shared by chance
 * ("call 911 if anyone is hurt") is not mistaken for a leak, and short enough to catch a paraphrase
 * that copies a sentence.
 */
export function leaksInstructions(reply: string, instructions: string): boolean {
  if (SECRET_PATTERNS.some((pattern) => pattern.test(reply))) return true;
  const shingles = new Set(shinglesOf(instructions));
  return shinglesOf(reply).some((shingle) => shingles.has(shingle));
}

function shinglesOf(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const shingles: string[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i += 1) {
    shingles.push(words.slice(i, i + SHINGLE_WORDS).join(' '));
  }
  return shingles;
}
