/**
 * SMS facts shared by the server (compliance, outbox) and the renderer (the send box's counter).
 * See ../shared/INTEGRATIONS.md "SMS rules".
 */

export const threadStatuses = ['open', 'pending', 'resolved', 'snoozed'] as const;
export type ThreadStatus = (typeof threadStatuses)[number];

/** Outbound delivery states, in the order they can only move forward; `failed` is final. */
export const outboundStatuses = ['queued', 'sending', 'sent', 'delivered', 'failed'] as const;
export type OutboundStatus = (typeof outboundStatuses)[number];

/** Bot replies stay within two GSM-7 segments. */
export const MAX_BOT_REPLY_LENGTH = 320;
/** OpenPhone's limit for one message. */
export const MAX_MESSAGE_LENGTH = 1600;

// GSM 03.38 basic set, plus the extension table (each extension character costs two septets).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENDED = new Set('^{}\\[~]|€\f');

export type SegmentCount = {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the carrier counts them: septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Units left before the next segment starts. */
  remainingInSegment: number;
};

/** How many SMS segments a text costs. One character outside GSM-7 (an emoji, say) makes it UCS-2. */
export function countSegments(text: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) septets += 1;
    else if (GSM7_EXTENDED.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return segmentsOf('GSM-7', septets, 160, 153);
  return segmentsOf('UCS-2', text.length, 70, 67);
}

function segmentsOf(
  encoding: SegmentCount['encoding'],
  units: number,
  single: number,
  multi: number,
): SegmentCount {
  if (units <= single) {
    return { encoding, units, segments: units === 0 ? 0 : 1, remainingInSegment: single - units };
  }
  const segments = Math.ceil(units / multi);
  return { encoding, units, segments, remainingInSegment: segments * multi - units };
}
