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
    actorId: storedText(context.actor.id),
    actorLabel: storedText(context.actor.label),
    action: utf8(entry.action),
    targetType: storedText(entry.targetType),
    targetId: storedText(entry.targetId),
    // uuid columns read back in lower case.
    facilityId: storedText(entry.facilityId)?.toLowerCase() ?? null,
    requestId: storedText(context.requestId),
    ip: storedText(context.ip),
    device: storedText(context.device),
    before: normaliseJson(entry.before),
    after: normaliseJson(entry.after),
  };
  await tx.insert(auditLog).values({ ...content, prevHash, hash: chainHash(prevHash, content) });
}

/** What jsonb will hand back: Dates become strings, undefined keys vanish. */
function normaliseJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value), (_key, entry) =>
    typeof entry === 'string' ? utf8(entry) : entry,
  );
}

function storedText(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : utf8(value);
}

// Client-supplied text can hold a lone surrogate, which UTF-8 cannot carry: the driver writes U+FFFD
// instead (and jsonb refuses the escaped form). Hashing what is actually stored keeps the chain
// verifiable and stops odd input from making the audited action fail.
function utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
