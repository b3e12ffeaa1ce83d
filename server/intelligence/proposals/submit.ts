import type { SopAgent } from '../../../shared/sops.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { ProposalSource, ProposalStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { DomainError } from '../../errors.ts';
import type { SlackNotifier } from '../../integrations/slack/notifier.ts';
import type { SopService } from '../sops/service.ts';
import { evaluateProposal } from './evalGate.ts';
import { checkProposal, type GuardrailRefusal } from './guardrails.ts';
import type { EvalJudgeSetup } from './judge.ts';
import { normalizedDiffKey } from './normalizedDiff.ts';
import { alertManagers, publishProposalChanged } from './notify.ts';
import {
  insertProposal,
  lastApprovalOf,
  openProposalFor,
  recentDiffKeys,
  updateProposal,
} from './repository.ts';

export type ProposalContext = {
  db: Db;
  now: () => Date;
  sops: SopService;
  /** After an approval, no new proposal for that SOP for this long. */
  cooldownMs: number;
  /** Slack, for proposals that reach review; unset where nobody is alerted (some tests). */
  alerts?: SlackNotifier | undefined;
  /** The eval gate's model judge (evalJudgeFromConfig); unset: the offline rubric judges. */
  evalJudge?: EvalJudgeSetup | undefined;
};

export type SubmittedProposal = {
  agent: SopAgent;
  sopPath: string;
  summary: string;
  rationale: string;
  evidence: string[];
  newContent: string;
  source: ProposalSource;
  /** The corrections among the evidence: the only place a new number or link may come from. */
  staffCorrections: string[];
  facilityId?: string | null;
  authorId?: string | null;
  model?: string | null;
  costUsd?: number;
  /** The customers' questions behind the evidence, replayed by the eval gate too. */
  evidenceQueries?: string[];
};

export type SubmitOutcome = { proposalId: string; status: ProposalStatus; refusals: GuardrailRefusal[] };

/** Rejected proposals stay duplicates this long, so the same rejected idea does not come straight back. */
const DUPLICATE_MEMORY_MS = 30 * 24 * 3_600_000;

/**
 * Queues a proposal only if every guardrail holds; otherwise it is kept as `guardrail_rejected` with
 * each reason, so a manager can see what was refused and why. Nothing here changes an SOP.
 */
export async function submitProposal(
  ctx: ProposalContext,
  input: SubmittedProposal,
  audit: AuditContext,
): Promise<SubmitOutcome> {
  const current = await currentSop(ctx.sops, input.sopPath);
  const existingPaths = (await ctx.sops.list()).map((doc) => doc.path);
  const now = ctx.now();
  const check = checkProposal({
    agent: input.agent,
    proposal: input,
    currentContent: current?.content ?? null,
    existingPaths,
    staffCorrections: input.staffCorrections,
    recentDiffKeys: await recentDiffKeys(
      ctx.db,
      input.sopPath,
      new Date(now.getTime() - DUPLICATE_MEMORY_MS),
    ),
  });
  const refusals = check.ok ? [] : [...check.refusals];
  if (await openProposalFor(ctx.db, input.sopPath)) {
    refusals.push({
      rule: 'open_proposal',
      reason: `${input.sopPath} already has a proposal waiting for review.`,
    });
  }
  const approvedAt = await lastApprovalOf(ctx.db, input.sopPath);
  if (approvedAt && now.getTime() - approvedAt.getTime() < ctx.cooldownMs) {
    const hours = Math.round(ctx.cooldownMs / 3_600_000);
    refusals.push({
      rule: 'cooldown',
      reason: `${input.sopPath} was changed less than ${hours} h ago; let it settle first.`,
    });
  }
  const values = {
    sopPath: input.sopPath,
    agent: input.agent,
    documentId: current?.documentId ?? null,
    baseVersionId: current?.versionId ?? null,
    source: input.source,
    summary: input.summary,
    rationale: input.rationale,
    evidence: input.evidence,
    newContent: input.newContent,
    diffKey: normalizedDiffKey(current?.content ?? null, input.newContent),
    changedLines: check.ok ? check.changedLines : 0,
    model: input.model ?? null,
    costUsd: input.costUsd ?? 0,
    facilityId: input.facilityId ?? null,
    authorId: input.authorId ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const store = async (status: ProposalStatus, kept: GuardrailRefusal[]) =>
    ctx.db.transaction(async (tx) => {
      const row = await insertProposal(tx, { ...values, status, refusals: kept });
      await recordAudit(tx, audit, {
        action: status === 'guardrail_rejected' ? 'sop.proposal.refused' : 'sop.proposal.queued',
        targetType: 'sop_proposal',
        targetId: row.id,
        after: { sopPath: row.sopPath, source: row.source, refusals: kept.map((refusal) => refusal.rule) },
      });
      // After the audit row: the audit chain's lock is always taken before the events' lock.
      await publishProposalChanged(tx, row);
      return { proposalId: row.id, status, refusals: kept };
    });
  if (refusals.length > 0) return store('guardrail_rejected', refusals);
  let queued: SubmitOutcome;
  try {
    queued = await store('evaluating', []);
  } catch (error) {
    // Another instance queued one for this SOP between our check and insert: the index kept it to one.
    if (!isUniqueViolation(error)) throw error;
    return store('guardrail_rejected', [
      { rule: 'open_proposal', reason: `${input.sopPath} already has a proposal waiting for review.` },
    ]);
  }
  return gate(ctx, queued.proposalId, input, audit);
}

/**
 * Replays the golden set on the SOPs with and without the change; a broken case blocks it. The judge
 * is the context's model (`evalJudge`), else the offline rubric; what it cost is stored beside the
 * report.
 */
async function gate(
  ctx: ProposalContext,
  proposalId: string,
  input: SubmittedProposal,
  audit: AuditContext,
): Promise<SubmitOutcome> {
  const report = await evaluateProposal(
    { db: ctx.db, sops: ctx.sops, now: ctx.now, judge: ctx.evalJudge },
    {
      agent: input.agent,
      sopPath: input.sopPath,
      newContent: input.newContent,
      evidenceQueries: input.evidenceQueries ?? [],
      facilityId: input.facilityId ?? null,
    },
  );
  const status: ProposalStatus = report.broken.length > 0 ? 'blocked_by_eval' : 'pending_review';
  await ctx.db.transaction(async (tx) => {
    await updateProposal(tx, proposalId, {
      status,
      evalReport: report,
      evalCostUsd: report.costUsd,
      updatedAt: ctx.now(),
    });
    await recordAudit(tx, audit, {
      action: status === 'blocked_by_eval' ? 'sop.proposal.blocked_by_eval' : 'sop.proposal.evaluated',
      targetType: 'sop_proposal',
      targetId: proposalId,
      after: {
        broken: report.broken,
        fixed: report.fixed,
        cases: report.cases.length,
        judge: report.judge,
        fallbacks: report.fallbacks,
        costUsd: report.costUsd,
      },
    });
    await publishProposalChanged(tx, { id: proposalId, status, sopPath: input.sopPath });
    await alertManagers(ctx.alerts, tx, {
      status,
      sopPath: input.sopPath,
      summary: input.summary,
      source: input.source,
    });
  });
  return { proposalId, status, refusals: [] };
}

async function currentSop(sops: SopService, path: string) {
  try {
    const view = await sops.get({ path });
    return { documentId: view.document.id, versionId: view.version.id, content: view.content };
  } catch (error) {
    // A new file, or a path the guardrails will refuse by name.
    if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'invalid_input'))
      return null;
    throw error;
  }
}
