import { desc } from 'drizzle-orm';
import { advisoryXactLock } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import type { Executor } from '../db/types.ts';
import { type ChainedContent, chainHash, GENESIS_HASH } from './chain.ts';
import type { AuditContext, AuditEntry } from './types.ts';

// Appends are serialised so the chain never forks: the lock is held until the caller's transaction
// commits or rolls back, and the next writer then reads the hash this one wrote.
const AUDIT_CHAIN_LOCK_KEY = 7_310_002;

/**
 * Appends one audit row. Call it with the transaction of the action it describes, so the action and
 * its audit row commit or roll back together.
 */
export async function recordAudit(tx: Executor, context: AuditContext, entry: AuditEntry): Promise<void> {
  await tx.execute(advisoryXactLock(AUDIT_CHAIN_LOCK_KEY));
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: ChainedContent = {
    // Millisecond precision round-trips exactly through timestamptz, so verification recomputes it.
    occurredAt: new Date(),
    actorType: context.actor.type,
    actorId: context.actor.id ?? null,
    actorLabel: context.actor.label,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    facilityId: entry.facilityId ?? null,
    requestId: context.requestId ?? null,
    ip: context.ip ?? null,
    device: context.device ?? null,
    before: normaliseJson(entry.before),
    after: normaliseJson(entry.after),
  };
  await tx.insert(auditLog).values({ ...content, prevHash, hash: chainHash(prevHash, content) });
}

/** What jsonb will hand back: Dates become strings, undefined keys vanish. */
function normaliseJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
