import type Anthropic from '@anthropic-ai/sdk';
import type { Agent } from '../../../shared/agents.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { requestProposals } from '../../integrations/anthropic/client.ts';
import { estimateClaudeCostUsd } from '../../integrations/anthropic/pricing.ts';
import { recordModelCall } from '../engine/repository.ts';
import type { SopService } from '../sops/service.ts';
import { buildAnalysisPrompt } from './analysisPrompt.ts';
import {
  claudeSpentToday,
  type FlaggedAnswer,
  knownPiiOf,
  markAnalysed,
  unanalysedFeedback,
  uploadedFeedback,
} from './analysisSource.ts';
import { proposalFromCorrection } from './fromCorrection.ts';
import { EgressRefusedError, Redactor } from './redaction.ts';
import { type ProposalContext, type SubmitOutcome, submitProposal } from './submit.ts';

// The SOP analysis (issue 7): flagged answers become SOP proposals, through Claude when a key is
// configured and straight from staff corrections when not. Either way a proposal only ever lands
// through submitProposal's guardrails, and then review; nothing here changes an SOP.

export type AnalysisDeps = ProposalContext & {
  /** Absent: the offline path (staff corrections only). */
  anthropic?: { client: Anthropic; model: string };
  /** USD per UTC day across all Claude analysis; at or over it, nothing more is sent today. */
  budgetUsd: number;
};

export type AnalysisOptions = {
  facilityId?: string;
  /** An uploaded `clubos feedback export` file, one parsed JSON value per line; replaces the DB read. */
  records?: unknown[];
};

export type AnalysisResult = {
  /** Flagged answers read and finished with (marked analysed when they came from our database). */
  analysed: number;
  proposals: SubmitOutcome[];
  /** Why something was not analysed (or a proposal not submitted); skipped feedback waits for the next run. */
  skipped: string[];
  costUsd: number;
};

export async function runAnalysis(
  deps: AnalysisDeps,
  options: AnalysisOptions,
  audit: AuditContext,
): Promise<AnalysisResult> {
  const answers = options.records
    ? uploadedFeedback(options.records, options.facilityId ?? null)
    : await unanalysedFeedback(deps.db, options.facilityId);
  const result: AnalysisResult = { analysed: 0, proposals: [], skipped: [], costUsd: 0 };
  for (const [agent, group] of groupByAgent(answers)) {
    if (deps.anthropic) await analyseWithClaude(deps, deps.anthropic, agent, group, result, audit);
    else await analyseOffline(deps, group, result, audit);
  }
  await recordAudit(deps.db, audit, {
    action: 'sop.analysis.ran',
    targetType: 'sop_analysis',
    facilityId: options.facilityId ?? null,
    after: {
      via: deps.anthropic ? 'claude' : 'offline',
      uploaded: options.records !== undefined,
      read: answers.length,
      analysed: result.analysed,
      queued: result.proposals.filter((outcome) => outcome.status === 'pending_review').length,
      refused: result.proposals.filter((outcome) => outcome.status === 'guardrail_rejected').length,
      skipped: result.skipped,
      costUsd: result.costUsd,
    },
  });
  return result;
}

function groupByAgent(answers: FlaggedAnswer[]): Map<Agent, FlaggedAnswer[]> {
  const groups = new Map<Agent, FlaggedAnswer[]>();
  for (const answer of answers) groups.set(answer.agent, [...(groups.get(answer.agent) ?? []), answer]);
  return groups;
}

/** No key: each staff correction proposes adding its question and answer to the SOP the answer used. */
async function analyseOffline(
  deps: AnalysisDeps,
  group: FlaggedAnswer[],
  result: AnalysisResult,
  audit: AuditContext,
) {
  // The customer's question is written into the SOP: whoever asked it must not be. (The guardrails
  // would refuse the new phone number or email anyway, losing the staff answer with it.)
  const redactor = new Redactor(await knownPiiOf(deps.db, group));
  for (const answer of group) {
    const correction = answer.correction?.trim();
    const sopPath = answer.sopVersions[0]?.path;
    if (correction && !sopPath) result.skipped.push(`${answer.id}: the answer used no SOP to add to`);
    if (correction && sopPath) {
      const current = await currentContent(deps.sops, sopPath);
      if (current === null) result.skipped.push(`${answer.id}: ${sopPath} no longer exists`);
      else {
        const draft = proposalFromCorrection(
          { interactionId: answer.id, query: withoutPii(redactor, answer.query), correction, sopPath },
          current.content,
        );
        result.proposals.push(
          await submitProposal(
            deps,
            {
              ...draft,
              agent: current.agent,
              source: 'correction',
              staffCorrections: [correction],
              // Stays here: the eval replays it locally, nothing leaves.
              evidenceQueries: [answer.query],
              facilityId: answer.facilityId,
            },
            audit,
          ),
        );
      }
    }
    // Without a key there is nothing more to learn from it; with one it would have gone to Claude.
    await markAnalysed(deps.db, [answer], deps.now());
    result.analysed += 1;
  }
}

