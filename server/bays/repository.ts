import { and, desc, eq, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { BayActionKind, BayActionState } from '../../shared/bays.ts';
import {
  type BayActionRow,
  type BayStatusRow,
  bayActions,
  bayStatus,
  bays,
  facilities,
  users,
} from '../db/schema/index.ts';
import type { Executor, Tx } from '../db/types.ts';

// With boardRepository.ts (the board's reads), the only code that touches bay_status and bay_actions.

export type ActionWithRequester = BayActionRow & { requesterName: string | null };

export const inFlightStates: BayActionState[] = ['requested', 'running'];
export const finalStates: BayActionState[] = ['succeeded', 'failed', 'timedOut'];

export const actionColumns = { action: bayActions, requesterName: users.name };

export function withRequester(row: {
  action: BayActionRow;
  requesterName: string | null;
}): ActionWithRequester {
  return { ...row.action, requesterName: row.requesterName };
}

export async function findBay(db: Executor, bayId: string) {
  const [row] = await db.select().from(bays).where(eq(bays.id, bayId)).limit(1);
  return row;
}

/** Serialises requests for one bay: every reset takes this lock before it decides anything. */
export async function lockBay(tx: Tx, bayId: string) {
  const [row] = await tx
    .select({ bay: bays, facility: facilities })
    .from(bays)
    .innerJoin(facilities, eq(facilities.id, bays.facilityId))
    .where(eq(bays.id, bayId))
    .for('update', { of: bays });
  return row;
}

export async function findBayWithFacility(db: Executor, bayId: string) {
  const [row] = await db
    .select({ bay: bays, facility: facilities })
    .from(bays)
    .innerJoin(facilities, eq(facilities.id, bays.facilityId))
    .where(eq(bays.id, bayId))
    .limit(1);
  return row;
}

export async function findStatus(db: Executor, bayId: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(bayStatus).where(eq(bayStatus.bayId, bayId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findActionByKey(db: Executor, idempotencyKey: string) {
  const [row] = await db
    .select()
    .from(bayActions)
    .where(eq(bayActions.idempotencyKey, idempotencyKey))
    .limit(1);
  return row;
}

export async function findInFlightAction(db: Executor, bayId: string) {
  const [row] = await db
    .select()
    .from(bayActions)
    .where(and(eq(bayActions.bayId, bayId), inArray(bayActions.state, inFlightStates)))
    .limit(1);
  return row;
}

export async function lastDispatchedAt(db: Executor, bayId: string, kind: BayActionKind) {
  const [row] = await db
    .select({ at: bayActions.dispatchedAt })
    .from(bayActions)
    .where(and(eq(bayActions.bayId, bayId), eq(bayActions.kind, kind), isNotNull(bayActions.dispatchedAt)))
    .orderBy(desc(bayActions.dispatchedAt))
    .limit(1);
  return row?.at ?? null;
}

export type NewAction = Pick<
  BayActionRow,
  'bayId' | 'facilityId' | 'kind' | 'idempotencyKey' | 'requestedBy' | 'requestedAt'
>;

/** Undefined when the idempotency key is already taken (the caller then reads that action). */
export async function insertAction(tx: Tx, values: NewAction) {
  const [row] = await tx
    .insert(bayActions)
    .values({ ...values, state: 'requested' })
    .onConflictDoNothing({ target: bayActions.idempotencyKey })
    .returning();
  return row;
}

export async function findAction(db: Executor, actionId: string) {
  const [row] = await db
    .select(actionColumns)
    .from(bayActions)
    .leftJoin(users, eq(users.id, bayActions.requestedBy))
    .where(eq(bayActions.id, actionId))
    .limit(1);
  return row ? withRequester(row) : undefined;
}

export async function lockAction(tx: Tx, actionId: string) {
  const [row] = await tx
    .select(actionColumns)
    .from(bayActions)
    .leftJoin(users, eq(users.id, bayActions.requestedBy))
    .where(eq(bayActions.id, actionId))
    .for('update', { of: bayActions });
  return row ? withRequester(row) : undefined;
}

export type ActionChanges = Partial<
  Pick<
    BayActionRow,
    'state' | 'startedAt' | 'dispatchedAt' | 'finishedAt' | 'message' | 'attempts' | 'leaseUntil'
  >
>;

export async function updateAction(tx: Tx, actionId: string, changes: ActionChanges) {
  const [row] = await tx.update(bayActions).set(changes).where(eq(bayActions.id, actionId)).returning();
  if (!row) throw new Error(`bay action ${actionId} vanished during update`);
  return row;
}

/** Actions still in flight whose last sign of life is older than `before` (lost jobs). */
export async function findStuckActions(db: Executor, before: Date) {
  return db
    .select({ id: bayActions.id, state: bayActions.state })
    .from(bayActions)
    .where(
      or(
        and(eq(bayActions.state, 'requested'), lt(bayActions.requestedAt, before)),
        and(eq(bayActions.state, 'running'), lt(bayActions.dispatchedAt, before)),
      ),
    );
}

export type StatusChanges = Partial<Omit<BayStatusRow, 'bayId'>>;

export async function upsertStatus(tx: Tx, bayId: string, changes: StatusChanges, now: Date) {
  await tx
    .insert(bayStatus)
    .values({ bayId, ...changes, updatedAt: now })
    .onConflictDoUpdate({ target: bayStatus.bayId, set: { ...changes, updatedAt: now } })
    .returning({ bayId: bayStatus.bayId });
}

/** Bays with a NinjaOne device, for the status poll. */
export async function baysWithDevices(db: Executor) {
  return db.select().from(bays).where(isNotNull(bays.ninjaDeviceId));
}

export async function bayFacilityId(db: Executor, bayId: string): Promise<string | undefined> {
  const [row] = await db.select({ facilityId: bays.facilityId }).from(bays).where(eq(bays.id, bayId));
  return row?.facilityId;
}
