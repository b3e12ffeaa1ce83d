import { sql } from 'drizzle-orm';
import { advisoryXactLock } from '../db/client.ts';
import { events } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';

export const EVENTS_CHANNEL = 'clubos_events';

// Ids are taken under this lock so they commit in id order. Without it, a transaction holding id 5
// could commit after one holding id 6, and a subscriber that had already seen 6 would skip 5.
const EVENT_ID_LOCK_KEY = 7_310_003;

export type NewEvent = { type: string; facilityId: string | null; payload: unknown };

/**
 * Records an event in the caller's transaction (a transaction is required: the id-order lock lasts until commit). Listeners on every instance are woken by NOTIFY only
 * when that transaction commits; a rolled-back change announces nothing.
 */
export async function publishEvent(tx: Tx, event: NewEvent): Promise<number> {
  await tx.execute(advisoryXactLock(EVENT_ID_LOCK_KEY));
  const [row] = await tx
    .insert(events)
    .values({ type: event.type, facilityId: event.facilityId, payload: event.payload ?? null })
    .returning({ id: events.id });
  if (!row) throw new Error('event insert returned no row');
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(row.id)})`);
  return row.id;
}
