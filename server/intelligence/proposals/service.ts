import { desc, eq } from 'drizzle-orm';
import type OpenAI from 'openai';
import type {
  FeedbackUploadSummary,
  ProposalDetail,
  ProposalStatusName,
  ProposalView,
} from '../../../shared/proposals.ts';
import type { StaffUser } from '../../../shared/user.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { type SopProposalRow, sopProposals } from '../../db/schema/index.ts';
import { DomainError, notFound } from '../../errors.ts';
import { createAnthropicClient } from '../../integrations/anthropic/client.ts';
import type { SlackNotifier } from '../../integrations/slack/notifier.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { ServiceDeps } from '../../services.ts';
import type { SopService } from '../sops/service.ts';
import { type AnalysisDeps, runAnalysis } from './analysis.ts';
import { requestAnalysis } from './analysisJob.ts';
import { approveProposal, editProposal, rejectProposal } from './decisions.ts';
import { storedEvalReport } from './evalResults.ts';
import { evidenceOf } from './evidence.ts';
import { evalJudgeFromConfig } from './judge.ts';
import { proposeEdit } from './managerEdit.ts';
import { type ProposalContext, type SubmittedProposal, submitProposal } from './submit.ts';
import { parseFeedbackUpload } from './upload.ts';

const COOLDOWN_MS = 24 * 3_600_000;

/** SOP proposals: submitted through the guardrails and the eval gate, decided by managers. */
export class ProposalService {
  private readonly ctx: ProposalContext;

  private readonly analysis: AnalysisDeps;

  constructor(
    deps: ServiceDeps,
    sops: SopService,
    private readonly jobs: JobQueue | undefined,
    alerts?: SlackNotifier,
    /** The services' OpenAI client, when configured: the eval gate's judge. */
    openai?: OpenAI,
  ) {
    const claude = deps.config.ai.anthropic;
    const anthropic = claude
      ? createAnthropicClient({
          apiKey: claude.apiKey,
          ...(claude.baseURL ? { baseURL: claude.baseURL } : {}),
          timeoutMs: 120_000,
          maxRetries: 2,
        })
      : undefined;
    this.ctx = {
      db: deps.db,
      now: deps.now,
      sops,
      cooldownMs: COOLDOWN_MS,
      alerts,
      evalJudge: evalJudgeFromConfig(deps.config.ai, { openai, anthropic }),
    };
    this.analysis = {
      ...this.ctx,
      budgetUsd: deps.config.ai.claudeDailyBudgetUsd,
      ...(claude && anthropic ? { anthropic: { client: anthropic, model: claude.model } } : {}),
    };
  }

  /** The hourly job's work (and a manager's "analyse now", or an uploaded JSONL file's lines). */
  runAnalysis(options: { facilityId?: string | undefined; records?: unknown[] }, audit: AuditContext) {
    return runAnalysis(this.analysis, options, audit);
  }

  /** Queues an analysis run now; the job runs it (and its retries) like the hourly one. */
  async requestAnalysis(facilityId: string | null): Promise<void> {
    if (!this.jobs) throw new Error('analysis needs the job queue');
    await requestAnalysis(this.jobs, facilityId ? { facilityId } : {});
  }

  /**
   * A manager's uploaded `clubos feedback export` file: every line validated first, then analysed
   * now (not queued), so the manager sees what it proposed. The audit row holds counts only.
   */
  async uploadFeedback(
    input: { jsonl: string; facilityId: string | null },
    audit: AuditContext,
  ): Promise<FeedbackUploadSummary> {
    const records = parseFeedbackUpload(input.jsonl);
    const result = await runAnalysis(
      this.analysis,
      { records, ...(input.facilityId ? { facilityId: input.facilityId } : {}) },
      audit,
    );
    const summary: FeedbackUploadSummary = {
      lines: records.length,
      analysed: result.analysed,
      proposals: result.proposals,
      created: result.proposals.filter(
        (outcome) => outcome.status === 'pending_review' || outcome.status === 'blocked_by_eval',
      ).length,
      refused: result.proposals.filter((outcome) => outcome.status === 'guardrail_rejected').length,
      skipped: result.skipped,
      costUsd: result.costUsd,
    };
    // In a transaction: the audit chain's lock is transaction-scoped.
    const after = {
      lines: summary.lines,
      bytes: Buffer.byteLength(input.jsonl, 'utf8'),
      analysed: summary.analysed,
      created: summary.created,
      refused: summary.refused,
      skipped: summary.skipped.length,
    };
    await this.ctx.db.transaction((tx) =>
      recordAudit(tx, audit, {
        action: 'sop.feedback.uploaded',
        targetType: 'sop_analysis',
        facilityId: input.facilityId,
        after,
      }),
    );
    return summary;
  }

  get context(): ProposalContext {
    return this.ctx;
  }

  submit(input: SubmittedProposal, audit: AuditContext) {
    return submitProposal(this.ctx, input, audit);
  }

  async list(filter: { status?: ProposalStatusName | undefined }): Promise<ProposalView[]> {
    const rows = await this.ctx.db
      .select()
      .from(sopProposals)
      .where(filter.status ? eq(sopProposals.status, filter.status) : undefined)
      .orderBy(desc(sopProposals.createdAt))
      .limit(200);
    return rows.map(proposalView);
  }

  async get(id: string): Promise<ProposalDetail> {
    const [row] = await this.ctx.db.select().from(sopProposals).where(eq(sopProposals.id, id));
    if (!row) throw notFound('Proposal');
    let currentContent: string | null = null;
    try {
      currentContent = (await this.ctx.sops.get({ path: row.sopPath })).content;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    return {
      ...proposalView(row),
      currentContent,
      newContent: row.newContent,
      evalReport: storedEvalReport(row.evalReport),
      evidenceThreads: await evidenceOf(this.ctx.db, row.evidence),
    };
  }

  approve(user: StaffUser, input: { id: string; overrideReason?: string | undefined }, audit: AuditContext) {
    return approveProposal(this.ctx, user, input, audit);
  }

  reject(user: StaffUser, input: { id: string; reason: string }, audit: AuditContext) {
    return rejectProposal(this.ctx, user, input, audit);
  }

  edit(user: StaffUser, input: { id: string; newContent: string }, audit: AuditContext) {
    return editProposal(this.ctx, user, input, audit);
  }

  proposeEdit(
    user: StaffUser,
    input: { sopId: string; newContent: string; summary: string },
    audit: AuditContext,
  ) {
    return proposeEdit(this.ctx, user, input, audit);
  }
}

function proposalView(row: SopProposalRow): ProposalView {
  return {
    id: row.id,
    sopPath: row.sopPath,
    agent: row.agent,
    source: row.source,
    status: row.status,
    summary: row.summary,
    rationale: row.rationale,
    evidence: row.evidence,
    changedLines: row.changedLines,
    refusals: row.refusals,
    costUsd: row.costUsd,
    evalCostUsd: row.evalCostUsd,
    decisionReason: row.decisionReason,
    overrideReason: row.overrideReason,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}
