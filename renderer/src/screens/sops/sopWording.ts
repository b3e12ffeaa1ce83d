import type { ProposalStatusName } from '../../../../shared/proposals.ts';
import type { SopVersionSource } from '../../../../shared/sops.ts';

export const versionSourceLabels: Record<SopVersionSource, string> = {
  import: 'Imported from the SOP files',
  edit: 'Edited by a manager',
  proposal: 'Approved proposal',
  rollback: 'Rollback',
};

/** The kind of a unified diff line, for its colour and its spoken prefix. */
export function diffLineKind(line: string): 'added' | 'removed' | 'hunk' | 'header' | 'same' {
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'same';
}

/** What happened to a sent edit, in words: it never went live by itself. */
export function editOutcomeText(status: ProposalStatusName, isAdmin: boolean): string {
  const approver = isAdmin ? 'an admin’s approval (yours counts)' : 'another manager’s approval';
  switch (status) {
    case 'pending_review':
      return `Sent for review: it needs ${approver} before it goes live.`;
    case 'blocked_by_eval':
      return `Sent for review, but the eval blocked it: it makes cases that pass today fail. It needs ${approver}, with a reason to override the eval.`;
    case 'evaluating':
      return `Sent for review: the eval is still running. It then needs ${approver}.`;
    case 'guardrail_rejected':
      return 'Refused by the guardrails, so nothing was sent for review. The SOP is unchanged.';
    case 'approved':
    case 'rejected':
    case 'superseded':
      return `The edit is ${status.replaceAll('_', ' ')}.`;
    default: {
      const unexpected: never = status;
      return `The edit is ${String(unexpected)}.`;
    }
  }
}
