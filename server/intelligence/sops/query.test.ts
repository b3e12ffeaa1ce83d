import { describe, expect, it } from 'vitest';
import { searchTerms, toTsqueryText } from './query.ts';

describe('toTsqueryText', () => {
  it('ORs the words that matter', () => {
    expect(toTsqueryText('My door code is not working!!')).toBe('door | code | working');
  });

  it('strips every tsquery operator, so raw text can never reach to_tsquery', () => {
    const hostile = `a & b | !c <-> d:* 'e' (f) \\g "h" ; drop table sop_sections; --`;
    const text = toTsqueryText(hostile) ?? '';
    expect(text).toMatch(/^[a-z0-9]+( \| [a-z0-9]+)*$/);
    expect(text).toBe('drop | table | sop | sections');
  });

  it('is null when only stop words or punctuation are left', () => {
    expect(toTsqueryText('is it the?')).toBeNull();
    expect(toTsqueryText('???')).toBeNull();
    expect(toTsqueryText('')).toBeNull();
  });

  it('folds accents and case, drops duplicates, and bounds the number of terms', () => {
    expect(searchTerms('Café CAFE café')).toEqual(['cafe']);
    const essay = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    expect(searchTerms(essay)).toHaveLength(24);
    expect(searchTerms(`${'x'.repeat(41)} ok`)).toEqual(['ok']);
  });
});
