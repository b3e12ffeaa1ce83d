import { asc, eq } from 'drizzle-orm';
import { webhookEvents } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';

export type NewWebhookEvent = Omit<typeof webhookEvents.$inferInsert, 'id' | 'processedAt' | 'outcome'>;

/** Undefined when the event or its delivery is already stored (a redelivery). */
export async function insertEvent(tx: Tx, values: NewWebhookEvent): Promise<number | undefined> {
  // No conflict target: either unique key (event id, delivery id) marks a duplicate.
  const [row] = await tx
    .insert(webhookEvents)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return row?.id;
}

export async function lockEvent(tx: Tx, id: number) {
  const [row] = await tx.select().from(webhookEvents).where(eq(webhookEvents.id, id)).for('update');
  return row;
}

export async function markProcessed(tx: Tx, id: number, outcome: string, now: Date) {
  await tx
    .update(webhookEvents)
    .set({ processedAt: now, outcome })
    .where(eq(webhookEvents.id, id))
    .returning({ id: webhookEvents.id });
}

/** Every stored event about one OpenPhone object, oldest first. */
export async function eventsAbout(tx: Tx, subjectId: string) {
  return tx
    .select({ id: webhookEvents.id, type: webhookEvents.type, raw: webhookEvents.raw })
    .from(webhookEvents)
    .where(eq(webhookEvents.subjectId, subjectId))
    .orderBy(asc(webhookEvents.id));
}
