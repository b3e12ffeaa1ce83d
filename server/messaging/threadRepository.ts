import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import {
  type ContactRow,
  contacts,
  facilities,
  messages,
  type ThreadRow,
  threads,
  userFacilities,
  users,
} from '../db/schema/index.ts';
import type { Executor, Tx } from '../db/types.ts';

// With inboxRepository.ts, messageRepository.ts and eventRepository.ts, the only code that touches
// the messaging tables.

export async function facilityByNumber(db: Executor, numbers: string[]) {
  if (numbers.length === 0) return undefined;
  const [row] = await db.select().from(facilities).where(inArray(facilities.phoneNumber, numbers)).limit(1);
  return row;
}

/** The contact for (facility, phone), created if new, locked until the transaction ends. */
export async function upsertContact(
  tx: Tx,
  facilityId: string,
  phone: string,
  now: Date,
): Promise<ContactRow> {
  await tx
    .insert(contacts)
    .values({ facilityId, phone, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: [contacts.facilityId, contacts.phone] });
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.facilityId, facilityId), eq(contacts.phone, phone)))
    .for('update');
  if (!row) throw new Error('contact vanished after upsert');
  return row;
}

export async function updateContact(tx: Tx, contactId: string, changes: Partial<ContactRow>) {
  await tx.update(contacts).set(changes).where(eq(contacts.id, contactId)).returning({ id: contacts.id });
}

/** The thread for the number pair, created if new, locked until the transaction ends. */
export async function upsertThread(
  tx: Tx,
  values: { facilityId: string; contactId: string; facilityNumber: string; customerNumber: string },
  now: Date,
): Promise<ThreadRow> {
  await tx
    .insert(threads)
    .values({ ...values, lastActivityAt: now, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: [threads.facilityNumber, threads.customerNumber] });
  const [row] = await tx
    .select()
    .from(threads)
    .where(
      and(
        eq(threads.facilityNumber, values.facilityNumber),
        eq(threads.customerNumber, values.customerNumber),
      ),
    )
    .for('update');
  if (!row) throw new Error('thread vanished after upsert');
  return row;
}

/** The thread with its contact and facility; `forUpdate` locks the thread row. */
export async function findThread(db: Executor, threadId: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select({ thread: threads, contact: contacts, facility: facilities })
    .from(threads)
    .innerJoin(contacts, eq(contacts.id, threads.contactId))
    .innerJoin(facilities, eq(facilities.id, threads.facilityId))
    .where(eq(threads.id, threadId));
  const [row] = options.forUpdate ? await query.for('update', { of: threads }) : await query;
  return row;
}

export const lockThread = (tx: Tx, threadId: string) => findThread(tx, threadId, { forUpdate: true });

export type ThreadChanges = Partial<Omit<ThreadRow, 'id' | 'facilityId' | 'contactId'>>;

export async function updateThread(tx: Tx, threadId: string, changes: ThreadChanges) {
  const [row] = await tx.update(threads).set(changes).where(eq(threads.id, threadId)).returning();
  if (!row) throw new Error(`thread ${threadId} vanished during update`);
  return row;
}

export async function threadFacilityId(db: Executor, threadId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ facilityId: threads.facilityId })
    .from(threads)
    .where(eq(threads.id, threadId));
  return row?.facilityId;
}

/** A staff member who may be given a thread of this facility: active, and working there (or an admin). */
export async function assignableUser(db: Executor, userId: string, facilityId: string) {
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .leftJoin(
      userFacilities,
      and(eq(userFacilities.userId, users.id), eq(userFacilities.facilityId, facilityId)),
    )
    .where(
      and(
        eq(users.id, userId),
        sql`${users.disabledAt} is null`,
        or(eq(users.role, 'admin'), isNotNull(userFacilities.userId)),
      ),
    )
    .limit(1);
  return row;
}

export async function messageFacilityId(db: Executor, messageId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ facilityId: messages.facilityId })
    .from(messages)
    .where(eq(messages.id, messageId));
  return row?.facilityId;
}
