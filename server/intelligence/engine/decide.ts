import type { AgentMode, AiRunState } from '../../db/schema/index.ts';
import { describeClaims, ungroundedClaims } from '../agents/grounding.ts';
import { leaksInstructions } from '../agents/safety.ts';
import { toSmsText } from '../agents/smsStyle.ts';
import { unsetPlaceholders } from '../facts.ts';
import type { Composed } from './compose.ts';

export type Decision = { state: AiRunState; body: string | null; reason: string | null };

/**
 * What happens to an answer. The guards only ever make it more cautious: any of them turns an
 * auto-send into a draft, and a reply that leaks the agent's instructions is thrown away.
 */
export function decide(input: {
  composed: Composed;
  reply: string;
  mode: AgentMode;
  injection: boolean;
  emergencyThread: boolean;
}): Decision {
  const { composed } = input;
  if (input.reply.trim() === '') {
    return {
      state: 'handed_off',
      body: null,
      reason: composed.handoffReason ?? composed.fallbackReason ?? 'No answer could be drafted.',
    };
  }
  if (leaksInstructions(input.reply, composed.instructions)) {
    return {
      state: 'handed_off',
      body: null,
      reason: "The model's answer repeated its instructions or something like a key, so it was thrown away.",
    };
  }
  const { text, tooLong } = toSmsText(input.reply);
  const holds: string[] = [];
  if (composed.source === 'offline')
    holds.push(composed.fallbackReason ?? 'Drafted from the SOPs without a model.');
  const claims = ungroundedClaims(text, composed.groundingContext);
  if (claims.length > 0)
    holds.push(`It states ${describeClaims(claims)} not found in the SOPs or facility facts.`);
  const unset = unsetPlaceholders(text);
  if (unset.length > 0) holds.push(`It quotes facts this facility has not set (${unset.join(', ')}).`);
  if (tooLong) holds.push(`It is ${text.length} characters; texts from the AI stay within 320.`);
  if (input.injection) holds.push("The customer's text reads like an attempt to instruct the AI.");
  if (composed.refusedToolCalls > 0) holds.push('The model tried to use a tool it was not allowed to.');
  if (input.emergencyThread) holds.push('This thread had an emergency: a person decides what is sent.');
  if (composed.handoff)
    holds.push(`The agent asked for a person: ${composed.handoffReason ?? 'no reason given'}.`);

  switch (input.mode) {
    case 'shadow':
      return { state: 'shadow', body: text, reason: ['Shadow mode: stored, not sent.', ...holds].join(' ') };
    case 'draft':
      return { state: 'draft', body: text, reason: ['Draft mode: waiting for staff.', ...holds].join(' ') };
    case 'auto':
      return holds.length > 0
        ? { state: 'draft', body: text, reason: holds.join(' ') }
        : { state: 'sent', body: text, reason: null };
    default: {
      const unreachable: never = input.mode;
      throw new Error(`unknown agent mode ${String(unreachable)}`);
    }
  }
}
