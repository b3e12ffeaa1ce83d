import { and, eq, gt, isNull } from 'drizzle-orm';
import { sessions, userFacilities, users } from '../db/schema/index.ts';
import type { Executor, Tx } from '../db/types.ts';
import type { LoginCounters } from './loginPolicy.ts';

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

/** Row-locks the account so concurrent guesses are counted one after another. */
export async function lockUser(tx: Tx, userId: string) {
  const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  return row;
}

export async function saveLoginCounters(tx: Tx, userId: string, counters: LoginCounters) {
  await tx
    .update(users)
    .set({
      failedLoginCount: counters.failedLoginCount,
      lastFailedLoginAt: counters.lastFailedLoginAt,
      lockedUntil: counters.lockedUntil,
    })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
}

export async function facilityIdsOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ facilityId: userFacilities.facilityId })
    .from(userFacilities)
    .where(eq(userFacilities.userId, userId))
    .orderBy(userFacilities.facilityId);
  return rows.map((row) => row.facilityId);
}

export async function insertSession(
  tx: Tx,
  values: {
    userId: string;
    tokenHash: string;
    createdAt: Date;
    expiresAt: Date;
    ip: string | null;
    device: string | null;
  },
) {
  const [row] = await tx.insert(sessions).values(values).returning({ id: sessions.id });
  if (!row) throw new Error('session insert returned no row');
  return row;
}

/**
 * A live session and its user in one round trip: the left join yields one row per facility
 * membership (or one row with a null facility for an admin without any).
 */
export async function findLiveSession(db: Executor, tokenHash: string, now: Date) {
  return db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      facilityId: userFacilities.facilityId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(userFacilities, eq(userFacilities.userId, users.id))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(userFacilities.facilityId);
}

export async function revokeSession(tx: Tx, sessionId: string, now: Date) {
  const [row] = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id, userId: sessions.userId });
  return row;
}
