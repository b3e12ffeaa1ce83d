import { MAX_BOT_REPLY_LENGTH } from '../../../shared/sms.ts';

export type SmsText = { text: string; tooLong: boolean };

/**
 * Models write markdown out of habit; a text message shows it as stray symbols. This turns a reply
 * into plain SMS text. A reply still over the limit is reported, not cut: a cut can change the
 * meaning, so the caller makes it a draft for staff instead.
 */
export function toSmsText(reply: string): SmsText {
  const text = reply
    .replace(/\r\n?/g, '\n')
    .replace(/```[\s\S]*?```/g, (block) => block.replace(/```\w*/g, ''))
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!\[([^\]]*)\]\(([^)]*)\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*(?:[-*+•]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,!?:;]|$)/gm, '$1$2')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
  return { text, tooLong: text.length > MAX_BOT_REPLY_LENGTH };
}
