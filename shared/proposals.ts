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

/**
 * The live event published whenever a proposal is created or changes status (type `proposal.changed`,
 * installation-wide). No summary or customer text: the client refetches `proposals.get` for those.
 */
export const PROPOSAL_CHANGED = 'proposal.changed';
export type ProposalChangedEvent = { id: string; status: ProposalStatusName; sopPath: string };

/** What submitting a proposal returns (`sops.proposeEdit`, `proposals.edit`): its id, status and any refusals. */
export type ProposalOutcome = {
  proposalId: string;
  status: ProposalStatusName;
  refusals: Array<{ rule: string; reason: string }>;
};

/** `proposals.uploadFeedback`: what the analysis of an uploaded `clubos feedback export` file did. */
export type FeedbackUploadSummary = {
  /** Feedback lines read (blank lines are not counted). */
  lines: number;
  analysed: number;
  proposals: ProposalOutcome[];
  /** Proposals that reached review (`pending_review` or `blocked_by_eval`). */
  created: number;
  /** Proposals the guardrails refused. */
  refused: number;
  /** Why something was not analysed or not submitted (budget, egress refusal, no SOP to add to). */
  skipped: string[];
  costUsd: number;
};

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
