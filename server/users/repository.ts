import { and, asc, eq, exists, inArray } from 'drizzle-orm';
import type { Role } from '../../shared/roles.ts';
import { userFacilities, users } from '../db/schema/index.ts';
import type { Executor, Tx } from '../db/types.ts';
import type { FacilityScope } from '../facilities/scope.ts';

export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return row !== undefined;
}

export async function insertUser(
  tx: Tx,
  values: { email: string; name: string; role: Role; passwordHash: string },
  now: Date,
) {
  const [row] = await tx
    .insert(users)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
  if (!row) throw new Error('user insert returned no row');
  return row;
}

export async function addMemberships(tx: Tx, userId: string, facilityIds: string[]) {
  if (facilityIds.length === 0) return;
  await tx
    .insert(userFacilities)
    .values(facilityIds.map((facilityId) => ({ userId, facilityId })))
    .returning({ userId: userFacilities.userId });
}

/** Users who belong to at least one facility in scope (everyone for 'all'), in email order. */
export async function listUsers(db: Executor, scope: FacilityScope) {
  if (scope !== 'all' && scope.length === 0) return [];
  const inScope =
    scope === 'all'
      ? undefined
      : exists(
          db
            .select({ one: userFacilities.userId })
            .from(userFacilities)
            .where(and(eq(userFacilities.userId, users.id), inArray(userFacilities.facilityId, scope))),
        );
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      lockedUntil: users.lockedUntil,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(inScope)
    .orderBy(asc(users.email));
  const memberships =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(userFacilities)
          .where(
            inArray(
              userFacilities.userId,
              rows.map((row) => row.id),
            ),
          )
          .orderBy(asc(userFacilities.facilityId));
  return rows.map((row) => ({
    ...row,
    facilityIds: memberships.filter((m) => m.userId === row.id).map((m) => m.facilityId),
  }));
}

export async function lockUserRow(tx: Tx, userId: string) {
  const [row] = await tx
    .select({
      id: users.id,
      email: users.email,
      failedLoginCount: users.failedLoginCount,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .where(eq(users.id, userId))
    .for('update');
  return row;
}

export async function clearLoginCounters(tx: Tx, userId: string, now: Date) {
  await tx
    .update(users)
    .set({ failedLoginCount: 0, lastFailedLoginAt: null, lockedUntil: null, updatedAt: now })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
}
