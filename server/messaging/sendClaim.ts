import type { MessageStatus } from '../../shared/threads.ts';
import type { MessagingContext } from './context.ts';
import { SEND_QUEUE, type SendJob, sendJobOptions } from './jobs.ts';
import { lockMessage, updateMessage } from './messageRepository.ts';
import { isBusinessInitiated, type OutboundKind, refusalReason } from './outbox.ts';
import { MESSAGE_UPDATED, publishMessage, publishThread } from './publish.ts';
import { nextSendTime } from './quietHours.ts';
import type { SendOutcome } from './sendWorker.ts';
import { messagingSettings } from './settings.ts';
import { findThread, updateThread } from './threadRepository.ts';

export type SendClaim = {
  messageId: string;
  /** The facility's OpenPhone number id, or its number: what OpenPhone takes as `from`. */
  from: string;
  to: string;
  body: string;
  queuedAt: Date;
  facilityName: string;
  /** An earlier call may have sent it: look before sending. */
  reconcileFirst: boolean;
  leaseUntil: Date;
  /** What to put back if this attempt ends without calling OpenPhone. */
  before: { status: MessageStatus; outcomeUnknown: boolean };
};

/**
 * Takes one outbound message for one attempt, in a short transaction of its own so no connection
 * waits on OpenPhone. Only a message still to send and not leased to another attempt is taken; the
 * lease makes a duplicate job (a retry, the sweep, a second instance) step aside.
 */
export async function claimSend(
  ctx: MessagingContext,
  messageId: string,
): Promise<{ outcome: SendOutcome } | { claim: SendClaim }> {
  return ctx.db.transaction(async (tx) => {
    const message = await lockMessage(tx, messageId);
    if (message?.direction !== 'outbound') return skipped('no such outbound message');
    if (message.deadLetteredAt) return skipped('dead-lettered');
    if (message.providerMessageId || (message.status !== 'queued' && message.status !== 'sending')) {
      return skipped(`already ${message.status}`);
    }
    const now = ctx.now();
    if (message.leaseUntil && message.leaseUntil > now) {
      return { outcome: { kind: 'busy', retryInMs: message.leaseUntil.getTime() - now.getTime() + 1_000 } };
    }
    // A job that came early (the sweep, a duplicate): the one queued for that time will send it.
    if (message.nextAttemptAt && message.nextAttemptAt > now) {
      return { outcome: { kind: 'waiting', until: message.nextAttemptAt } };
    }
    const where = await findThread(tx, message.threadId);
    if (!where) throw new Error(`thread ${message.threadId} of message ${message.id} vanished`);
    const { contact, facility, thread } = where;
    const kind = message.kind as OutboundKind;

    // Checked again here, not only when queued: the customer may have opted out since, or a kill
    // switch may have stopped the AI's automatic texts (a staff-approved one still goes).
    const held =
      kind === 'ai' && !message.sentByUserId ? await ctx.aiSendHold.check?.(tx, facility.id) : null;
    const refusal = refusalReason(contact, kind, facility.timezone) ?? held ?? null;
    if (refusal) {
      if (held && !thread.needsHumanSince) {
        await updateThread(tx, thread.id, { needsHumanSince: now, updatedAt: now });
      }
      await updateMessage(tx, message.id, {
        status: 'failed',
        lastError: refusal,
        leaseUntil: null,
        nextAttemptAt: null,
      });
      await publishMessage(tx, MESSAGE_UPDATED, message.id);
      if (held || thread.lastMessageId === message.id) await publishThread(tx, thread.id);
      return { outcome: { kind: 'refused', reason: refusal } };
    }
    if (isBusinessInitiated(kind)) {
      const due = nextSendTime(now, facility.timezone, messagingSettings(facility).sendWindow);
      if (due > now) {
        await updateMessage(tx, message.id, { nextAttemptAt: due });
        const job: SendJob = { messageId };
        await ctx.jobs?.send(SEND_QUEUE, job, sendJobOptions(due.getTime() - now.getTime()), tx);
        await publishMessage(tx, MESSAGE_UPDATED, message.id);
        return { outcome: { kind: 'deferred', until: due, reason: 'quiet hours' } };
      }
    }

    const leaseUntil = new Date(now.getTime() + ctx.outbox.leaseMs);
    await updateMessage(tx, message.id, {
      status: 'sending',
      outcomeUnknown: true,
      leaseUntil,
      lastAttemptAt: now,
      nextAttemptAt: null,
    });
    return {
      claim: {
        messageId,
        from: facility.openphoneNumberId ?? facility.phoneNumber ?? thread.facilityNumber,
        to: thread.customerNumber,
        body: message.body,
        queuedAt: message.createdAt,
        facilityName: facility.name,
        reconcileFirst: message.outcomeUnknown,
        leaseUntil,
        before: { status: message.status, outcomeUnknown: message.outcomeUnknown },
      },
    };
  });
}

/** Ends an attempt that never called OpenPhone (no rate-limit slot in time): as if it never started. */
export async function releaseClaim(
  ctx: MessagingContext,
  claim: SendClaim,
  retryInMs: number,
): Promise<SendOutcome> {
  return ctx.db.transaction(async (tx) => {
    const message = await lockMessage(tx, claim.messageId);
    if (message?.leaseUntil?.getTime() !== claim.leaseUntil.getTime())
      return { kind: 'skipped', reason: 'lease lost' };
    const until = new Date(ctx.now().getTime() + retryInMs);
    await updateMessage(tx, claim.messageId, {
      status: claim.before.status,
      outcomeUnknown: claim.before.outcomeUnknown,
      leaseUntil: null,
      nextAttemptAt: until,
    });
    const job: SendJob = { messageId: claim.messageId };
    await ctx.jobs?.send(SEND_QUEUE, job, sendJobOptions(retryInMs), tx);
    return { kind: 'deferred', until, reason: 'waiting for the shared rate limit' } satisfies SendOutcome;
  });
}

const skipped = (reason: string) => ({ outcome: { kind: 'skipped', reason } satisfies SendOutcome });
