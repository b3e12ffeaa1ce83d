import { and, desc, eq, gte, inArray, or } from 'drizzle-orm';
import { type ProposalStatus, sopProposals } from '../../db/schema/index.ts';
import type { Executor } from '../../db/types.ts';

// The only code that touches sop_proposals.

export const OPEN_STATUSES: ProposalStatus[] = ['evaluating', 'pending_review', 'blocked_by_eval'];

export type NewProposal = typeof sopProposals.$inferInsert;

export async function insertProposal(db: Executor, proposal: NewProposal) {
  const [row] = await db.insert(sopProposals).values(proposal).returning();
  if (!row) throw new Error('proposal insert returned no row');
  return row;
}

export async function openProposalFor(db: Executor, sopPath: string) {
  const [row] = await db
    .select({ id: sopProposals.id })
    .from(sopProposals)
    .where(and(eq(sopProposals.sopPath, sopPath), inArray(sopProposals.status, OPEN_STATUSES)))
    .limit(1);
  return row;
}

/** When this SOP last had a proposal approved, if ever. */
export async function lastApprovalOf(db: Executor, sopPath: string): Promise<Date | null> {
  const [row] = await db
    .select({ decidedAt: sopProposals.decidedAt })
    .from(sopProposals)
    .where(and(eq(sopProposals.sopPath, sopPath), eq(sopProposals.status, 'approved')))
    .orderBy(desc(sopProposals.decidedAt))
    .limit(1);
  return row?.decidedAt ?? null;
}

/** Diff keys of this SOP's open proposals and of those rejected (by a person or a guardrail) since `since`. */
export async function recentDiffKeys(db: Executor, sopPath: string, since: Date): Promise<string[]> {
  const rows = await db
    .select({ diffKey: sopProposals.diffKey })
    .from(sopProposals)
    .where(
      and(
        eq(sopProposals.sopPath, sopPath),
        or(
          inArray(sopProposals.status, OPEN_STATUSES),
          and(
            inArray(sopProposals.status, ['rejected', 'guardrail_rejected']),
            gte(sopProposals.createdAt, since),
          ),
        ),
      ),
    );
  return rows.map((row) => row.diffKey);
}

export async function updateProposal(db: Executor, id: string, changes: Partial<NewProposal>) {
  const [row] = await db.update(sopProposals).set(changes).where(eq(sopProposals.id, id)).returning();
  if (!row) throw new Error(`proposal ${id} vanished`);
  return row;
}
