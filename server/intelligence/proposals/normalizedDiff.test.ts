import { describe, expect, it } from 'vitest';
import { isDuplicate, normalizedDiffKey } from './normalizedDiff.ts';

const current =
  '# Door access\n\n## Door code\n\n1. The code comes by text.\n2. If it fails, hand off to staff.\n';
const edited = current.replace('2. If it fails', '2. If it fails twice');

describe('normalizedDiffKey', () => {
  it('is a sha256 hex that stays the same for the same edit', () => {
    const key = normalizedDiffKey(current, edited);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(normalizedDiffKey(current, edited)).toBe(key);
  });

  it('ignores line endings, spacing, case, punctuation and blank lines', () => {
    const key = normalizedDiffKey(current, edited);
    const respaced = `${edited.replace(/\n/g, '\r\n').replace('If it fails twice,', '  if  IT fails   twice ')}\r\n\r\n`;
    expect(normalizedDiffKey(current, respaced)).toBe(key);
    // The current text written differently is not a change either.
    expect(normalizedDiffKey(current.replace(/\n/g, '\r\n'), edited)).toBe(key);
  });

  it('tells different edits apart, including the same lines in another order', () => {
    const one = `${current}3. Text staff.\n4. Wait outside.\n`;
    const swapped = `${current}4. Wait outside.\n3. Text staff.\n`;
    const keys = [
      normalizedDiffKey(current, edited),
      normalizedDiffKey(current, current.replace('2. If it fails', '2. If it fails once')),
      normalizedDiffKey(current, one),
      normalizedDiffKey(current, swapped),
      // Adding a line and removing it are different changes.
      normalizedDiffKey(`${current}3. Text staff.\n`, current),
      normalizedDiffKey(current, `${current}3. Text staff.\n`),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('treats a new file as a change from nothing', () => {
    expect(normalizedDiffKey(null, current)).toBe(normalizedDiffKey('', current));
  });
});

describe('isDuplicate', () => {
  it('matches a key among the recent ones only', () => {
    const key = normalizedDiffKey(current, edited);
    expect(isDuplicate(key, ['a'.repeat(64), key])).toBe(true);
    expect(isDuplicate(key, [normalizedDiffKey(current, `${current}3. Text staff.\n`)])).toBe(false);
    expect(isDuplicate(key, [])).toBe(false);
  });
});
