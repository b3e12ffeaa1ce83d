import type { AgentMode } from '../../../shared/ai.ts';
import { recordAudit } from '../../audit/record.ts';
import type { FacilityRow } from '../../db/schema/index.ts';
import type { Tx } from '../../db/types.ts';
import { DomainError } from '../../errors.ts';
import { estimateCostUsd } from '../../integrations/openai/pricing.ts';
import { looksLikeInjection } from '../agents/safety.ts';
import { type RouteDecision, routeMessage } from '../routing/router.ts';
import { alertBudgetOnce, budgetState } from './budget.ts';
import { type Composed, composeAnswer, type ModelUse } from './compose.ts';
import { aiActor, type IntelligenceContext } from './context.ts';
import { decide } from './decide.ts';
import { isUnhelpfulVerdict } from './feedback.ts';
import { gateFor } from './gates.ts';
import type { ReplyJob } from './jobs.ts';
import {
  burstOf,
  insertRun,
  modesOf,
  type NewRun,
  recentMessages,
  recordModelCall,
  replyRunOf,
  safetyRunSince,
  updateRun,
} from './repository.ts';
import { answerOffer, makeOffer } from './resetTool.ts';
import { publishRun } from './runEvents.ts';

export type ReplyOutcome =
  | { kind: 'skipped'; reason: string }
  | { kind: 'answered'; runId: string; state: string };

const EMERGENCY_WINDOW_MS = 24 * 3_600_000;

/**
 * One debounced answer. Only the job of a burst's newest text answers, for the whole burst. The
 * model is called outside any transaction; the run, its accounting and its send commit together,
 * keyed by the trigger message, so a retried job never answers twice.
 */
export async function runReply(ctx: IntelligenceContext, job: ReplyJob): Promise<ReplyOutcome> {
  const where = await ctx.messaging.threadContext(ctx.db, job.threadId);
  if (!where) return { kind: 'skipped', reason: 'no such thread' };
  const burst = await burstOf(ctx.db, job.threadId);
  if (burst.at(-1)?.id !== job.messageId)
    return { kind: 'skipped', reason: 'a later text or a reply came after it' };
  if (await replyRunOf(ctx.db, job.messageId)) return { kind: 'skipped', reason: 'already answered' };

  const { thread, facility } = where;
  const query = burst.map((message) => message.body).join('\n');
  const gate = await gateFor(ctx, ctx.db, where);
  if (!gate) {
    const confirmation = await answerOffer(ctx, thread, query);
    if (confirmation.handled) return { kind: 'skipped', reason: confirmation.outcome };
  }
  const budget = await budgetState(ctx, ctx.db, facility);
  const useModel = Boolean(ctx.openai) && !budget.over && !gate;
  const route = await routeMessage(query, {
    ...(useModel && ctx.openai ? { openai: ctx.openai } : {}),
    model: ctx.settings.model,
  });
  const base = baseRun(ctx, { facility, threadId: thread.id, triggerMessageId: job.messageId, query, route });

  const handOff =
    gate ??
    (isUnhelpfulVerdict(query)
      ? { state: 'handed_off' as const, reason: 'The customer said the last answer did not help.' }
      : null);
  if (handOff) {
    return writeRun(
      ctx,
      { ...base, state: handOff.state, reason: handOff.reason },
      {
        calls: routeCalls(route),
        handOff: handOff.state === 'handed_off',
      },
    );
  }

  const injection = looksLikeInjection(query);
  const modes = await modesOf(ctx.db, facility.id);
  const bays = (await ctx.bays.list([facility.id]))[0]?.bays ?? [];
  const conversation = (await recentMessages(ctx.db, thread.id)).map((message) => ({
    from: message.direction === 'inbound' ? ('customer' as const) : ('facility' as const),
    text: message.body,
  }));
  const composed = await composeAnswer(ctx, {
    agent: route.agent,
    query,
    facility,
    bays,
    conversation,
    useModel,
    allowResetTool: route.agent === 'tech_support' && !injection,
    noModelReason: ctx.openai
      ? budget.over
        ? `Today's AI budget ($${budget.limitUsd.toFixed(2)}) is spent, so this was drafted from the SOPs.`
        : null
      : 'No AI model is configured, so this was drafted from the SOPs.',
  });
  let reply = composed.reply;
  let resetOffer: NewRun['resetOffer'] = null;
  if (composed.resetBay !== null) {
    const offer = makeOffer(bays, composed.resetBay);
    if ('offer' in offer) {
      resetOffer = offer.offer;
      reply = offer.text;
    } else {
      composed.handoff = true;
      composed.handoffReason = offer.refusal;
      reply = `${offer.refusal} A staff member will help you shortly.`;
    }
  }
  const mode: AgentMode = modes[route.agent];
  const decision = decide({
    composed,
    reply,
    mode,
    injection,
    emergencyThread:
      route.emergency ||
      (await safetyRunSince(ctx.db, thread.id, new Date(ctx.now().getTime() - EMERGENCY_WINDOW_MS))),
  });
  const calls = [
    ...routeCalls(route),
    ...(composed.modelCall ? [{ purpose: 'reply', call: composed.modelCall }] : []),
  ];
  const replyCall = composed.modelCall;
  const outcome = await writeRun(
    ctx,
    {
      ...base,
      mode,
      state: decision.state,
      body: decision.body,
      reason: decision.reason,
      sopRefs: composed.sopRefs,
      resetOffer,
      ...(replyCall ? modelColumns(replyCall) : {}),
    },
    { calls, handOff: decision.state === 'handed_off', send: decision.state === 'sent' },
  );
  if (budget.over && ctx.openai) await ctx.db.transaction((tx) => alertBudgetOnce(ctx, tx, facility, budget));
  return outcome;
}

