// Text normalisation shared by the emergency rules and the offline classifier. Customers text in a
// hurry: capitals, accents, stretched letters ("heeelp"), doubled or dropped letters ("bleding"),
// apostrophes typed or not. Everything is folded to one plain form before any matching.

/** Collapses a run of one repeated letter to a single letter: "bleeding" → "bleding", "heeelp" → "help". */
function squashLetters(text: string): string {
  return text.replace(/([a-z])\1+/g, '$1');
}

/**
 * Lower case, accents stripped, anything that is not a letter or digit turned into a space (so
 * "we're" → "we re" and "l'aide" → "l aide"), runs of spaces collapsed and repeated letters squashed.
 */
export function normalizeText(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return squashLetters(plain);
}

/**
 * Compiles a pattern written in ordinary spelling ("bleeding", "went off") so that it matches
 * normalised text: literal letter runs are squashed as the text is, but an escape such as `\b`
 * stays whole ("\bbleed" must not become "\bleed").
 */
export function compilePattern(source: string): RegExp {
  let out = '';
  let previous = '';
  for (let i = 0; i < source.length; i += 1) {
    const char = source.charAt(i);
    if (char === '\\') {
      out += source.slice(i, i + 2);
      previous = '';
      i += 1;
      continue;
    }
    if (/[a-z]/.test(char) && char === previous) continue;
    out += char;
    previous = char;
  }
  return new RegExp(out, 'g');
}

/**
 * Optimal string alignment distance (edits, with adjacent swaps counting as one), giving up once it
 * must exceed `max`: a typo check, not a general metric.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/**
 * Replaces each word within typo distance of a word in `vocabulary` by that word. Words must share
 * their first two letters (typos rarely hit the start, and it keeps "conscious" from becoming
 * "unconscious"); longer words tolerate two edits. `keep` lists real words that are near a
 * vocabulary word but mean something else ("blending" is not "bleeding").
 */
export function correctTypos(normalized: string, vocabulary: readonly string[], keep: ReadonlySet<string>) {
  return normalized
    .split(' ')
    .map((word) => {
      if (word.length < 6 || keep.has(word) || vocabulary.includes(word)) return word;
      const allowed = word.length >= 10 ? 2 : 1;
      const match = vocabulary.find(
        (candidate) =>
          candidate.slice(0, 2) === word.slice(0, 2) && editDistance(word, candidate, allowed) <= allowed,
      );
      return match ?? word;
    })
    .join(' ');
}

/**
 * A light stemmer for already normalised words: enough that "booked", "booking" and "books" meet at
 * "bok", and "closed"/"closing"/"close" at "clos". It only has to agree with itself, since the
 * vocabulary goes through it too.
 */
export function stemWord(word: string): string {
  let stem = word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ed', 's']) {
    // "donation" keeps its ending: "don" would meet "don t".
    const shortest = suffix.startsWith('ation') ? 4 : 3;
    if (stem.endsWith(suffix) && stem.length - suffix.length >= shortest) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  }
  if (stem.endsWith('e') && stem.length > 3) stem = stem.slice(0, -1);
  return stem;
}
