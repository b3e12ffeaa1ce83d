import { and, eq, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import { contacts, messages, type ThreadRow, threadReads, threads, users } from '../db/schema/index.ts';
import type { Executor, Tx } from '../db/types.ts';
import type { FacilityScope } from '../facilities/scope.ts';

// The inbox's reads: thread summaries (one query with contact, assignee and last message), the
// list's filters and keyset paging, and per-user read markers.

/** What a thread summary is built from: the thread, its contact, assignee and last message. */
const summaryColumns = {
  thread: threads,
  contactName: contacts.name,
  optedOutAt: contacts.optedOutAt,
  assigneeName: users.name,
  lastId: messages.id,
  lastDirection: messages.direction,
  lastBody: sql<string | null>`left(${messages.body}, 160)`,
  lastStatus: messages.status,
  lastAt: messages.sortAt,
};

function summaryQuery(db: Executor) {
  return db
    .select(summaryColumns)
    .from(threads)
    .innerJoin(contacts, eq(contacts.id, threads.contactId))
    .leftJoin(users, eq(users.id, threads.assignedTo))
    .leftJoin(messages, eq(messages.id, threads.lastMessageId));
}

export type SummaryRow = NonNullable<Awaited<ReturnType<typeof findSummaryRow>>>;

export async function findSummaryRow(db: Executor, threadId: string) {
  const [row] = await summaryQuery(db).where(eq(threads.id, threadId));
  return row;
}

export type ThreadFilters = {
  facilityScope: FacilityScope;
  status?: ThreadRow['status'] | undefined;
  assignedTo?: string | undefined;
  /** Only threads with inbound messages this user has not read. */
  unreadFor?: string | undefined;
  needsHuman?: boolean | undefined;
  /** Keyset cursor: rows strictly after this (activity, id) in newest-first order. */
  after?: { at: Date; id: string } | undefined;
  limit: number;
};

export async function listSummaryRows(db: Executor, filters: ThreadFilters) {
  if (filters.facilityScope !== 'all' && filters.facilityScope.length === 0) return [];
  const conditions: (SQL | undefined)[] = [];
  if (filters.facilityScope !== 'all') conditions.push(inArray(threads.facilityId, filters.facilityScope));
  if (filters.status) conditions.push(eq(threads.status, filters.status));
  if (filters.assignedTo) conditions.push(eq(threads.assignedTo, filters.assignedTo));
  if (filters.needsHuman !== undefined) {
    conditions.push(
      filters.needsHuman ? isNotNull(threads.needsHumanSince) : sql`${threads.needsHumanSince} is null`,
    );
  }
  if (filters.unreadFor) {
    conditions.push(
      sql`${threads.inboundCount} > coalesce((select ${threadReads.readInboundCount} from ${threadReads}
        where ${threadReads.threadId} = ${threads.id} and ${threadReads.userId} = ${filters.unreadFor}), 0)`,
    );
  }
  if (filters.after) {
    const { at, id } = filters.after;
    conditions.push(
      // A row comparison, so PostgreSQL seeks into the index instead of filtering row by row.
      sql`(${threads.lastActivityAt}, ${threads.id}) < (${at.toISOString()}::timestamptz, ${id}::uuid)`,
    );
  }
  return (
    summaryQuery(db)
      .where(and(...conditions))
      // NULLS LAST to match the indexes drizzle creates (`.desc()` is DESC NULLS LAST); a plain DESC is
      // NULLS FIRST, which the planner cannot serve from them, so it sorted every thread (issue 5 bench).
      .orderBy(sql`${threads.lastActivityAt} desc nulls last`, sql`${threads.id} desc nulls last`)
      .limit(filters.limit)
  );
}

/** How many inbound messages of each thread `userId` has read. */
export async function readCounts(
  db: Executor,
  userId: string,
  threadIds: string[],
): Promise<Map<string, number>> {
  if (threadIds.length === 0) return new Map();
  const rows = await db
    .select({ threadId: threadReads.threadId, count: threadReads.readInboundCount })
    .from(threadReads)
    .where(and(eq(threadReads.userId, userId), inArray(threadReads.threadId, threadIds)));
  return new Map(rows.map((row) => [row.threadId, row.count]));
}

/** Moves the user's marker forward only: a late or repeated markRead never un-reads anything. */
export async function advanceRead(
  tx: Tx,
  values: { userId: string; threadId: string; readInboundCount: number; lastReadMessageId: string | null },
  now: Date,
): Promise<number> {
  const [row] = await tx
    .insert(threadReads)
    .values({ ...values, readAt: now })
    .onConflictDoUpdate({
      target: [threadReads.userId, threadReads.threadId],
      set: {
        readInboundCount: sql`greatest(${threadReads.readInboundCount}, excluded.read_inbound_count)`,
        lastReadMessageId: sql`case when excluded.read_inbound_count >= ${threadReads.readInboundCount}
          then excluded.last_read_message_id else ${threadReads.lastReadMessageId} end`,
        readAt: now,
      },
    })
    .returning({ count: threadReads.readInboundCount });
  return row?.count ?? values.readInboundCount;
}

/** Snoozed threads whose time has come. */
export async function dueSnoozes(db: Executor, now: Date, limit: number) {
  return db
    .select({ id: threads.id })
    .from(threads)
    .where(and(eq(threads.status, 'snoozed'), lte(threads.snoozedUntil, now)))
    .limit(limit);
}