function baseRun(
  ctx: IntelligenceContext,
  input: {
    facility: FacilityRow;
    threadId: string;
    triggerMessageId: string;
    query: string;
    route: RouteDecision;
  },
): NewRun {
  return {
    facilityId: input.facility.id,
    threadId: input.threadId,
    triggerMessageId: input.triggerMessageId,
    kind: 'reply',
    state: 'skipped',
    query: input.query,
    via: input.route.via,
    agent: input.route.agent,
    emergency: input.route.emergency,
    routeConfidence: input.route.confidence,
    createdAt: ctx.now(),
  };
}

function routeCalls(route: RouteDecision): Array<{ purpose: string; call: ModelUse }> {
  if (route.via !== 'llm' || !route.usage) return [];
  return [
    {
      purpose: 'classify',
      call: {
        model: route.model ?? 'unknown',
        usage: route.usage,
        latencyMs: Math.round(route.latencyMs),
        ok: true,
        error: null,
      },
    },
  ];
}

function modelColumns(call: ModelUse): Partial<NewRun> {
  return {
    model: call.model,
    promptTokens: call.usage.promptTokens,
    cachedTokens: call.usage.cachedTokens,
    completionTokens: call.usage.completionTokens,
    costUsd: estimateCostUsd(call.model, call.usage).usd,
    latencyMs: call.latencyMs,
  };
}

/** The run, every model call's accounting, and the send (auto mode) or the hand-off, in one transaction. */
async function writeRun(
  ctx: IntelligenceContext,
  run: NewRun,
  effects: { calls: Array<{ purpose: string; call: ModelUse }>; handOff: boolean; send?: boolean },
): Promise<ReplyOutcome> {
  return ctx.db.transaction(async (tx) => {
    const inserted = await insertRun(tx, run);
    if (!inserted) return { kind: 'skipped', reason: 'already answered' } as const;
    for (const { purpose, call } of effects.calls) {
      await recordModelCall(tx, {
        facilityId: run.facilityId,
        runId: inserted.id,
        purpose,
        provider: 'openai',
        model: call.model,
        promptTokens: call.usage.promptTokens,
        cachedTokens: call.usage.cachedTokens,
        completionTokens: call.usage.completionTokens,
        costUsd: estimateCostUsd(call.model, call.usage).usd,
        latencyMs: call.latencyMs,
        ok: call.ok,
        error: call.error,
        createdAt: ctx.now(),
      });
    }
    await recordAudit(tx, aiActor(inserted.agent), {
      action: `ai.answer.${inserted.state}`,
      targetType: 'thread',
      targetId: inserted.threadId,
      facilityId: inserted.facilityId,
      after: {
        runId: inserted.id,
        agent: inserted.agent,
        via: inserted.via,
        mode: inserted.mode,
        reason: inserted.reason,
      },
    });
    let state = inserted.state;
    if (effects.send && inserted.body)
      state = await sendAnswer(ctx, tx, inserted.id, inserted.threadId, inserted.body);
    if (effects.handOff || state === 'handed_off') await ctx.messaging.needHuman(tx, inserted.threadId);
    await publishRun(tx, inserted.id);
    return { kind: 'answered', runId: inserted.id, state } as const;
  });
}

async function sendAnswer(ctx: IntelligenceContext, tx: Tx, runId: string, threadId: string, body: string) {
  try {
    const { message } = await ctx.messaging.queueSend(tx, {
      threadId,
      body,
      kind: 'ai',
      idempotencyKey: `ai:${runId}`,
    });
    await updateRun(tx, runId, { replyMessageId: message.id });
    return 'sent' as const;
  } catch (error) {
    // Opted out between the check and now: nothing goes out.
    if (!(error instanceof DomainError)) throw error;
    await updateRun(tx, runId, { state: 'skipped', reason: error.message });
    return 'skipped' as const;
  }
}

export type { Composed };
