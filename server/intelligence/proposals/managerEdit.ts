import type { StaffUser } from '../../../shared/user.ts';
import type { AuditContext } from '../../audit/types.ts';
import { type ProposalContext, type SubmitOutcome, submitProposal } from './submit.ts';

/**
 * A manager's direct SOP edit (`sops.proposeEdit`) is a proposal like any other: the same guardrails
 * and eval gate, and it goes live only when approved, by another manager unless the editor is an
 * admin (decisions.ts). So no one person can change what every agent answers on their own.
 */
export async function proposeEdit(
  ctx: ProposalContext,
  user: StaffUser,
  input: { sopId: string; newContent: string; summary: string },
  audit: AuditContext,
): Promise<SubmitOutcome> {
  const current = await ctx.sops.get({ documentId: input.sopId });
  return submitProposal(
    ctx,
    {
      agent: current.document.agent,
      sopPath: current.document.path,
      summary: input.summary,
      rationale: `Direct edit by ${user.name}.`,
      evidence: [],
      newContent: input.newContent,
      source: 'manager_edit',
      staffCorrections: [],
      authorId: user.id,
    },
    audit,
  );
}
