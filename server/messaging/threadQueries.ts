import type { ThreadStatus } from '../../shared/sms.ts';
import type { MessageView, ThreadDetail, ThreadSummary } from '../../shared/threads.ts';
import { DomainError, notFound } from '../errors.ts';
import type { FacilityScope } from '../facilities/scope.ts';
import type { MessagingContext } from './context.ts';
import { findSummaryRow, listSummaryRows, readCounts } from './inboxRepository.ts';
import { messagePage, notesOf } from './messageRepository.ts';
import { findThread } from './threadRepository.ts';
import { messageView, noteView, threadSnapshot, threadSummary } from './views.ts';

export const THREAD_PAGE_MAX = 100;
export const MESSAGE_PAGE_MAX = 200;
const NOTES_SHOWN = 100;

export type ThreadListInput = {
  status?: ThreadStatus | undefined;
  assignedToMe?: boolean | undefined;
  unread?: boolean | undefined;
  needsHuman?: boolean | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
};

export type ThreadPage = { items: ThreadSummary[]; nextCursor: string | null };

/** The inbox: newest activity first, paged by an opaque (activity, id) cursor. */
export async function listThreads(
  ctx: MessagingContext,
  userId: string,
  facilityScope: FacilityScope,
  input: ThreadListInput,
): Promise<ThreadPage> {
  const limit = input.limit ?? 50;
  const rows = await listSummaryRows(ctx.db, {
    facilityScope,
    status: input.status,
    assignedTo: input.assignedToMe ? userId : undefined,
    unreadFor: input.unread ? userId : undefined,
    needsHuman: input.needsHuman,
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const reads = await readCounts(
    ctx.db,
    userId,
    page.map((row) => row.thread.id),
  );
  const items = page.map((row) => threadSummary(threadSnapshot(row), reads.get(row.thread.id) ?? 0));
  const last = page.at(-1)?.thread;
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(last.lastActivityAt, last.id) : null,
  };
}

export type ThreadView = {
  thread: ThreadDetail;
  /** Oldest first within the page; the page is the newest messages before `before`. */
  messages: MessageView[];
  /** Pass back as `before` for older messages; null at the start of the thread. */
  olderCursor: string | null;
};

export async function getThread(
  ctx: MessagingContext,
  userId: string,
  threadId: string,
  options: { before?: string | undefined; limit?: number | undefined },
): Promise<ThreadView> {
  const limit = options.limit ?? 50;
  const [row, where] = await Promise.all([findSummaryRow(ctx.db, threadId), findThread(ctx.db, threadId)]);
  if (!row || !where) throw notFound('Thread');
  const [reads, page, notes] = await Promise.all([
    readCounts(ctx.db, userId, [threadId]),
    messagePage(ctx.db, threadId, {
      before: options.before ? decodeMessageCursor(options.before) : undefined,
      limit: limit + 1,
    }),
    options.before ? Promise.resolve([]) : notesOf(ctx.db, threadId, NOTES_SHOWN),
  ]);
  const shown = page.slice(0, limit);
  const oldest = shown.at(-1)?.message;
  return {
    thread: {
      ...threadSummary(threadSnapshot(row), reads.get(threadId) ?? 0),
      facilityName: where.facility.name,
      facilityNumber: where.thread.facilityNumber,
      optedOutAt: where.contact.optedOutAt?.toISOString() ?? null,
      notes: notes.map((note) => noteView(note.note, note.authorName)),
    },
    messages: shown.reverse().map(messageView),
    olderCursor: page.length > limit && oldest ? encodeMessageCursor(oldest.sortAt, oldest.seq) : null,
  };
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(at.getTime())) throw badCursor();
  return { at, id };
}

function encodeMessageCursor(at: Date, seq: number): string {
  return Buffer.from(`${at.toISOString()}|${seq}`).toString('base64url');
}

function decodeMessageCursor(cursor: string): { at: Date; seq: number } {
  const [iso, seq] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!seq || !/^\d{1,15}$/.test(seq) || Number.isNaN(at.getTime())) throw badCursor();
  return { at, seq: Number(seq) };
}

const badCursor = () =>
  new DomainError('invalid_input', 'That page cursor is not valid; start from the first page.');
