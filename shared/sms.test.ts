import { describe, expect, it } from 'vitest';
import { countSegments } from './sms.ts';

describe('countSegments', () => {
  it('fits 160 GSM-7 characters in one segment and 153 per segment after that', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({
      encoding: 'GSM-7',
      segments: 1,
      remainingInSegment: 0,
    });
    expect(countSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(countSegments('a'.repeat(306))).toMatchObject({ segments: 2, remainingInSegment: 0 });
    expect(countSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts GSM-7 extension characters as two', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });

  it('switches the whole message to UCS-2 for one emoji: 70, then 67 per segment', () => {
    const text = `${'a'.repeat(68)}⛳`;
    expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', units: 69, segments: 1 });
    expect(countSegments(`${'a'.repeat(70)}⛳`)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    // A surrogate pair costs two UCS-2 units.
    expect(countSegments('🏌️').units).toBeGreaterThanOrEqual(2);
  });

  it('costs nothing when empty', () => {
    expect(countSegments('')).toMatchObject({ segments: 0, units: 0 });
  });
});
