import type { ThreadStatus } from '../../shared/sms.ts';
import type { MessageView, NoteView, ThreadSummary } from '../../shared/threads.ts';
import type { StaffUser } from '../../shared/user.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuditContext } from '../audit/types.ts';
import type { Tx } from '../db/types.ts';
import { DomainError, notFound } from '../errors.ts';
import type { MessagingContext } from './context.ts';
import { advanceRead, readCounts } from './inboxRepository.ts';
import { findMessage, inboundCountUpTo, insertNote, messagePosition } from './messageRepository.ts';
import { enqueueSend } from './outbox.ts';
import { publishNote, publishRead, publishThread } from './publish.ts';
import { assignableUser, lockThread, type ThreadChanges, updateThread } from './threadRepository.ts';
import { statusChange } from './threadStatus.ts';
import { messageView, noteView, threadSummary } from './views.ts';

// What staff do to a thread. Each change, its audit row and its live event commit together; the
// tRPC procedures have already checked that the thread is in the caller's facilities.

/** A staff reply: queued in the outbox (refused for an opted-out number); the AI pauses on the thread. */
export async function sendStaffReply(
  ctx: MessagingContext,
  user: StaffUser,
  input: { threadId: string; body: string; idempotencyKey: string },
  audit: AuditContext,
): Promise<MessageView> {
  const messageId = await ctx.db.transaction(async (tx) => {
    const { message } = await enqueueSend(tx, ctx, {
      threadId: input.threadId,
      body: input.body,
      kind: 'staff',
      // Namespaced, so a client's key can never collide with the outbox's own keys.
      idempotencyKey: `staff:${input.idempotencyKey}`,
      sentByUserId: user.id,
      audit,
    });
    return message.id;
  });
  return view(ctx, messageId);
}

type LockedThread = NonNullable<Awaited<ReturnType<typeof lockThread>>>;
type ThreadChange = { changes: ThreadChanges; action: string; before: unknown; after: unknown };

/** One audited change to a thread under its row lock; returns the caller's view of the result. */
async function changeThread(
  ctx: MessagingContext,
  user: StaffUser,
  threadId: string,
  audit: AuditContext,
  change: (locked: LockedThread, tx: Tx) => Promise<ThreadChange>,
): Promise<ThreadSummary> {
  return ctx.db.transaction(async (tx) => {
    const locked = await lockThread(tx, threadId);
    if (!locked) throw notFound('Thread');
    const { changes, action, before, after } = await change(locked, tx);
    await updateThread(tx, threadId, { ...changes, updatedAt: ctx.now() });
    await recordAudit(tx, audit, {
      action,
      targetType: 'thread',
      targetId: threadId,
      facilityId: locked.thread.facilityId,
      before,
      after,
    });
    const snapshot = await publishThread(tx, threadId);
    const reads = await readCounts(tx, user.id, [threadId]);
    return threadSummary(snapshot, reads.get(threadId) ?? 0);
  });
}

export function assignThread(
  ctx: MessagingContext,
  user: StaffUser,
  threadId: string,
  assigneeId: string | null,
  audit: AuditContext,
) {
  return changeThread(ctx, user, threadId, audit, async ({ thread }, tx) => {
    if (assigneeId !== null && !(await assignableUser(tx, assigneeId, thread.facilityId))) {
      throw new DomainError('invalid_input', 'That staff member does not work at this facility.');
    }
    return {
      changes: { assignedTo: assigneeId },
      action: 'thread.assigned',
      before: { assignedTo: thread.assignedTo },
      after: { assignedTo: assigneeId },
    };
  });
}

export function setThreadStatus(
  ctx: MessagingContext,
  user: StaffUser,
  threadId: string,
  input: { status: ThreadStatus; snoozedUntil?: Date | undefined },
  audit: AuditContext,
) {
  return changeThread(ctx, user, threadId, audit, async ({ thread }) => {
    const next = statusChange(input.status, input.snoozedUntil, ctx.now());
    const changes: ThreadChanges = { status: next.status, snoozedUntil: next.snoozedUntil };
    if (next.clearsNeedsHuman) changes.needsHumanSince = null;
    return {
      changes,
      action: 'thread.status.changed',
      before: { status: thread.status },
      after: { status: next.status, snoozedUntil: next.snoozedUntil?.toISOString() ?? null },
    };
  });
}

/** Pauses the AI on a thread for `hours` (default CLUBOS_AI_PAUSE_HOURS), or resumes it. */
export function pauseAi(
  ctx: MessagingContext,
  user: StaffUser,
  threadId: string,
  input: { paused: boolean; hours?: number | undefined },
  audit: AuditContext,
) {
  return changeThread(ctx, user, threadId, audit, async ({ thread }) => {
    const ms = input.hours === undefined ? ctx.settings.aiPauseMs : Math.round(input.hours * 3_600_000);
    const until = input.paused ? new Date(ctx.now().getTime() + ms) : null;
    return {
      changes: { aiPausedUntil: until },
      action: input.paused ? 'thread.ai.paused' : 'thread.ai.resumed',
      before: { aiPausedUntil: thread.aiPausedUntil?.toISOString() ?? null },
      after: { aiPausedUntil: until?.toISOString() ?? null },
    };
  });
}

export async function addNote(
  ctx: MessagingContext,
  user: StaffUser,
  threadId: string,
  body: string,
): Promise<NoteView> {
  return ctx.db.transaction(async (tx) => {
    const locked = await lockThread(tx, threadId);
    if (!locked) throw notFound('Thread');
    const note = noteView(await insertNote(tx, { threadId, authorId: user.id, body }, ctx.now()), user.name);
    await publishNote(tx, locked.thread.facilityId, note);
    return note;
  });
}

/** Marks the thread read up to `messageId` (default: everything). A marker only moves forward. */
export async function markRead(
  ctx: MessagingContext,
  user: StaffUser,
  threadId: string,
  messageId: string | undefined,
): Promise<{ unreadCount: number }> {
  return ctx.db.transaction(async (tx) => {
    const locked = await lockThread(tx, threadId);
    if (!locked) throw notFound('Thread');
    const { thread } = locked;
    let upTo = thread.inboundCount;
    if (messageId) {
      const position = await messagePosition(tx, threadId, messageId);
      if (!position) throw notFound('Message');
      upTo = await inboundCountUpTo(tx, threadId, position);
    }
    const read = await advanceRead(
      tx,
      {
        userId: user.id,
        threadId,
        readInboundCount: upTo,
        lastReadMessageId: messageId ?? thread.lastMessageId,
      },
      ctx.now(),
    );
    await publishRead(tx, thread.facilityId, {
      threadId,
      userId: user.id,
      readInboundCount: read,
      inboundCount: thread.inboundCount,
    });
    return { unreadCount: Math.max(0, thread.inboundCount - read) };
  });
}

async function view(ctx: MessagingContext, messageId: string): Promise<MessageView> {
  const row = await findMessage(ctx.db, messageId);
  if (!row) throw notFound('Message');
  return messageView(row);
}
