import { and, desc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import {
  aiFeedback,
  aiRuns,
  type QualityAlertState,
  type SopQualityAlertRow,
  sopDocuments,
  sopQualityAlerts,
  sopVersions,
} from '../../db/schema/index.ts';
import type { Executor, Tx } from '../../db/types.ts';
import type { FacilityScope } from '../../facilities/scope.ts';
import { usedSopVersion } from '../sops/replies.ts';
import { COUNTED_REPLY_STATES, type RateBucket, type ReplyCounts } from './types.ts';

// The only code that reads or writes the quality watch's data. A reply "used" a version when its
// sop_refs contain that document and version (the GIN index on ai_runs.sop_refs answers `@>`).

const countedReply = (scope: FacilityScope): SQL | undefined =>
  and(
    eq(aiRuns.kind, 'reply'),
    inArray(aiRuns.state, [...COUNTED_REPLY_STATES]),
    scope === 'all' ? undefined : inArray(aiRuns.facilityId, scope),
  );

const isFlagged = sql`exists (select 1 from ${aiFeedback} where ${aiFeedback.runId} = ${aiRuns.id})`;
const flaggedCount = sql<number>`(count(*) filter (where ${isFlagged}))::int`;
const replyCount = sql<number>`count(*)::int`;

const emptyScope = (scope: FacilityScope) => scope !== 'all' && scope.length === 0;

export async function agentCounts(
  db: Executor,
  filter: { scope: FacilityScope; since: Date; bucket: RateBucket },
): Promise<(ReplyCounts & { agent: string; period: string })[]> {
  if (emptyScope(filter.scope)) return [];
  // date_trunc of the UTC wall-clock time, so a day is a UTC day whatever the session's time zone.
  // The unit is written into the SQL, not bound: a bound parameter in select and group by is two
  // parameters to PostgreSQL, which then refuses to see them as the same expression.
  const unit = sql.raw(filter.bucket === 'week' ? `'week'` : `'day'`);
  const period = sql<string>`to_char(date_trunc(${unit}, ${aiRuns.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  return db
    .select({ agent: aiRuns.agent, period, replies: replyCount, flagged: flaggedCount })
    .from(aiRuns)
    .where(and(countedReply(filter.scope), gte(aiRuns.createdAt, filter.since)))
    .groupBy(aiRuns.agent, period)
    .orderBy(period, aiRuns.agent);
}

export async function versionCounts(
  db: Executor,
  documentId: string,
  version: number,
  scope: FacilityScope = 'all',
): Promise<ReplyCounts> {
  if (emptyScope(scope)) return { replies: 0, flagged: 0 };
  const [row] = await db
    .select({ replies: replyCount, flagged: flaggedCount })
    .from(aiRuns)
    .where(and(countedReply(scope), usedSopVersion(documentId, version)));
  return row ?? { replies: 0, flagged: 0 };
}

export async function documentVersions(db: Executor, documentId: string) {
  return db
    .select({
      id: sopVersions.id,
      version: sopVersions.version,
      source: sopVersions.source,
      createdAt: sopVersions.createdAt,
    })
    .from(sopVersions)
    .where(eq(sopVersions.documentId, documentId))
    .orderBy(desc(sopVersions.version));
}

/** Every SOP whose current version has one before it: what the watch compares. */
export async function watchedDocuments(db: Executor) {
  // `prev` is the version numbered one below the current one (versions are consecutive per SOP).
  const previous = sql<
    string | null
  >`(select prev.id from ${sopVersions} as prev where prev.document_id = ${sopDocuments.id} and prev.version = ${sopVersions.version} - 1)`;
  return db
    .select({
      documentId: sopDocuments.id,
      path: sopDocuments.path,
      agent: sopDocuments.agent,
      versionId: sopVersions.id,
      version: sopVersions.version,
      previousVersionId: previous,
    })
    .from(sopDocuments)
    .innerJoin(sopVersions, eq(sopVersions.id, sopDocuments.currentVersionId))
    .where(sql`${sopVersions.version} > 1`);
}

export async function hasAlert(db: Executor, versionId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sopQualityAlerts.id })
    .from(sopQualityAlerts)
    .where(eq(sopQualityAlerts.versionId, versionId));
  return row !== undefined;
}

/** Inserts the alert unless the version already has one (two workers, or a re-run); undefined then. */
export async function insertAlert(
  tx: Tx,
  alert: typeof sopQualityAlerts.$inferInsert,
): Promise<SopQualityAlertRow | undefined> {
  const [row] = await tx
    .insert(sopQualityAlerts)
    .values(alert)
    .onConflictDoNothing({ target: sopQualityAlerts.versionId })
    .returning();
  return row;
}

export async function lockAlert(tx: Tx, id: string): Promise<SopQualityAlertRow | undefined> {
  const [row] = await tx.select().from(sopQualityAlerts).where(eq(sopQualityAlerts.id, id)).for('update');
  return row;
}

/** The SOP's row, locked, so nothing writes a version between the check and the rollback. */
export async function resolveAlert(
  tx: Tx,
  id: string,
  set: { state: Exclude<QualityAlertState, 'open'>; resolvedBy: string | null; resolvedAt: Date },
): Promise<void> {
  await tx.update(sopQualityAlerts).set(set).where(eq(sopQualityAlerts.id, id));
}

/** Alerts with the versions they compare and the SOP's current version, newest first. */
export async function listAlerts(
  db: Executor,
  filter: { state?: QualityAlertState | undefined; id?: string },
) {
  const version = sql<number>`(select v.version from ${sopVersions} v where v.id = ${sopQualityAlerts.versionId})`;
  const previousVersion = sql<number>`(select v.version from ${sopVersions} v where v.id = ${sopQualityAlerts.previousVersionId})`;
  const currentVersion = sql<
    number | null
  >`(select v.version from ${sopVersions} v where v.id = ${sopDocuments.currentVersionId})`;
  return db
    .select({
      alert: sopQualityAlerts,
      path: sopDocuments.path,
      agent: sopDocuments.agent,
      version,
      previousVersion,
      currentVersion,
    })
    .from(sopQualityAlerts)
    .innerJoin(sopDocuments, eq(sopDocuments.id, sopQualityAlerts.documentId))
    .where(
      and(
        filter.state ? eq(sopQualityAlerts.state, filter.state) : undefined,
        filter.id ? eq(sopQualityAlerts.id, filter.id) : undefined,
      ),
    )
    .orderBy(desc(sopQualityAlerts.createdAt))
    .limit(200);
}
