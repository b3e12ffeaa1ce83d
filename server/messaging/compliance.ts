// SMS keywords a business must honour (../shared/INTEGRATIONS.md, "SMS rules"). A whole message is
// classified, never a word inside it: "I can't stop slicing" or "can I cancel my booking?" are
// questions for staff, not revocations.

export type Keyword = 'opt_out' | 'opt_in' | 'help';

const OPT_OUT_WORDS = new Set([
  'stop',
  'stopall',
  'stop all',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'revoke',
  'optout',
  'opt out',
]);
const OPT_IN_WORDS = new Set(['start', 'unstop', 'yes']);
const HELP_WORDS = new Set(['help', 'info']);

// Politeness and emphasis around a keyword ("STOP please", "please unsubscribe me now").
const LEAD = String.raw`(?:(?:please|pls|plz|kindly|just|ok|okay|hey|hi)\s+)*`;
const TAIL = String.raw`(?:\s+(?:please|pls|plz|now|thanks|thank you|thx|ty|immediately|asap|already|anymore|any more|again|ever again))*`;
const US = '(?:me|us|this number|my number)';
const MESSAGES = '(?:texts?|txts?|messages?|msgs?|sms)';

// Plain wordings a reasonable person means as "stop texting me". Each is anchored to the whole message.
const OPT_OUT_PHRASES: RegExp[] = [
  // "stop texting me", "stop sending me texts", "quit messaging me", "stop all texts"
  String.raw`(?:stop|quit|cease)\s+(?:texting|txting|messaging|contacting|spamming)(?:\s+${US})?`,
  String.raw`(?:stop|quit|cease)\s+sending(?:\s+${US})?(?:\s+(?:any|these|your|all))?\s+${MESSAGES}`,
  String.raw`(?:stop|no more)\s+(?:all\s+|these\s+|your\s+)?${MESSAGES}`,
  // "don't text me", "do not message me again", "never text me"
  String.raw`(?:don'?t|dont|do not|never)\s+(?:text|txt|message|msg|contact|sms)\s+${US}`,
  // "unsubscribe me", "opt me out", "opt out of texts"
  String.raw`(?:unsubscribe|unsub)(?:\s+${US})?(?:\s+from\s+(?:this|these|your|all)(?:\s+(?:list|${MESSAGES}))?)?`,
  String.raw`opt\s+${US}\s+out`,
  String.raw`opt[\s-]?out(?:\s+of\s+(?:this|these|your|all)?\s*(?:list|${MESSAGES}))?`,
  // "remove me from your list", "take me off this list"
  String.raw`(?:remove|take)\s+${US}\s+(?:from|off)(?:\s+(?:your|this|the))?\s+(?:list|${MESSAGES}|texting list|mailing list)`,
].map((source) => new RegExp(`^${LEAD}${source}${TAIL}$`));

/** Lower case, straight quotes, single spaces, no punctuation or emoji at either end. */
function normaliseForKeywords(body: string): string {
  return body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** The keyword a whole inbound message amounts to, or null for an ordinary message. */
export function classifyKeyword(body: string): Keyword | null {
  const text = normaliseForKeywords(body);
  if (!text || text.length > 80) return null;
  const bare = text.replace(new RegExp(`^${LEAD}`), '').replace(new RegExp(`${TAIL}$`), '');
  if (OPT_OUT_WORDS.has(bare)) return 'opt_out';
  if (OPT_IN_WORDS.has(text)) return 'opt_in';
  if (HELP_WORDS.has(text)) return 'help';
  if (OPT_OUT_PHRASES.some((phrase) => phrase.test(text))) return 'opt_out';
  return null;
}
