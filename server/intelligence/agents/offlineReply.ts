import { MAX_BOT_REPLY_LENGTH } from '../../../shared/sms.ts';
import { toSmsText } from './smsStyle.ts';

/**
 * An answer drafted without a model: the best-ranked SOP section's first sentences, up to 320
 * characters. "Customers say:" lines and example replies are for search and writers, not customers.
 * It is only ever a draft: staff read it before anything is sent.
 */
export function draftFromSection(sectionText: string): string {
  const usable = sectionText
    .split('\n')
    .filter((line) => !/^\s*(customers say|example reply)\s*:/i.test(line))
    .join('\n');
  const plain = toSmsText(usable).text.replace(/\n+/g, ' ');
  const sentences = plain.match(/[^.!?]+[.!?]+(\s|$)|[^.!?]+$/g) ?? [plain];
  let reply = '';
  for (const sentence of sentences) {
    const next = `${reply}${sentence.trim()} `;
    if (next.trim().length > MAX_BOT_REPLY_LENGTH) break;
    reply = next;
  }
  return reply.trim() || plain.slice(0, MAX_BOT_REPLY_LENGTH - 1).trimEnd();
}
