import { DomainError } from '../errors.ts';
import type { ServiceDeps } from '../services.ts';
import { chainHash, GENESIS_HASH } from './chain.ts';
import { type AuditRecord, listAuditRecords, readChainBatch } from './repository.ts';

export type AuditVerification =
  | { ok: true; rows: number }
  /** `rows` counts the intact rows before the broken one. */
  | { ok: false; rows: number; brokenRowId: number; reason: string };

export type AuditFilters = {
  facilityId?: string;
  actorType?: AuditRecord['actorType'];
  actorId?: string;
  /** Exact action, or a prefix when it ends with '.' ('auth.' matches 'auth.login', 'auth.logout'). */
  action?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive, so consecutive ranges neither overlap nor leave gaps. */
  to?: Date;
  /** The `nextCursor` of the previous page. */
  cursor?: number;
  limit?: number;
};

export type AuditPage = { items: AuditRecord[]; nextCursor: number | null };

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

export class AuditService {
  private readonly verifyBatchSize: number;

  constructor(
    private readonly deps: ServiceDeps,
    options: { verifyBatchSize?: number } = {},
  ) {
    this.verifyBatchSize = options.verifyBatchSize ?? 1000;
  }

  /**
   * Walks the whole chain in id order, a batch at a time, and names the first row that does not
   * link to its predecessor or whose hash does not cover its content. Gaps in ids are normal: a
   * rolled-back transaction still consumes a sequence value, so only the hash links matter.
   */
  async verify(): Promise<AuditVerification> {
    let rows = 0;
    let previous: { id: number; hash: string } | null = null;
    for (;;) {
      const batch = await readChainBatch(this.deps.db, previous?.id ?? 0, this.verifyBatchSize);
      for (const row of batch) {
        const expectedPrevHash = previous?.hash ?? GENESIS_HASH;
        if (row.prevHash !== expectedPrevHash) {
          const reason = previous
            ? `prev_hash does not link to row ${previous.id}`
            : 'prev_hash does not link to the start of the chain';
          return { ok: false, rows, brokenRowId: row.id, reason };
        }
        if (row.subMillisecondMicros !== 0 || chainHash(row.prevHash, row.content) !== row.hash) {
          return { ok: false, rows, brokenRowId: row.id, reason: 'hash does not match content' };
        }
        previous = { id: row.id, hash: row.hash };
        rows += 1;
      }
      if (batch.length < this.verifyBatchSize) return { ok: true, rows };
    }
  }

  /**
   * Newest first, paged by id. Rows with no facility (logins, user changes, setup) are
   * installation-wide, so only a caller whose scope is 'all' (an admin) sees all of them; a facility
   * manager sees the rows of their facilities plus the rows they did themselves (their sign-ins).
   */
  /** `viewerId`: the caller, who also sees their own rows outside `facilityScope` (e.g. sign-ins). */
  async list(filters: AuditFilters, facilityScope: string[] | 'all', viewerId?: string): Promise<AuditPage> {
    const limit = filters.limit ?? AUDIT_PAGE_DEFAULT;
    if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) {
      throw new DomainError('invalid_input', `limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}`);
    }
    if (filters.cursor !== undefined && (!Number.isInteger(filters.cursor) || filters.cursor < 1)) {
      throw new DomainError('invalid_input', 'cursor must be a positive whole number');
    }
    const isPrefix = filters.action?.endsWith('.') ?? false;
    // One extra row tells whether another page exists without a count query.
    const rows = await listAuditRecords(this.deps.db, {
      facilityScope,
      viewerId,
      facilityId: filters.facilityId,
      actorType: filters.actorType,
      actorId: filters.actorId,
      action: isPrefix ? undefined : filters.action,
      actionPrefix: isPrefix ? filters.action : undefined,
      from: filters.from,
      to: filters.to,
      beforeId: filters.cursor,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? last.id : null };
  }
}
