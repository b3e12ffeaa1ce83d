import { MAX_BOT_REPLY_LENGTH } from '../../../shared/sms.ts';
import { toSmsText } from './smsStyle.ts';

/**
 * An answer drafted without a model from the best-ranked SOP section: its example reply when it has
 * one, else its first sentences up to 320 characters. "Customers say:" lines are for search, not for
 * customers. It is only ever a draft: staff read (and usually reword) it before anything is sent.
 */
export function draftFromSection(sectionText: string): string {
  const example = /^\s*example reply\s*:\s*(.+)$/im.exec(sectionText)?.[1];
  if (example) return clip(toSmsText(example.replace(/^["“]|["”]$/g, '')).text);
  const usable = sectionText
    .split('\n')
    .filter((line) => !/^\s*(customers say|example reply)\s*:/i.test(line))
    .join('\n');
  return clip(toSmsText(usable).text.replace(/\n+/g, ' '));
}

/** Whole sentences up to the limit; a sentence ends at . ! or ? followed by a space, so "$12.50" stays whole. */
function clip(text: string): string {
  const sentences = text.split(/(?<=[.!?])\s+/);
  let reply = '';
  for (const sentence of sentences) {
    const next = reply ? `${reply} ${sentence}` : sentence;
    if (next.length > MAX_BOT_REPLY_LENGTH) break;
    reply = next;
  }
  return reply || text.slice(0, MAX_BOT_REPLY_LENGTH - 1).trimEnd();
}
