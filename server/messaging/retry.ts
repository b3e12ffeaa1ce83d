import type { MessageView } from '../../shared/threads.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuditContext } from '../audit/types.ts';
import { DomainError, notFound } from '../errors.ts';
import type { MessagingContext } from './context.ts';
import { SEND_QUEUE, type SendJob, sendJobOptions } from './jobs.ts';
import { findMessage, lockMessage, updateMessage } from './messageRepository.ts';
import { type OutboundKind, refusalReason } from './outbox.ts';
import { MESSAGE_UPDATED, publishMessage } from './publish.ts';
import { findThread } from './threadRepository.ts';
import { messageView } from './views.ts';

/**
 * The one-click retry of a dead-lettered message: a fresh set of attempts for the same row. If its
 * last attempt's outcome was unknown, that stays known to the worker, which looks before sending.
 */
export async function retrySend(
  ctx: MessagingContext,
  messageId: string,
  audit: AuditContext,
): Promise<MessageView> {
  const jobs = ctx.jobs;
  if (!jobs) throw new Error('retrying a text needs the job queue');
  await ctx.db.transaction(async (tx) => {
    const message = await lockMessage(tx, messageId);
    if (message?.direction !== 'outbound') throw notFound('Message');
    if (!message.deadLetteredAt) {
      throw new DomainError(
        'conflict',
        'Only a text that failed to send can be retried; this one is not failed.',
      );
    }
    const where = await findThread(tx, message.threadId);
    if (!where) throw notFound('Thread');
    const refusal = refusalReason(where.contact, message.kind as OutboundKind, where.facility.timezone);
    if (refusal) throw new DomainError('precondition_failed', refusal);
    await updateMessage(tx, message.id, {
      status: message.outcomeUnknown ? 'sending' : 'queued',
      attempts: 0,
      deadLetteredAt: null,
      lastError: null,
      nextAttemptAt: null,
      leaseUntil: null,
    });
    const job: SendJob = { messageId };
    await jobs.send(SEND_QUEUE, job, sendJobOptions(0), tx);
    await recordAudit(tx, audit, {
      action: 'message.retry_requested',
      targetType: 'thread',
      targetId: message.threadId,
      facilityId: message.facilityId,
      after: { messageId, previousAttempts: message.attempts, previousError: message.lastError },
    });
    await publishMessage(tx, MESSAGE_UPDATED, message.id);
  });
  const row = await findMessage(ctx.db, messageId);
  if (!row) throw notFound('Message');
  return messageView(row);
}
