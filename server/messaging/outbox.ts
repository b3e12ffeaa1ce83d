import type { MessageKind } from '../../shared/threads.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuditContext } from '../audit/types.ts';
import type { ContactRow, MessageRow } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';
import { DomainError, notFound } from '../errors.ts';
import type { MessagingContext } from './context.ts';
import { SEND_QUEUE, type SendJob, sendJobOptions } from './jobs.ts';
import { findMessageByKey, insertMessage } from './messageRepository.ts';
import { MESSAGE_CREATED, publishMessage, publishThread } from './publish.ts';
import { nextSendTime } from './quietHours.ts';
import { messagingSettings } from './settings.ts';
import { lockThread, type ThreadChanges, updateThread } from './threadRepository.ts';
import { shortDate } from './wording.ts';

// The one way anything leaves: staff replies, AI replies, auto-texts and compliance replies all
// become an outbound message row plus its send job, written in the caller's transaction.

export type OutboundKind = Exclude<MessageKind, 'customer'>;

/** Business-initiated texts wait for the facility's daytime window; replies to the customer do not. */
export function isBusinessInitiated(kind: OutboundKind): boolean {
  switch (kind) {
    case 'missed_call':
      return true;
    case 'staff':
    case 'ai':
    case 'opt_out_confirmation':
    case 'opt_in_confirmation':
    case 'help_reply':
    case 'emergency_reply':
      return false;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown message kind ${String(unreachable)}`);
    }
  }
}

/**
 * Why nothing may be sent to this contact, or null. The one message an opted-out number still gets is
 * the confirmation of that opt-out.
 */
export function refusalReason(contact: ContactRow, kind: OutboundKind, timeZone: string): string | null {
  if (!contact.optedOutAt || kind === 'opt_out_confirmation') return null;
  return (
    `Not sent: ${contact.phone} opted out of texts on ${shortDate(contact.optedOutAt, timeZone)} ` +
    '(they replied STOP). Nothing can be sent to them until they text START.'
  );
}

export type OutboundRequest = {
  threadId: string;
  body: string;
  kind: OutboundKind;
  /** The same key again returns the same message: a double click or a retried job sends once. */
  idempotencyKey: string;
  sentByUserId?: string | null;
  /** Who asked, for the audit row (staff sends). Written before the live events: one lock order. */
  audit?: AuditContext;
};

export async function enqueueSend(
  tx: Tx,
  ctx: MessagingContext,
  request: OutboundRequest,
): Promise<{ message: MessageRow; created: boolean }> {
  const jobs = ctx.jobs;
  if (!jobs) throw new Error('sending a text needs the job queue');
  const existing = await findMessageByKey(tx, request.idempotencyKey);
  if (existing) return { message: sameRequest(existing, request), created: false };

  const locked = await lockThread(tx, request.threadId);
  if (!locked) throw notFound('Thread');
  const { thread, contact, facility } = locked;
  const refusal = refusalReason(contact, request.kind, facility.timezone);
  if (refusal) {
    throw new DomainError('precondition_failed', refusal, { optedOutAt: contact.optedOutAt?.toISOString() });
  }
  const now = ctx.now();
  const due = isBusinessInitiated(request.kind)
    ? nextSendTime(now, facility.timezone, messagingSettings(facility).sendWindow)
    : now;
  const message = await insertMessage(tx, {
    threadId: thread.id,
    facilityId: thread.facilityId,
    direction: 'outbound',
    kind: request.kind,
    body: request.body,
    status: 'queued',
    sentByUserId: request.sentByUserId ?? null,
    idempotencyKey: request.idempotencyKey,
    sortAt: now,
    nextAttemptAt: due > now ? due : null,
    createdAt: now,
  });
  if (!message) {
    // Taken by a concurrent request with the same key, which committed while we waited for the lock.
    const raced = await findMessageByKey(tx, request.idempotencyKey);
    if (!raced) throw new Error('idempotency key conflict without a message');
    return { message: sameRequest(raced, request), created: false };
  }

  const changes: ThreadChanges = { lastMessageId: message.id, lastActivityAt: now, updatedAt: now };
  // A reply from a person or the AI answers whoever was waiting.
  if (request.kind === 'staff' || request.kind === 'ai') changes.needsHumanSince = null;
  if (request.kind === 'staff') {
    // A staff member who replies takes over: the AI stays out for a while (never shortened).
    const until = new Date(now.getTime() + ctx.settings.aiPauseMs);
    changes.aiPausedUntil =
      thread.aiPausedUntil && thread.aiPausedUntil > until ? thread.aiPausedUntil : until;
  }
  await updateThread(tx, thread.id, changes);
  const job: SendJob = { messageId: message.id };
  await jobs.send(SEND_QUEUE, job, sendJobOptions(due.getTime() - now.getTime()), tx);
  // Audit before events, everywhere: both take a global lock, and one order avoids deadlocks.
  if (request.audit) {
    await recordAudit(tx, request.audit, {
      action: 'thread.message.queued',
      targetType: 'thread',
      targetId: thread.id,
      facilityId: thread.facilityId,
      after: { messageId: message.id, kind: message.kind, length: message.body.length },
    });
  }
  await publishMessage(tx, MESSAGE_CREATED, message.id);
  await publishThread(tx, thread.id);
  return { message, created: true };
}

/** A repeated request must be the same request; a reused key with other content is a client bug. */
function sameRequest(existing: MessageRow, request: OutboundRequest): MessageRow {
  if (
    existing.threadId !== request.threadId ||
    existing.body !== request.body ||
    existing.kind !== request.kind
  ) {
    throw new DomainError('conflict', 'This send id was already used for a different message; try again.');
  }
  return existing;
}
