import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { Executor } from '../../db/types.ts';
import { budgetState } from '../engine/budget.ts';
import { facilityRow, recordModelCall } from '../engine/repository.ts';
import { claudeSpentToday } from './analysisSource.ts';
import { type EvalCase, judgeOffline } from './evalCases.ts';
import type { Verdict } from './golden.ts';
import { claudeJudge, type JudgeCall, JudgeCallError, type JudgeModel, openaiJudge } from './judgeModels.ts';
import { buildJudgePrompt, type JudgePrompt } from './judgePrompt.ts';
import { EgressRefusedError } from './redaction.ts';

// Who judges the eval gate's cases: GPT when OpenAI is configured, else Claude when Anthropic is,
// else the offline rubric. A model judges both sides of a case (before and after the change), so
// both are compared by the same judge; when it cannot (an outage, a timeout, a bad verdict, the
// budget, personal data that would have left), the offline rubric judges both sides and the case
// says why. An outage therefore neither blocks a proposal by itself nor passes one unseen.

export const OFFLINE_JUDGE = 'offline rubric';
/** Failed calls in a row after which one evaluation stops asking the model. */
export const FAILURES_BEFORE_GIVING_UP = 3;

export type SideVerdict = Verdict & { fallback?: string };
export type CaseVerdicts = { before: SideVerdict; after: SideVerdict; costUsd: number; fallback?: string };

export type EvalJudge = {
  /** `offline rubric`, or the model asked. */
  name: string;
  judgeCase(entry: EvalCase, answers: { before: string; after: string }): Promise<CaseVerdicts>;
};

/** What the gate may use to judge; from config.ai (services pass their clients). */
export type EvalJudgeSetup = {
  /** GPT, with the facility daily budget the agents obey (a facility's own, else this default). */
  openai?: { client: OpenAI; model: string; dailyBudgetUsd: number } | undefined;
  /** Claude, with the daily budget the SOP analysis obeys (one for the installation, per UTC day). */
  anthropic?: { client: Anthropic; model: string; dailyBudgetUsd: number } | undefined;
  /** Per attempt. Default 15 s. */
  timeoutMs?: number;
  /** The SDK's own retries per call. Default 1: a verdict is cheap to replace by the rubric. */
  maxRetries?: number;
};

export const offlineJudge: EvalJudge = {
  name: OFFLINE_JUDGE,
  async judgeCase(entry, answers) {
    return {
      before: judgeOffline(entry, answers.before),
      after: judgeOffline(entry, answers.after),
      costUsd: 0,
    };
  },
};

export function createEvalJudge(
  setup: EvalJudgeSetup | undefined,
  ctx: { db: Executor; now: () => Date; facilityId: string | null },
): EvalJudge {
  const options = { timeoutMs: setup?.timeoutMs ?? 15_000, maxRetries: setup?.maxRetries ?? 1 };
  if (setup?.openai) {
    const { client, model, dailyBudgetUsd } = setup.openai;
    return modelJudge(openaiJudge(client, model), ctx, options, () =>
      openaiBudgetProblem(ctx, dailyBudgetUsd),
    );
  }
  if (setup?.anthropic) {
    const { client, model, dailyBudgetUsd } = setup.anthropic;
    return modelJudge(claudeJudge(client, model), ctx, options, () =>
      claudeBudgetProblem(ctx, dailyBudgetUsd),
    );
  }
  return offlineJudge;
}

