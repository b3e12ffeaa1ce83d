import { countSegments, MAX_MESSAGE_LENGTH } from '../../../../shared/sms.ts';

export type SegmentLabel = {
  text: string;
  /** Past OpenPhone's limit for one message: the send box refuses it. */
  tooLong: boolean;
  /** Costs more than one segment: worth a second look before sending. */
  multiple: boolean;
};

/**
 * What the send box says as staff type: "1 segment · 47 left", and when one character makes the
 * whole text UCS-2 (an emoji, a curly quote), which one, since deleting it can halve the cost.
 */
export function segmentLabel(text: string): SegmentLabel {
  if (text.length > MAX_MESSAGE_LENGTH) {
    return {
      text: `Too long: ${text.length.toLocaleString('en-US')} of ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')} characters`,
      tooLong: true,
      multiple: true,
    };
  }
  const count = countSegments(text);
  const segments = `${count.segments} ${count.segments === 1 ? 'segment' : 'segments'}`;
  const base = `${segments} · ${count.remainingInSegment} left`;
  const culprit = count.encoding === 'UCS-2' ? firstUcs2Character(text) : undefined;
  return {
    text: culprit === undefined ? base : `${base} (UCS-2: ${describeCharacter(culprit)})`,
    tooLong: false,
    multiple: count.segments > 1,
  };
}

/** The first character that GSM-7 cannot carry. */
export function firstUcs2Character(text: string): string | undefined {
  for (const char of text) {
    if (countSegments(char).encoding === 'UCS-2') return char;
  }
  return undefined;
}

const namedCharacters: Record<string, string> = {
  '\u2018': 'curly quote ‘',
  '\u2019': 'curly quote ’',
  '\u201C': 'curly quote “',
  '\u201D': 'curly quote ”',
  '\u2013': 'en dash –',
  '\u2014': 'em dash —',
  '\u2026': 'ellipsis …',
  '\u00A0': 'non-breaking space',
};

function describeCharacter(char: string): string {
  if (/\p{Extended_Pictographic}/u.test(char)) return 'emoji';
  return namedCharacters[char] ?? `“${char}”`;
}
