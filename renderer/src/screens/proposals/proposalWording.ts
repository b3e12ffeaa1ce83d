import type { ProposalStatusName, ProposalView } from '../../../../shared/proposals.ts';

/** Each status in words, with an icon, so it never rests on colour alone. */
export const statusLabels: Record<ProposalStatusName, { icon: string; label: string }> = {
  pending_review: { icon: '●', label: 'Waiting for review' },
  blocked_by_eval: { icon: '■', label: 'Blocked by eval' },
  evaluating: { icon: '…', label: 'Being evaluated' },
  guardrail_rejected: { icon: '✕', label: 'Refused by the guardrails' },
  approved: { icon: '✓', label: 'Approved' },
  rejected: { icon: '✕', label: 'Rejected' },
  superseded: { icon: '↻', label: 'Replaced by an edit' },
};

export const sourceLabels: Record<ProposalView['source'], string> = {
  claude: 'Claude’s analysis of flagged answers',
  correction: 'A staff correction',
  manager_edit: 'A manager’s edit',
};

/** The queue's order: what needs a decision first, then the rest; newest first within each. */
const statusOrder: Record<ProposalStatusName, number> = {
  pending_review: 0,
  blocked_by_eval: 1,
  evaluating: 2,
  guardrail_rejected: 3,
  approved: 4,
  rejected: 5,
  superseded: 6,
};

export function queueOrder<T extends Pick<ProposalView, 'status' | 'createdAt'>>(
  proposals: readonly T[],
): T[] {
  return [...proposals].sort(
    (a, b) => statusOrder[a.status] - statusOrder[b.status] || b.createdAt.localeCompare(a.createdAt),
  );
}

/** Whether a manager can still decide it (approve, reject or edit). */
export function isDecidable(status: ProposalStatusName): boolean {
  return status === 'pending_review' || status === 'blocked_by_eval';
}

export function formatUsd(usd: number): string {
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The guardrails' rules in words (server/intelligence/proposals/guardrails.ts); an unknown one as it is. */
const refusalRuleLabels: Record<string, string> = {
  path: 'Not an SOP of this agent',
  size: 'Too large',
  new_contact_or_price: 'New number, link, email, price or code',
  injection: 'Reads like instructions to the AI',
  duplicate: 'Already proposed',
  open_proposal: 'Another proposal is open',
  cooldown: 'Changed too recently',
  budget: 'Daily budget used',
  invalid: 'Not a valid SOP',
};

export function refusalRuleLabel(rule: string): string {
  return refusalRuleLabels[rule] ?? rule.replaceAll('_', ' ');
}
