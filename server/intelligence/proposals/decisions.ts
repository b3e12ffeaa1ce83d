import { eq } from 'drizzle-orm';
import type { StaffUser } from '../../../shared/user.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { sopDocuments, sopProposals } from '../../db/schema/index.ts';
import type { Tx } from '../../db/types.ts';
import { DomainError, notFound } from '../../errors.ts';
import { updateProposal } from './repository.ts';
import { type ProposalContext, type SubmitOutcome, submitProposal } from './submit.ts';

// A manager's decisions. Approval is the only way a proposal becomes an SOP version, and it writes
// the version, its sections and the proposal's new state in one transaction.

async function lockProposal(tx: Tx, id: string) {
  const [row] = await tx.select().from(sopProposals).where(eq(sopProposals.id, id)).for('update');
  if (!row) throw notFound('Proposal');
  return row;
}

export async function approveProposal(
  ctx: ProposalContext,
  user: StaffUser,
  input: { id: string; overrideReason?: string | undefined },
  audit: AuditContext,
): Promise<{ version: number }> {
  return ctx.db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.id);
    if (proposal.status === 'blocked_by_eval' && !input.overrideReason?.trim()) {
      throw new DomainError(
        'precondition_failed',
        'The eval gate blocked this proposal: approving it needs an override reason, which is audited.',
      );
    }
    if (proposal.status !== 'pending_review' && proposal.status !== 'blocked_by_eval') {
      throw new DomainError(
        'conflict',
        `This proposal is ${proposal.status.replaceAll('_', ' ')}; it cannot be approved.`,
      );
    }
    if (proposal.source === 'manager_edit' && proposal.authorId === user.id && user.role !== 'admin') {
      throw new DomainError('forbidden', 'A direct SOP edit needs another manager’s approval.');
    }
    if (!proposal.documentId) {
      throw new DomainError(
        'precondition_failed',
        'Proposals for new SOP files cannot be approved yet; add the file and import it.',
      );
    }
    const [document] = await tx.select().from(sopDocuments).where(eq(sopDocuments.id, proposal.documentId));
    if (!document || document.currentVersionId !== proposal.baseVersionId) {
      throw new DomainError(
        'conflict',
        `${proposal.sopPath} changed after this proposal was written; ask for a new one.`,
      );
    }
    const created = await ctx.sops.createVersion(
      proposal.documentId,
      proposal.newContent,
      {
        source: 'proposal',
        note: `Proposal ${proposal.id}: ${proposal.summary}`,
        createdBy: proposal.authorId,
        audit,
      },
      tx,
    );
    const now = ctx.now();
    await updateProposal(tx, proposal.id, {
      status: 'approved',
      decidedBy: user.id,
      decidedAt: now,
      overrideReason: input.overrideReason?.trim() || null,
      appliedVersionId: created.id,
      updatedAt: now,
    });
    await recordAudit(tx, audit, {
      action: input.overrideReason ? 'sop.proposal.approved_over_eval' : 'sop.proposal.approved',
      targetType: 'sop_proposal',
      targetId: proposal.id,
      before: { status: proposal.status },
      after: {
        version: created.version,
        sopPath: proposal.sopPath,
        overrideReason: input.overrideReason ?? null,
      },
    });
    return { version: created.version };
  });
}

export async function rejectProposal(
  ctx: ProposalContext,
  user: StaffUser,
  input: { id: string; reason: string },
  audit: AuditContext,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.id);
    if (!['pending_review', 'blocked_by_eval', 'evaluating'].includes(proposal.status)) {
      throw new DomainError(
        'conflict',
        `This proposal is ${proposal.status.replaceAll('_', ' ')}; it cannot be rejected.`,
      );
    }
    const now = ctx.now();
    await updateProposal(tx, proposal.id, {
      status: 'rejected',
      decidedBy: user.id,
      decidedAt: now,
      decisionReason: input.reason,
      updatedAt: now,
    });
    await recordAudit(tx, audit, {
      action: 'sop.proposal.rejected',
      targetType: 'sop_proposal',
      targetId: proposal.id,
      before: { status: proposal.status },
      after: { reason: input.reason },
    });
  });
}

/**
 * A manager's edit of a proposal: the old one is superseded and the edited text goes through the
 * guardrails and the eval gate again, as a new proposal with the same evidence.
 */
export async function editProposal(
  ctx: ProposalContext,
  user: StaffUser,
  input: { id: string; newContent: string },
  audit: AuditContext,
): Promise<SubmitOutcome> {
  const original = await ctx.db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.id);
    if (proposal.status !== 'pending_review' && proposal.status !== 'blocked_by_eval') {
      throw new DomainError(
        'conflict',
        `This proposal is ${proposal.status.replaceAll('_', ' ')}; it cannot be edited.`,
      );
    }
    await updateProposal(tx, proposal.id, { status: 'superseded', decidedBy: user.id, decidedAt: ctx.now() });
    await recordAudit(tx, audit, {
      action: 'sop.proposal.edited',
      targetType: 'sop_proposal',
      targetId: proposal.id,
      before: { status: proposal.status },
    });
    return proposal;
  });
  return submitProposal(
    ctx,
    {
      agent: original.agent,
      sopPath: original.sopPath,
      summary: `${original.summary} (edited by ${user.name})`,
      rationale: original.rationale,
      evidence: original.evidence,
      newContent: input.newContent,
      source: original.source,
      staffCorrections: [],
      facilityId: original.facilityId,
      authorId: original.authorId,
    },
    audit,
  );
}
