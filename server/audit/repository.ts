import { and, asc, desc, eq, gt, gte, inArray, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.ts';
import type { Executor } from '../db/types.ts';
import type { ChainedContent } from './chain.ts';

// The only code that reads audit_log; recordAudit (record.ts) is the only code that writes it.

export type AuditRecord = ChainedContent & { id: number };

export type ChainRow = {
  id: number;
  prevHash: string;
  hash: string;
  content: ChainedContent;
  /** Microseconds beyond the millisecond. recordAudit writes whole milliseconds, so anything else was edited. */
  subMillisecondMicros: number;
};

export type AuditQuery = {
  /** 'all' places no facility restriction; a list admits only rows of those facilities. */
  facilityScope: string[] | 'all';
  /** Rows this user did are visible too, whatever their facility: everyone may see their own actions. */
  viewerId?: string;
  facilityId?: string;
  actorType?: ChainedContent['actorType'];
  actorId?: string;
  action?: string;
  actionPrefix?: string;
  /** What a row is about, e.g. ('bay', bayId) for one bay's history. */
  targetType?: string;
  targetId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Keyset paging: only rows with a smaller id. */
  beforeId?: number;
  limit: number;
};

// jsonb is read back as text and parsed here: the drivers' own decoding turns a stored JSON string
// such as "42" into the number 42, which would no longer hash to what was written.
const contentColumns = {
  id: auditLog.id,
  occurredAt: auditLog.occurredAt,
  actorType: auditLog.actorType,
  actorId: auditLog.actorId,
  actorLabel: auditLog.actorLabel,
  action: auditLog.action,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  facilityId: auditLog.facilityId,
  requestId: auditLog.requestId,
  ip: auditLog.ip,
  device: auditLog.device,
  before: sql<string | null>`${auditLog.before}::text`,
  after: sql<string | null>`${auditLog.after}::text`,
};

type ContentRow = {
  [K in keyof typeof contentColumns]: K extends 'before' | 'after' ? string | null : AuditRecord[K];
};

function toRecord(row: ContentRow): AuditRecord {
  return {
    ...row,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
  };
}

/** Rows after `afterId` in chain (id) order, for walking the whole chain without loading it at once. */
export async function readChainBatch(db: Executor, afterId: number, limit: number): Promise<ChainRow[]> {
  const rows = await db
    .select({
      ...contentColumns,
      prevHash: auditLog.prevHash,
      hash: auditLog.hash,
      subMillisecondMicros: sql<number>`(extract(microseconds from ${auditLog.occurredAt})::bigint % 1000)::int`,
    })
    .from(auditLog)
    .where(gt(auditLog.id, afterId))
    .orderBy(asc(auditLog.id))
    .limit(limit);
  return rows.map(({ prevHash, hash, subMillisecondMicros, ...content }) => {
    const { id, ...chained } = toRecord(content);
    return { id, prevHash, hash, content: chained, subMillisecondMicros: Number(subMillisecondMicros) };
  });
}

/** Newest first. */
export async function listAuditRecords(db: Executor, query: AuditQuery): Promise<AuditRecord[]> {
  const conditions: (SQL | undefined)[] = [
    visibleTo(query),
    query.facilityId === undefined ? undefined : eq(auditLog.facilityId, query.facilityId),
    query.actorType === undefined ? undefined : eq(auditLog.actorType, query.actorType),
    query.actorId === undefined ? undefined : eq(auditLog.actorId, query.actorId),
    query.action === undefined ? undefined : eq(auditLog.action, query.action),
    query.actionPrefix === undefined
      ? undefined
      : like(auditLog.action, `${escapeLike(query.actionPrefix)}%`),
    query.targetType === undefined ? undefined : eq(auditLog.targetType, query.targetType),
    query.targetId === undefined ? undefined : eq(auditLog.targetId, query.targetId),
    query.from === undefined ? undefined : gte(auditLog.occurredAt, query.from),
    query.to === undefined ? undefined : lt(auditLog.occurredAt, query.to),
    query.beforeId === undefined ? undefined : lt(auditLog.id, query.beforeId),
  ];
  const rows = await db
    .select(contentColumns)
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
  return rows.map(toRecord);
}

function visibleTo(query: AuditQuery): SQL | undefined {
  if (query.facilityScope === 'all') return undefined;
  const ownRows = query.viewerId
    ? and(eq(auditLog.actorType, 'user'), eq(auditLog.actorId, query.viewerId))
    : undefined;
  const facilityRows =
    query.facilityScope.length > 0 ? inArray(auditLog.facilityId, query.facilityScope) : undefined;
  return or(facilityRows, ownRows) ?? sql`false`;
}

/** A prefix such as 'user_' must match literally, not as a LIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
