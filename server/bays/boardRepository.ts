import { and, asc, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import {
  type BayRow,
  type BayStatusRow,
  bayActions,
  bayStatus,
  bays,
  type FacilityRow,
  facilities,
  users,
} from '../db/schema/index.ts';
import type { Executor } from '../db/types.ts';
import type { FacilityScope } from '../facilities/scope.ts';
import {
  type ActionWithRequester,
  actionColumns,
  finalStates,
  inFlightStates,
  withRequester,
} from './repository.ts';

// The board's reads: many bays at once, in a handful of queries. Writes live in repository.ts.

/** Everything the board shows about a set of bays, loaded in a handful of queries. */
export type BoardData = {
  facilities: FacilityRow[];
  bays: BayRow[];
  status: Map<string, BayStatusRow>;
  inFlight: Map<string, ActionWithRequester>;
  lastFinal: Map<string, ActionWithRequester>;
  /** `${bayId}:${kind}` → when that kind was last dispatched (for cooldowns). */
  lastDispatched: Map<string, Date>;
};

export async function facilitiesInScope(db: Executor, scope: FacilityScope, slug?: string) {
  if (scope !== 'all' && scope.length === 0) return [];
  const conditions: (SQL | undefined)[] = [
    scope === 'all' ? undefined : inArray(facilities.id, scope),
    slug === undefined ? undefined : eq(facilities.slug, slug),
  ];
  return db
    .select()
    .from(facilities)
    .where(and(...conditions))
    .orderBy(asc(facilities.name), asc(facilities.slug));
}

/** The board for some facilities, or for some bays (their facilities are loaded too). */
export async function loadBoard(
  db: Executor,
  target: { facilityIds: string[] } | { bayIds: string[] },
): Promise<BoardData> {
  const bayRows =
    'bayIds' in target
      ? target.bayIds.length === 0
        ? []
        : await db.select().from(bays).where(inArray(bays.id, target.bayIds))
      : target.facilityIds.length === 0
        ? []
        : await db
            .select()
            .from(bays)
            .where(inArray(bays.facilityId, target.facilityIds))
            .orderBy(asc(bays.number));
  const facilityIds =
    'facilityIds' in target ? target.facilityIds : [...new Set(bayRows.map((bay) => bay.facilityId))];
  const bayIds = bayRows.map((bay) => bay.id);
  if (bayIds.length === 0) {
    const facilityRows =
      facilityIds.length === 0
        ? []
        : await db.select().from(facilities).where(inArray(facilities.id, facilityIds));
    return emptyBoard(facilityRows);
  }
  const [facilityRows, statusRows, inFlightRows, finalRows, dispatchedRows] = await Promise.all([
    db.select().from(facilities).where(inArray(facilities.id, facilityIds)),
    db.select().from(bayStatus).where(inArray(bayStatus.bayId, bayIds)),
    db
      .select(actionColumns)
      .from(bayActions)
      .leftJoin(users, eq(users.id, bayActions.requestedBy))
      .where(and(inArray(bayActions.bayId, bayIds), inArray(bayActions.state, inFlightStates))),
    db
      .selectDistinctOn([bayActions.bayId], actionColumns)
      .from(bayActions)
      .leftJoin(users, eq(users.id, bayActions.requestedBy))
      .where(and(inArray(bayActions.bayId, bayIds), inArray(bayActions.state, finalStates)))
      .orderBy(bayActions.bayId, desc(bayActions.finishedAt), desc(bayActions.requestedAt)),
    db
      .select({
        bayId: bayActions.bayId,
        kind: bayActions.kind,
        at: sql<Date>`max(${bayActions.dispatchedAt})`.mapWith(bayActions.dispatchedAt),
      })
      .from(bayActions)
      .where(and(inArray(bayActions.bayId, bayIds), isNotNull(bayActions.dispatchedAt)))
      .groupBy(bayActions.bayId, bayActions.kind),
  ]);
  return {
    facilities: facilityRows,
    bays: bayRows,
    status: new Map(statusRows.map((row) => [row.bayId, row])),
    inFlight: new Map(inFlightRows.map((row) => [row.action.bayId, withRequester(row)])),
    lastFinal: new Map(finalRows.map((row) => [row.action.bayId, withRequester(row)])),
    lastDispatched: new Map(dispatchedRows.map((row) => [`${row.bayId}:${row.kind}`, row.at])),
  };
}

function emptyBoard(facilityRows: FacilityRow[]): BoardData {
  return {
    facilities: facilityRows,
    bays: [],
    status: new Map(),
    inFlight: new Map(),
    lastFinal: new Map(),
    lastDispatched: new Map(),
  };
}

/** This bay's actions, newest first, for its history. */
export async function actionsOfBay(db: Executor, bayId: string, limit: number) {
  const rows = await db
    .select(actionColumns)
    .from(bayActions)
    .leftJoin(users, eq(users.id, bayActions.requestedBy))
    .where(eq(bayActions.bayId, bayId))
    .orderBy(desc(bayActions.requestedAt))
    .limit(limit);
  return rows.map(withRequester);
}
