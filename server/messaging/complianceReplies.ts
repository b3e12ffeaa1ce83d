import type { Tx } from '../db/types.ts';
import type { MessagingContext } from './context.ts';
import type { WebhookEnvelope } from './envelope.ts';
import { lockMessageByProviderId } from './messageRepository.ts';
import { enqueueSend, type OutboundKind } from './outbox.ts';
import { findThread } from './threadRepository.ts';
import { helpReply, optInConfirmation, optOutConfirmation } from './wording.ts';

/**
 * Answers what intake recorded for a keyword: the one opt-out confirmation, the opt-in confirmation,
 * or the HELP reply. The idempotency key is per inbound message, so a retried job queues nothing new.
 */
export async function replyToKeyword(
  tx: Tx,
  ctx: MessagingContext,
  envelope: WebhookEnvelope,
): Promise<string> {
  if (!envelope.object.id) return 'ignored: no message id';
  const message = await lockMessageByProviderId(tx, envelope.object.id);
  if (!message) return 'ignored: not for a facility number';
  if (!message.complianceAction) return 'received';
  const where = await findThread(tx, message.threadId);
  if (!where) throw new Error(`thread ${message.threadId} vanished`);
  const { facility, contact } = where;
  let kind: OutboundKind;
  let body: string;
  switch (message.complianceAction) {
    case 'opted_out':
      kind = 'opt_out_confirmation';
      body = optOutConfirmation(facility);
      break;
    case 'opted_in':
      kind = 'opt_in_confirmation';
      body = optInConfirmation(facility);
      break;
    case 'help':
      // No exception for HELP: an opted-out number gets nothing at all.
      if (contact.optedOutAt) return 'HELP not answered: the number has opted out';
      kind = 'help_reply';
      body = helpReply(facility);
      break;
    default: {
      const unreachable: never = message.complianceAction;
      throw new Error(`unknown compliance action ${String(unreachable)}`);
    }
  }
  await enqueueSend(tx, ctx, {
    threadId: message.threadId,
    body,
    kind,
    idempotencyKey: `${kind}:${message.id}`,
  });
  return `${message.complianceAction}: ${kind} queued`;
}
