// SOP proposals as the API returns them (proposals.*). Dates are ISO strings.

export const proposalStatuses = [
  'guardrail_rejected',
  'evaluating',
  'pending_review',
  'blocked_by_eval',
  'approved',
  'rejected',
  'superseded',
] as const;
export type ProposalStatusName = (typeof proposalStatuses)[number];

export type ProposalView = {
  id: string;
  sopPath: string;
  agent: 'emergency' | 'booking' | 'tech_support' | 'brand';
  source: 'claude' | 'correction' | 'manager_edit';
  status: ProposalStatusName;
  summary: string;
  rationale: string;
  evidence: string[];
  changedLines: number;
  refusals: Array<{ rule: string; reason: string }>;
  costUsd: number;
  decisionReason: string | null;
  overrideReason: string | null;
  createdAt: string;
  decidedAt: string | null;
};

export type ProposalDetail = ProposalView & {
  /** The SOP as it is now (null for a new file) and as the proposal would make it. */
  currentContent: string | null;
  newContent: string;
  evalReport: unknown;
};
