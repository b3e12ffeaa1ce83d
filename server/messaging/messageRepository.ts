import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { type MessageRow, messages, threadNotes, users } from '../db/schema/index.ts';
import type { Executor, Tx } from '../db/types.ts';

export type NewMessage = Omit<typeof messages.$inferInsert, 'id' | 'seq'>;

/** Undefined when a message with the same provider id or idempotency key is already stored. */
export async function insertMessage(tx: Tx, values: NewMessage): Promise<MessageRow | undefined> {
  const [row] = await tx.insert(messages).values(values).onConflictDoNothing().returning();
  return row;
}

const messageColumns = { message: messages, senderName: users.name };
export type MessageWithSender = { message: MessageRow; senderName: string | null };

export async function findMessage(db: Executor, messageId: string): Promise<MessageWithSender | undefined> {
  const [row] = await db
    .select(messageColumns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.sentByUserId))
    .where(eq(messages.id, messageId));
  return row;
}

export async function findMessageByKey(db: Executor, idempotencyKey: string) {
  const [row] = await db.select().from(messages).where(eq(messages.idempotencyKey, idempotencyKey));
  return row;
}

export async function lockMessage(tx: Tx, messageId: string) {
  const [row] = await tx.select().from(messages).where(eq(messages.id, messageId)).for('update');
  return row;
}

export async function lockMessageByProviderId(tx: Tx, providerMessageId: string) {
  const [row] = await tx
    .select()
    .from(messages)
    .where(eq(messages.providerMessageId, providerMessageId))
    .for('update');
  return row;
}

export type MessageChanges = Partial<Omit<MessageRow, 'id' | 'seq' | 'threadId' | 'facilityId'>>;

export async function updateMessage(tx: Tx, messageId: string, changes: MessageChanges) {
  const [row] = await tx.update(messages).set(changes).where(eq(messages.id, messageId)).returning();
  if (!row) throw new Error(`message ${messageId} vanished during update`);
  return row;
}

/** Which of these provider ids are already stored on some message (for reconciliation). */
export async function takenProviderIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: messages.providerMessageId })
    .from(messages)
    .where(inArray(messages.providerMessageId, ids));
  return new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
}

/** One page of a thread, newest first, before the (sortAt, seq) cursor when given. */
export async function messagePage(
  db: Executor,
  threadId: string,
  options: { before?: { at: Date; seq: number } | undefined; limit: number },
) {
  const before = options.before;
  return db
    .select(messageColumns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.sentByUserId))
    .where(
      and(
        eq(messages.threadId, threadId),
        before
          ? or(
              lt(messages.sortAt, before.at),
              and(eq(messages.sortAt, before.at), lt(messages.seq, before.seq)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(messages.sortAt), desc(messages.seq))
    .limit(options.limit);
}

/** Where a message of this thread sits in it; undefined for another thread's message. */
export async function messagePosition(db: Executor, threadId: string, messageId: string) {
  const [row] = await db
    .select({ sortAt: messages.sortAt, seq: messages.seq })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.threadId, threadId)));
  return row;
}

/** The highest inbound ordinal at or before a message's place in the thread. */
export async function inboundCountUpTo(db: Executor, threadId: string, at: { sortAt: Date; seq: number }) {
  const [row] = await db
    .select({ count: sql<number | null>`max(${messages.inboundOrdinal})` })
    .from(messages)
    .where(
      and(
        eq(messages.threadId, threadId),
        eq(messages.direction, 'inbound'),
        or(lt(messages.sortAt, at.sortAt), and(eq(messages.sortAt, at.sortAt), lte(messages.seq, at.seq))),
      ),
    );
  return Number(row?.count ?? 0);
}

/**
 * Outbound messages still to send whose job may have been lost: not dead-lettered, not leased, due
 * more than `graceMs` ago. The sweep re-queues them; the lease and status make a duplicate job harmless.
 */
export async function overdueOutbound(db: Executor, before: Date, limit: number) {
  return db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'outbound'),
        inArray(messages.status, ['queued', 'sending']),
        isNull(messages.deadLetteredAt),
        isNull(messages.providerMessageId),
        or(isNull(messages.leaseUntil), lt(messages.leaseUntil, before)),
        lt(sql`coalesce(${messages.nextAttemptAt}, ${messages.createdAt})`, before),
      ),
    )
    .orderBy(asc(messages.createdAt))
    .limit(limit);
}

export async function insertNote(
  tx: Tx,
  values: { threadId: string; authorId: string; body: string },
  now: Date,
) {
  const [row] = await tx
    .insert(threadNotes)
    .values({ ...values, createdAt: now })
    .returning();
  if (!row) throw new Error('note insert returned no row');
  return row;
}

export async function notesOf(db: Executor, threadId: string, limit: number) {
  return db
    .select({ note: threadNotes, authorName: users.name })
    .from(threadNotes)
    .leftJoin(users, eq(users.id, threadNotes.authorId))
    .where(eq(threadNotes.threadId, threadId))
    .orderBy(desc(threadNotes.createdAt))
    .limit(limit);
}

// Status webhooks can arrive before the send that learns the message's OpenPhone id has recorded it.
// Both sides take this lock on the id, so one of them always sees the other's write.
const PROVIDER_ID_LOCK_CLASS = 7_310_011;

export async function lockProviderMessageId(tx: Tx, providerMessageId: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${PROVIDER_ID_LOCK_CLASS}, hashtext(${providerMessageId}))`,
  );
}
