// A customer's words become a tsquery here. Raw text never reaches to_tsquery: its operators (& | ! <->
// : * quotes and parentheses) would be a syntax error at best. Only [a-z0-9] words survive, joined
// with `|` so any word can match and ts_rank_cd decides which section matches best.

// PostgreSQL's english.stop list, so a query of only these words falls back without a round trip.
const STOP_WORDS = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
  hers herself it its itself they them their theirs themselves what which who whom this that these
  those am is are was were be been being have has had having do does did doing a an the and but if
  or because as until while of at by for with about against between into through during before after
  above below to from up down in out on off over under again further then once here there when where
  why how all any both each few more most other some such no nor not only own same so than too very s
  t can will just don should now`.split(/\s+/),
);

// A text message is short; a pasted essay should not become a query with hundreds of terms.
const MAX_TERMS = 24;
const MAX_TERM_LENGTH = 40;

/** The words of a query worth searching for, lower-cased and de-duplicated, in order. */
export function searchTerms(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // Split like to_tsvector does ("can't" is "can" + "t", both stop words).
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && word.length <= MAX_TERM_LENGTH && !STOP_WORDS.has(word));
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** The text for `to_tsquery('english', …)`, or null when nothing is left to search for. */
export function toTsqueryText(text: string): string | null {
  const terms = searchTerms(text);
  return terms.length === 0 ? null : terms.join(' | ');
}