async function analyseWithClaude(
  deps: AnalysisDeps,
  anthropic: { client: Anthropic; model: string },
  agent: Agent,
  group: FlaggedAnswer[],
  result: AnalysisResult,
  audit: AuditContext,
) {
  const spent = await claudeSpentToday(deps.db, deps.now());
  if (spent >= deps.budgetUsd) {
    result.skipped.push(
      `${agent}: the daily Claude budget of $${deps.budgetUsd.toFixed(2)} is used ($${spent.toFixed(4)} spent today); ${group.length} left for tomorrow`,
    );
    return;
  }
  const sops = await agentSops(deps.sops, agent);
  let prompt: ReturnType<typeof buildAnalysisPrompt>;
  try {
    prompt = buildAnalysisPrompt({
      agent,
      sops,
      interactions: group.map((answer) => ({
        interactionId: answer.id,
        query: answer.query,
        response: answer.response,
        reason: answer.reason,
        correction: answer.correction,
        sop_versions: answer.sopVersions,
      })),
      known: await knownPiiOf(deps.db, group),
    });
  } catch (error) {
    if (!(error instanceof EgressRefusedError)) throw error;
    result.skipped.push(
      `${agent}: nothing sent, personal data would have left: ${error.problems.join('; ')}`,
    );
    return;
  }

  const facilityId = onlyFacility(group);
  const startedAt = performance.now();
  let reply: Awaited<ReturnType<typeof requestProposals>>;
  try {
    reply = await requestProposals(anthropic.client, {
      model: anthropic.model,
      system: prompt.system,
      user: prompt.user,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordModelCall(deps.db, {
      facilityId,
      purpose: 'analysis',
      provider: 'anthropic',
      model: anthropic.model,
      latencyMs: Math.round(performance.now() - startedAt),
      ok: false,
      error: message.slice(0, 500),
      createdAt: deps.now(),
    });
    result.skipped.push(`${agent}: Claude call failed, will retry next run: ${message}`);
    return;
  }
  const cost = estimateClaudeCostUsd(reply.model, reply.usage).usd;
  await recordModelCall(deps.db, {
    facilityId,
    purpose: 'analysis',
    provider: 'anthropic',
    model: reply.model,
    promptTokens: reply.usage.inputTokens,
    completionTokens: reply.usage.outputTokens,
    costUsd: cost,
    latencyMs: reply.latencyMs,
    ok: true,
    createdAt: deps.now(),
  });
  result.costUsd += cost;

  const byId = new Map(group.map((answer) => [answer.id, answer]));
  for (const proposal of reply.proposals) {
    const cited = mapEvidence(proposal.evidence, prompt.interactionIds).flatMap((id) => byId.get(id) ?? []);
    if (cited.length === 0) {
      result.skipped.push(`${proposal.sopPath}: Claude's proposal cites no interaction it was sent`);
      continue;
    }
    result.proposals.push(
      await submitProposal(
        deps,
        {
          agent,
          sopPath: proposal.sopPath,
          summary: proposal.summary,
          rationale: proposal.rationale,
          evidence: cited.map((answer) => answer.id),
          newContent: proposal.newContent,
          source: 'claude',
          staffCorrections: cited.flatMap((answer) => (answer.correction ? [answer.correction] : [])),
          evidenceQueries: cited.map((answer) => answer.query),
          facilityId: onlyFacility(cited),
          model: reply.model,
          costUsd: cost / reply.proposals.length,
        },
        audit,
      ),
    );
  }
  // After the proposals are stored: a crash before this re-sends the group, never loses it.
  await markAnalysed(deps.db, group, deps.now());
  result.analysed += group.length;
}

/**
 * Claude cites interactions by the prompt's ref ("1" is interactionIds[0]); a real id is accepted
 * as well. Anything else is dropped, so a proposal can only cite what it was shown.
 */
export function mapEvidence(evidence: string[], interactionIds: string[]): string[] {
  const ids = evidence.flatMap((cited) => {
    const ref = /^\s*(?:ref\s*=?\s*)?"?(\d+)"?\s*$/i.exec(cited)?.[1];
    const byRef = ref ? interactionIds[Number(ref) - 1] : undefined;
    if (byRef) return [byRef];
    return interactionIds.includes(cited) ? [cited] : [];
  });
  return [...new Set(ids)];
}

function onlyFacility(answers: FlaggedAnswer[]): string | null {
  const ids = new Set(answers.map((answer) => answer.facilityId));
  return ids.size === 1 ? ([...ids][0] ?? null) : null;
}

async function agentSops(sops: SopService, agent: Agent) {
  const docs = (await sops.list()).filter((doc) => doc.agent === agent);
  return Promise.all(
    docs.map(async (doc) => ({ path: doc.path, content: (await sops.get({ path: doc.path })).content })),
  );
}

async function currentContent(sops: SopService, path: string) {
  const doc = (await sops.list()).find((entry) => entry.path === path);
  if (!doc) return null;
  return { agent: doc.agent, content: (await sops.get({ path })).content };
}

/** "call 902 555 0199" → "call (phone removed)": readable in an SOP, and nobody's details. */
function withoutPii(redactor: Redactor, text: string): string {
  return redactor
    .redact(text)
    .text.replace(/\[([A-Z]+)_\d+\]/g, (_, kind: string) => `(${kind.toLowerCase()} removed)`);
}