function modelJudge(
  model: JudgeModel,
  ctx: { db: Executor; now: () => Date; facilityId: string | null },
  options: { timeoutMs: number; maxRetries: number },
  budgetProblem: () => Promise<string | null>,
): EvalJudge {
  // Consecutive failed calls in this evaluation: past the limit the model is taken to be down, and the
  // remaining cases go straight to the rubric instead of each waiting out its own timeouts.
  let failuresInARow = 0;
  const call = async (prompt: JudgePrompt): Promise<JudgeCall> => {
    const startedAt = performance.now();
    try {
      const result = await model.verdict(prompt, options);
      failuresInARow = 0;
      await recordModelCall(ctx.db, {
        facilityId: ctx.facilityId,
        purpose: 'judge',
        provider: model.provider,
        model: result.model,
        ...result.usage,
        costUsd: result.costUsd,
        latencyMs: result.latencyMs,
        ok: true,
        createdAt: ctx.now(),
      });
      return result;
    } catch (error) {
      failuresInARow += 1;
      const failure =
        error instanceof JudgeCallError ? error : new JudgeCallError('call_failed', 'the judge call failed');
      await recordModelCall(ctx.db, {
        facilityId: ctx.facilityId,
        purpose: 'judge',
        provider: model.provider,
        model: model.model,
        ...(failure.usage ?? {}),
        costUsd: failure.costUsd,
        latencyMs: Math.round(performance.now() - startedAt),
        ok: false,
        error: failure.message.slice(0, 500),
        createdAt: ctx.now(),
      });
      throw failure;
    }
  };

  return {
    name: model.model,
    async judgeCase(entry, answers) {
      const offline = (reason: string, costUsd = 0): CaseVerdicts => {
        const fallback = `${model.model} could not judge this case (${reason}); the offline rubric did`;
        return {
          before: { ...judgeOffline(entry, answers.before), fallback },
          after: { ...judgeOffline(entry, answers.after), fallback },
          costUsd,
          fallback,
        };
      };
      if (failuresInARow >= FAILURES_BEFORE_GIVING_UP) {
        return offline(`not asked: its last ${FAILURES_BEFORE_GIVING_UP} calls failed`);
      }
      const budget = await budgetProblem();
      if (budget) return offline(budget);
      // Most cases answer the same before and after a change to one SOP: one verdict serves both
      // sides, so an unchanged answer can never flip on the model's noise (and costs half).
      const same = answers.before === answers.after;
      let prompts: JudgePrompt[];
      try {
        prompts = [answers.before, ...(same ? [] : [answers.after])].map((answer) =>
          buildJudgePrompt(entry, answer),
        );
      } catch (error) {
        if (!(error instanceof EgressRefusedError)) throw error;
        return offline(`nothing sent: personal data would have left (${error.problems.join('; ')})`);
      }
      const settled = await Promise.allSettled(prompts.map(call));
      const [before, after] = same ? [settled[0], settled[0]] : settled;
      const costOf = (result: PromiseSettledResult<JudgeCall> | undefined) =>
        result?.status === 'fulfilled'
          ? result.value.costUsd
          : result?.reason instanceof JudgeCallError
            ? result.reason.costUsd
            : 0;
      const costUsd = settled.reduce((sum, result) => sum + costOf(result), 0);
      if (before?.status === 'fulfilled' && after?.status === 'fulfilled') {
        return { before: before.value.verdict, after: after.value.verdict, costUsd };
      }
      const failed = [before, after].find((result) => result?.status === 'rejected');
      const reason =
        failed?.status === 'rejected' && failed.reason instanceof Error ? failed.reason.message : 'failed';
      return offline(reason, costUsd);
    },
  };
}

async function claudeBudgetProblem(
  ctx: { db: Executor; now: () => Date },
  budgetUsd: number,
): Promise<string | null> {
  const spent = await claudeSpentToday(ctx.db, ctx.now());
  return spent >= budgetUsd ? `the daily Claude budget of $${budgetUsd.toFixed(2)} is used` : null;
}

/** The agents' per-facility daily budget; a proposal with no single facility has none to spend against. */
async function openaiBudgetProblem(
  ctx: { db: Executor; now: () => Date; facilityId: string | null },
  defaultUsd: number,
): Promise<string | null> {
  if (!ctx.facilityId) return null;
  const facility = await facilityRow(ctx.db, ctx.facilityId);
  if (!facility) return null;
  const budget = await budgetState(
    { now: ctx.now, settings: { dailyBudgetUsd: defaultUsd } },
    ctx.db,
    facility,
  );
  return budget.over ? `${facility.name}'s daily AI budget of $${budget.limitUsd.toFixed(2)} is used` : null;
}

/**
 * The judge setup from config.ai and the clients the services already built: GPT when OpenAI is
 * configured (the agents' model and per-facility budget), else Claude (the analysis' model and daily
 * budget), else nothing (the offline rubric).
 */
export function evalJudgeFromConfig(
  ai: {
    model: string;
    dailyBudgetUsd: number;
    anthropic: { model: string } | undefined;
    claudeDailyBudgetUsd: number;
  },
  clients: { openai?: OpenAI | undefined; anthropic?: Anthropic | undefined },
): EvalJudgeSetup | undefined {
  if (clients.openai) {
    return { openai: { client: clients.openai, model: ai.model, dailyBudgetUsd: ai.dailyBudgetUsd } };
  }
  if (clients.anthropic && ai.anthropic) {
    return {
      anthropic: {
        client: clients.anthropic,
        model: ai.anthropic.model,
        dailyBudgetUsd: ai.claudeDailyBudgetUsd,
      },
    };
  }
  return undefined;
}
