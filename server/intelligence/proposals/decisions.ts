import { eq } from 'drizzle-orm';
import type { StaffUser } from '../../../shared/user.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { sopDocuments, sopProposals } from '../../db/schema/index.ts';
import type { Tx } from '../../db/types.ts';
import { DomainError, notFound } from '../../errors.ts';
import type { CreatedVersion } from '../sops/versions.ts';
import { correctionsCited } from './evidence.ts';
import { publishProposalChanged } from './notify.ts';
import { updateProposal } from './repository.ts';
import { type ProposalContext, type SubmitOutcome, submitProposal } from './submit.ts';

// A manager's decisions. Approval is the only way a proposal becomes an SOP version, and it writes
// the version (or, for a new file, the document and its version 1), its sections, the proposal's new
// state, the audit rows and the live events in one transaction; the SOPS_DIR mirror follows the commit.

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
  const created = await ctx.db.transaction(async (tx) => {
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
    const options = {
      // A manager's direct edit is an edit in the history, even though it went through review.
      source: proposal.source === 'manager_edit' ? ('edit' as const) : ('proposal' as const),
      note: `Proposal ${proposal.id}: ${proposal.summary}`,
      createdBy: proposal.authorId,
      approvedBy: user.id,
      proposalId: proposal.id,
      audit,
    };
    let created: CreatedVersion;
    if (proposal.documentId) {
      const [document] = await tx.select().from(sopDocuments).where(eq(sopDocuments.id, proposal.documentId));
      if (!document || document.currentVersionId !== proposal.baseVersionId) {
        throw new DomainError(
          'conflict',
          `${proposal.sopPath} changed after this proposal was written; ask for a new one.`,
        );
      }
      created = await ctx.sops.createVersion(proposal.documentId, proposal.newContent, options, tx);
    } else {
      // A new file in the agent's folder (the guardrails allowed nothing else); a conflict if another
      // writer created that path since.
      created = await ctx.sops.createDocument(
        { path: proposal.sopPath, agent: proposal.agent, content: proposal.newContent },
        options,
        tx,
      );
    }
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
        newFile: proposal.documentId === null,
      },
    });
    await publishProposalChanged(tx, { id: proposal.id, status: 'approved', sopPath: proposal.sopPath });
    return created;
  });
  await ctx.sops.mirror(created);
  return { version: created.version };
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
    await publishProposalChanged(tx, { id: proposal.id, status: 'rejected', sopPath: proposal.sopPath });
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
    await publishProposalChanged(tx, { id: proposal.id, status: 'superseded', sopPath: proposal.sopPath });
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
      // The edited text may keep what the cited corrections brought in (a number, a link), as the
      // original could; anything else new is refused as before.
      staffCorrections: await correctionsCited(ctx.db, original.evidence),
      facilityId: original.facilityId,
      authorId: original.authorId,
    },
    audit,
  );
}
