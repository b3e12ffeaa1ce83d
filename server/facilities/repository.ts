import { asc, count, eq, inArray } from 'drizzle-orm';
import { bays, facilities } from '../db/schema/index.ts';
import type { Executor, Tx } from '../db/types.ts';
import type { FacilityScope } from './scope.ts';

export type FacilityValues = {
  slug: string;
  name: string;
  timezone: string;
  phoneNumber: string;
  openphoneNumberId: string | null;
  settings: Record<string, unknown>;
};

export type BayValues = { number: number; name: string; ninjaDeviceId: number };

export async function findFacilitiesBySlugs(db: Executor, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db.select().from(facilities).where(inArray(facilities.slug, slugs));
}

export async function findFacilitiesByPhoneNumbers(db: Executor, phoneNumbers: string[]) {
  if (phoneNumbers.length === 0) return [];
  return db
    .select({ id: facilities.id, slug: facilities.slug, phoneNumber: facilities.phoneNumber })
    .from(facilities)
    .where(inArray(facilities.phoneNumber, phoneNumbers));
}

/** Releases phone numbers that are about to move, so a swap within one setup does not collide. */
export async function clearPhoneNumbers(tx: Tx, ids: string[]) {
  if (ids.length === 0) return;
  await tx
    .update(facilities)
    .set({ phoneNumber: null })
    .where(inArray(facilities.id, ids))
    .returning({ id: facilities.id });
}

export async function insertFacility(tx: Tx, values: FacilityValues, now: Date) {
  const [row] = await tx
    .insert(facilities)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('facility insert returned no row');
  return row;
}

export async function updateFacility(tx: Tx, id: string, values: FacilityValues, now: Date) {
  const [row] = await tx
    .update(facilities)
    .set({ ...values, updatedAt: now })
    .where(eq(facilities.id, id))
    .returning();
  if (!row) throw new Error(`facility ${id} vanished during update`);
  return row;
}

export async function baysOf(db: Executor, facilityId: string) {
  return db.select().from(bays).where(eq(bays.facilityId, facilityId)).orderBy(asc(bays.number));
}

export async function insertBay(tx: Tx, facilityId: string, values: BayValues, now: Date) {
  const [row] = await tx
    .insert(bays)
    .values({ ...values, facilityId, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('bay insert returned no row');
  return row;
}

export async function updateBay(tx: Tx, id: string, values: BayValues, now: Date) {
  const [row] = await tx
    .update(bays)
    .set({ ...values, updatedAt: now })
    .where(eq(bays.id, id))
    .returning();
  if (!row) throw new Error(`bay ${id} vanished during update`);
  return row;
}

/** Facilities in scope with how many bays each has, in name order. */
export async function listFacilities(db: Executor, scope: FacilityScope) {
  if (scope !== 'all' && scope.length === 0) return [];
  return db
    .select({
      id: facilities.id,
      slug: facilities.slug,
      name: facilities.name,
      timezone: facilities.timezone,
      phoneNumber: facilities.phoneNumber,
      bayCount: count(bays.id),
    })
    .from(facilities)
    .leftJoin(bays, eq(bays.facilityId, facilities.id))
    .where(scope === 'all' ? undefined : inArray(facilities.id, scope))
    .groupBy(facilities.id)
    .orderBy(asc(facilities.name), asc(facilities.slug));
}

export async function findFacility(db: Executor, id: string) {
  const [row] = await db.select().from(facilities).where(eq(facilities.id, id)).limit(1);
  return row;
}

export async function facilityIdsBySlug(db: Executor, slugs: string[]): Promise<Map<string, string>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .select({ id: facilities.id, slug: facilities.slug })
    .from(facilities)
    .where(inArray(facilities.slug, slugs));
  return new Map(rows.map((row) => [row.slug, row.id]));
}
