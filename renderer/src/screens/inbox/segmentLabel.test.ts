import { describe, expect, test } from 'vitest';
import { firstUcs2Character, segmentLabel } from './segmentLabel.ts';

describe('segmentLabel', () => {
  test('plain text counts GSM-7 characters left in the segment', () => {
    expect(segmentLabel('')).toEqual({ text: '0 segments · 160 left', tooLong: false, multiple: false });
    expect(segmentLabel('a'.repeat(113)).text).toBe('1 segment · 47 left');
    expect(segmentLabel('a'.repeat(160)).text).toBe('1 segment · 0 left');
  });

  test('past 160, segments of 153', () => {
    const label = segmentLabel('a'.repeat(161));
    expect(label.text).toBe('2 segments · 145 left');
    expect(label.multiple).toBe(true);
  });

  test('one emoji makes the whole text UCS-2 and says so', () => {
    expect(segmentLabel('See you at 7 ⛳').text).toBe('1 segment · 56 left (UCS-2: emoji)');
    const long = segmentLabel(`${'a'.repeat(70)}🙂`);
    expect(long.text).toBe('2 segments · 62 left (UCS-2: emoji)');
  });

  test('names the usual culprits pasted from other apps', () => {
    expect(segmentLabel('We’re open').text).toBe('1 segment · 60 left (UCS-2: curly quote ’)');
    expect(segmentLabel('Žiga').text).toBe('1 segment · 66 left (UCS-2: “Ž”)');
  });

  test('GSM-7 extension characters cost two and stay GSM-7', () => {
    expect(segmentLabel('€5').text).toBe('1 segment · 157 left');
  });

  test('over OpenPhone’s 1,600-character limit it says so and the box refuses', () => {
    expect(segmentLabel('a'.repeat(1601))).toEqual({
      text: 'Too long: 1,601 of 1,600 characters',
      tooLong: true,
      multiple: true,
    });
  });

  test('firstUcs2Character finds the first character GSM-7 cannot carry', () => {
    expect(firstUcs2Character('plain [text] {ok}')).toBeUndefined();
    expect(firstUcs2Character('a “quoted” 🙂')).toBe('“');
  });
});
