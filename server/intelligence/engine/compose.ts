import type { Agent } from '../../../shared/agents.ts';
import type { BayView } from '../../../shared/bays.ts';
import type { FacilityRow, SopReference } from '../../db/schema/index.ts';
import type { TokenUsage } from '../../integrations/openai/pricing.ts';
import { answerWithModel, ModelReplyError } from '../agents/modelReply.ts';
import { draftFromSection } from '../agents/offlineReply.ts';
import { buildPrompt, type ConversationLine } from '../agents/prompt.ts';
import type { IntelligenceContext } from './context.ts';
import { bayStatusText, factsFor } from './facilityContext.ts';

export type ModelUse = {
  model: string;
  usage: TokenUsage;
  latencyMs: number;
  ok: boolean;
  error: string | null;
};

export type Composed = {
  reply: string;
  /** 'model' answered, or the offline draft from the best SOP section. */
  source: 'model' | 'offline';
  handoff: boolean;
  handoffReason: string | null;
  resetBay: number | null;
  refusedToolCalls: number;
  sopRefs: SopReference[];
  /** Everything the reply may quote: the rendered sections and the facility's facts. */
  groundingContext: string;
  instructions: string;
  /** Why the model was not used or failed, in words (becomes the draft's reason). */
  fallbackReason: string | null;
  modelCall: ModelUse | null;
};

/** Retrieves the agent's best SOP sections and writes an answer: with the model when allowed, else offline. */
export async function composeAnswer(
  ctx: IntelligenceContext,
  input: {
    agent: Agent;
    query: string;
    facility: FacilityRow;
    bays: BayView[];
    conversation: ConversationLine[];
    useModel: boolean;
    allowResetTool: boolean;
    /** Why the model is not allowed, when it is not (budget, no key). */
    noModelReason: string | null;
  },
): Promise<Composed> {
  const hits = await ctx.sops.search(input.agent, input.query, { limit: 4 });
  const facts = factsFor(input.facility);
  const sections = hits.map((hit) => ({
    path: hit.path,
    heading: hit.heading,
    version: hit.version,
    text: facts.render(hit.body),
  }));
  const sopRefs: SopReference[] = hits.map((hit) => ({
    sectionId: hit.sectionId,
    documentId: hit.documentId,
    path: hit.path,
    heading: hit.heading,
    version: hit.version,
  }));
  const factsText = facts.text(ctx.now());
  const groundingContext = [factsText, ...sections.map((section) => section.text)].join('\n\n');
  const messages = buildPrompt({
    agent: input.agent,
    facts: factsText,
    sections,
    bayStatus: bayStatusText(input.bays),
    conversation: input.conversation,
  });
  const instructions = messages[0]?.content ?? '';
  const offline = (reason: string | null, modelCall: ModelUse | null): Composed => ({
    reply: sections[0] ? draftFromSection(sections[0].text) : '',
    source: 'offline',
    handoff: sections.length === 0,
    handoffReason: sections.length === 0 ? 'No SOP section covers this.' : null,
    resetBay: null,
    refusedToolCalls: 0,
    sopRefs: sopRefs.slice(0, 1),
    groundingContext,
    instructions,
    fallbackReason: reason,
    modelCall,
  });

  if (!input.useModel || !ctx.openai) return offline(input.noModelReason, null);
  try {
    const answer = await answerWithModel(ctx.openai, {
      model: ctx.settings.model,
      messages,
      allowResetTool: input.allowResetTool,
    });
    return {
      reply: answer.reply,
      source: 'model',
      handoff: answer.handoff,
      handoffReason: answer.handoffReason,
      resetBay: answer.resetBay,
      refusedToolCalls: answer.refusedToolCalls,
      sopRefs,
      groundingContext,
      instructions,
      fallbackReason: null,
      modelCall: {
        model: answer.model,
        usage: answer.usage,
        latencyMs: answer.latencyMs,
        ok: true,
        error: null,
      },
    };
  } catch (error) {
    if (!(error instanceof ModelReplyError)) throw error;
    const call: ModelUse = {
      model: ctx.settings.model,
      usage: error.usage ?? { promptTokens: 0, cachedTokens: 0, completionTokens: 0 },
      latencyMs: error.latencyMs,
      ok: false,
      error: error.message,
    };
    return offline(`${error.message}, so this was drafted from the SOPs`, call);
  }
}
