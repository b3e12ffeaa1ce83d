import { z } from 'zod';

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
  /** What the eval gate's model judge cost (0 with the offline rubric). */
  evalCostUsd: number;
  decisionReason: string | null;
  overrideReason: string | null;
  createdAt: string;
  decidedAt: string | null;
};

export type ProposalDetail = ProposalView & {
  /** The SOP as it is now (null for a new file) and as the proposal would make it. */
  currentContent: string | null;
  newContent: string;
  /** Null until the eval gate has run (and for a proposal the guardrails refused). */
  evalReport: EvalReport | null;
  /** The flagged answers it cites, in its order, redacted as they were for the analysis. */
  evidenceThreads: ProposalEvidence[];
};

/**
 * One cited flagged answer: the question, the answer, why it was flagged, the staff correction and the
 * last texts of its thread, all with phone numbers, emails, contact names, cards and codes replaced by
 * placeholders. `found: false` for an uploaded file's line or feedback that no longer exists.
 */
export type ProposalEvidence =
  | { id: string; found: false }
  | {
      id: string;
      found: true;
      facilityName: string;
      agent: 'emergency' | 'booking' | 'tech_support' | 'brand';
      flaggedBy: 'staff' | 'customer' | 'edit';
      reason: string;
      question: string;
      answer: string;
      correction: string | null;
      flaggedAt: string;
      thread: Array<{ direction: 'inbound' | 'outbound'; body: string; at: string }>;
    };

/**
 * Where an eval case comes from: `golden` (hand-written, sops/evals/), `helpful` (a past answer that was
 * sent and never flagged), `correction` (a staff-corrected answer) or `evidence` (the proposal's own
 * flagged questions, shown but never blocking).
 */
export const evalCaseSources = ['golden', 'helpful', 'correction', 'evidence'] as const;
export type EvalCaseSource = (typeof evalCaseSources)[number];

const evalVerdictSchema = z.object({
  pass: z.boolean(),
  reasons: z.array(z.string()),
  answer: z.string(),
  /** Set when the configured model could not judge this case and the offline rubric did; says why. */
  fallback: z.string().optional(),
});

export const evalCaseResultSchema = z.preprocess(
  // Reports written before sources existed hold hand-written cases and `evidence-n` ones only.
  (value) =>
    typeof value === 'object' && value !== null && !('source' in value)
      ? {
          ...value,
          source: String((value as { id?: unknown }).id).startsWith('evidence-') ? 'evidence' : 'golden',
        }
      : value,
  z.object({
    id: z.string(),
    source: z.enum(evalCaseSources),
    query: z.string(),
    /** The answer a history case expects (what was sent, or the staff correction); null for a rubric case. */
    expected: z.string().nullable().default(null),
    before: evalVerdictSchema,
    after: evalVerdictSchema,
  }),
);
export type EvalCaseResult = z.output<typeof evalCaseResultSchema>;

/** The eval gate's report, stored on the proposal (`sop_proposals.eval_report`) and shown in review. */
export const evalReportSchema = z.object({
  cases: z.array(evalCaseResultSchema),
  /** Cases (not evidence) that passed before the change and fail after it: any one blocks the proposal. */
  broken: z.array(z.string()),
  fixed: z.array(z.string()),
  /** `offline rubric`, or the model that judged (e.g. `gpt-4o`, `claude-sonnet-4-5`). */
  judge: z.string(),
  /** USD spent on model judging for this report (0 offline). */
  costUsd: z.number().default(0),
  /** Cases the model could not judge, judged by the offline rubric instead (both sides of each). */
  fallbacks: z.number().int().default(0),
  /** What a reviewer should know about how the report was made (fallbacks, budget). */
  notes: z.array(z.string()).default([]),
});
export type EvalReport = z.output<typeof evalReportSchema>;
