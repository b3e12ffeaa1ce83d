import { recordAudit } from '../audit/record.ts';
import type { MessageRow } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';
import type { OpenPhoneError } from '../integrations/openphone/types.ts';
import { retryDelayMs } from './backoff.ts';
import { type MessagingContext, messagingActor } from './context.ts';
import { SEND_QUEUE, type SendJob, sendJobOptions } from './jobs.ts';
import { lockMessage, lockProviderMessageId, updateMessage } from './messageRepository.ts';
import { MESSAGE_UPDATED, publishMessage, publishThread } from './publish.ts';
import type { SendClaim } from './sendClaim.ts';
import type { SendOutcome } from './sendWorker.ts';
import { applyEarlierStatuses } from './statusEvents.ts';
import { fromProviderStatus, latest } from './statuses.ts';
import { findThread, updateThread } from './threadRepository.ts';
import { deadLetterAlert } from './wording.ts';

export type Accepted = { id: string; status: string; createdAt?: Date | undefined };

/** OpenPhone has the message (its reply, or a copy found by reconciling): record its id, once. */
export async function recordAccepted(
  ctx: MessagingContext,
  claim: SendClaim,
  accepted: Accepted,
  reconciled: boolean,
): Promise<SendOutcome> {
  return ctx.db.transaction(async (tx) => {
    await lockProviderMessageId(tx, accepted.id);
    const message = await lockMessage(tx, claim.messageId);
    if (!message) return { kind: 'skipped', reason: 'message vanished' };
    const status = latest([fromProviderStatus(accepted.status) ?? 'sending'], 'sending');
    const updated = await updateMessage(tx, message.id, {
      attempts: message.attempts + 1,
      providerMessageId: accepted.id,
      ...(accepted.createdAt ? { providerCreatedAt: accepted.createdAt, sortAt: accepted.createdAt } : {}),
      status,
      outcomeUnknown: false,
      leaseUntil: null,
      nextAttemptAt: null,
      lastError: null,
      sentAt: ctx.now(),
    });
    // Status webhooks that raced ahead of this reply were kept for this moment.
    await applyEarlierStatuses(tx, ctx, updated);
    await publishMessage(tx, MESSAGE_UPDATED, message.id);
    await publishThreadIfLast(tx, updated);
    return { kind: 'sent', providerMessageId: accepted.id, reconciled };
  });
}

/** A call failed: retry later with backoff (honouring Retry-After), or dead-letter after the last attempt. */
export async function recordFailure(
  ctx: MessagingContext,
  claim: SendClaim,
  error: OpenPhoneError,
  /** The failed call was the lookup before a resend: whether the earlier send went out is still unknown. */
  wasLookup: boolean,
): Promise<SendOutcome> {
  return ctx.db.transaction(async (tx) => {
    const message = await lockMessage(tx, claim.messageId);
    if (message?.leaseUntil?.getTime() !== claim.leaseUntil.getTime())
      return { kind: 'skipped', reason: 'lease lost' };
    const attempts = message.attempts + 1;
    const unknown = wasLookup || error.kind === 'unknown_outcome';
    const retryable =
      error.kind === 'rate_limited' || error.kind === 'unavailable' || error.kind === 'unknown_outcome';
    const reason = describeError(error, wasLookup);
    if (retryable && attempts < ctx.settings.outboxMaxAttempts) {
      const delayMs = retryDelayMs(attempts, ctx.outbox, error.retryAfterMs);
      await updateMessage(tx, message.id, {
        attempts,
        status: unknown ? 'sending' : 'queued',
        outcomeUnknown: unknown,
        leaseUntil: null,
        lastError: reason,
        nextAttemptAt: new Date(ctx.now().getTime() + delayMs),
      });
      const job: SendJob = { messageId: message.id };
      await ctx.jobs?.send(SEND_QUEUE, job, sendJobOptions(delayMs), tx);
      await publishMessage(tx, MESSAGE_UPDATED, message.id);
      return { kind: 'retrying', attempt: attempts, delayMs, error: reason };
    }
    await deadLetter(tx, ctx, message, { attempts, reason, outcomeUnknown: unknown });
    return { kind: 'dead_lettered', error: reason };
  });
}

/**
 * The outbox gives up: a visible failed state in the thread (which now needs a person), an audit
 * row and a Slack alert, all with the change. `threads.retrySend` can start it again.
 */
async function deadLetter(
  tx: Tx,
  ctx: MessagingContext,
  message: MessageRow,
  failure: { attempts: number; reason: string; outcomeUnknown: boolean },
) {
  const now = ctx.now();
  await updateMessage(tx, message.id, {
    attempts: failure.attempts,
    status: 'failed',
    outcomeUnknown: failure.outcomeUnknown,
    leaseUntil: null,
    nextAttemptAt: null,
    lastError: failure.reason,
    deadLetteredAt: now,
  });
  const where = await findThread(tx, message.threadId);
  if (!where) throw new Error(`thread ${message.threadId} vanished`);
  await updateThread(tx, message.threadId, {
    needsHumanSince: where.thread.needsHumanSince ?? now,
    updatedAt: now,
  });
  await recordAudit(tx, messagingActor, {
    action: 'message.dead_lettered',
    targetType: 'thread',
    targetId: message.threadId,
    facilityId: message.facilityId,
    after: { messageId: message.id, kind: message.kind, attempts: failure.attempts, error: failure.reason },
  });
  await publishMessage(tx, MESSAGE_UPDATED, message.id);
  await publishThread(tx, message.threadId);
  await ctx.alerts.notify(
    deadLetterAlert({
      facilityName: where.facility.name,
      customerNumber: where.thread.customerNumber,
      attempts: failure.attempts,
      error: failure.reason,
    }),
    tx,
  );
}

async function publishThreadIfLast(tx: Tx, message: MessageRow) {
  const where = await findThread(tx, message.threadId);
  if (where?.thread.lastMessageId === message.id) await publishThread(tx, message.threadId);
}

/** In words staff can act on; the client's message (no key, no customer number) as the detail. */
function describeError(error: OpenPhoneError, wasLookup: boolean): string {
  const detail = error.message;
  switch (error.kind) {
    case 'rate_limited':
      return `OpenPhone asked us to slow down (${detail})`;
    case 'unavailable':
      return wasLookup
        ? `Could not check with OpenPhone whether an earlier try went out (${detail})`
        : `OpenPhone was unavailable (${detail})`;
    case 'unknown_outcome':
      return `OpenPhone did not confirm the send; it may have gone out, so ClubOS checks before sending again (${detail})`;
    case 'unauthorized':
      return `OpenPhone refused ClubOS's API key (${detail})`;
    case 'rejected':
      return `OpenPhone refused the text (${detail})`;
    default: {
      const unreachable: never = error.kind;
      return `OpenPhone failed (${String(unreachable)}: ${detail})`;
    }
  }
}
