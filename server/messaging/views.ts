import type { MessageView, NoteView, ThreadSummary } from '../../shared/threads.ts';
import type { ThreadNoteRow } from '../db/schema/index.ts';
import type { SummaryRow } from './inboxRepository.ts';
import type { MessageWithSender } from './messageRepository.ts';

/** A thread as every subscriber sees it; each adds its own unread count (inboundCount − what it read). */
export type ThreadSnapshot = Omit<ThreadSummary, 'unreadCount'> & { inboundCount: number };

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function threadSnapshot(row: SummaryRow): ThreadSnapshot {
  const { thread } = row;
  return {
    id: thread.id,
    facilityId: thread.facilityId,
    customerNumber: thread.customerNumber,
    contactName: row.contactName,
    status: thread.status,
    assignedTo: thread.assignedTo
      ? { id: thread.assignedTo, name: row.assigneeName ?? 'Former staff' }
      : null,
    aiPausedUntil: iso(thread.aiPausedUntil),
    snoozedUntil: iso(thread.snoozedUntil),
    needsHuman: thread.needsHumanSince !== null,
    optedOut: row.optedOutAt !== null,
    lastActivityAt: thread.lastActivityAt.toISOString(),
    lastMessage:
      row.lastId && row.lastDirection && row.lastStatus && row.lastAt
        ? {
            id: row.lastId,
            direction: row.lastDirection,
            preview: row.lastBody ?? '',
            status: row.lastStatus,
            at: row.lastAt.toISOString(),
          }
        : null,
    inboundCount: thread.inboundCount,
  };
}

export function threadSummary(snapshot: ThreadSnapshot, readCount: number): ThreadSummary {
  const { inboundCount, ...rest } = snapshot;
  return { ...rest, unreadCount: Math.max(0, inboundCount - readCount) };
}

export function messageView({ message, senderName }: MessageWithSender): MessageView {
  return {
    id: message.id,
    threadId: message.threadId,
    direction: message.direction,
    kind: message.kind,
    body: message.body,
    status: message.status,
    sentBy: message.sentByUserId ? { id: message.sentByUserId, name: senderName ?? 'Former staff' } : null,
    at: message.sortAt.toISOString(),
    createdAt: message.createdAt.toISOString(),
    attempts: message.attempts,
    nextAttemptAt:
      message.status === 'queued' || message.status === 'sending' ? iso(message.nextAttemptAt) : null,
    error: message.lastError,
    deadLettered: message.deadLetteredAt !== null,
  };
}

export function noteView(note: ThreadNoteRow, authorName: string | null): NoteView {
  return {
    id: note.id,
    threadId: note.threadId,
    author: note.authorId ? { id: note.authorId, name: authorName ?? 'Former staff' } : null,
    body: note.body,
    createdAt: note.createdAt.toISOString(),
  };
}
