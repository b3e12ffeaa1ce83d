import type OpenAI from 'openai';
import { zodFunction, zodResponseFormat } from 'openai/helpers/zod';
import { type TokenUsage, usageFromCompletion } from '../../integrations/openai/pricing.ts';
import {
  AGENT_REPLY,
  agentReplySchema,
  OFFER_BAY_RESET,
  offerBayResetSchema,
} from '../../integrations/openai/schemas.ts';
import type { ChatMessage } from './prompt.ts';

export type ModelAnswer = {
  reply: string;
  handoff: boolean;
  handoffReason: string | null;
  /** The bay the model offered to reset, when it called offer_bay_reset (at most one is honoured). */
  resetBay: number | null;
  /** Tool calls beyond the one allowed, or for tools not offered: refused, and reported. */
  refusedToolCalls: number;
  usage: TokenUsage;
  model: string;
  latencyMs: number;
};

export class ModelReplyError extends Error {
  override name = 'ModelReplyError';
  constructor(
    message: string,
    readonly latencyMs: number,
    readonly usage: TokenUsage | null,
  ) {
    super(message);
  }
}

/**
 * One agent answer from the model: structured output (reply, handoff) at temperature 0, with the
 * reset offer as the only tool, and only when the caller allows it. The SDK retries transient
 * failures itself; whatever still fails is a ModelReplyError, and the caller falls back.
 */
export async function answerWithModel(
  client: OpenAI,
  input: { model: string; messages: ChatMessage[]; allowResetTool: boolean; signal?: AbortSignal },
): Promise<ModelAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await client.chat.completions.create(
      {
        model: input.model,
        temperature: 0,
        messages: input.messages,
        response_format: zodResponseFormat(agentReplySchema, AGENT_REPLY),
        ...(input.allowResetTool
          ? {
              tools: [
                zodFunction({
                  name: OFFER_BAY_RESET,
                  parameters: offerBayResetSchema,
                  description:
                    "Offer to restart the simulator in the customer's bay. Nothing happens until the customer replies YES.",
                }),
              ],
              parallel_tool_calls: false,
            }
          : {}),
      },
      { signal: input.signal },
    );
  } catch (error) {
    throw new ModelReplyError(describeFailure(error), elapsed(), null);
  }
  const usage = usageFromCompletion(completion);
  const message = completion.choices[0]?.message;
  if (!message) throw new ModelReplyError('the model returned no choice', elapsed(), usage);

  const calls = message.tool_calls ?? [];
  const resetCalls = input.allowResetTool
    ? calls.filter((call) => call.type === 'function' && call.function.name === OFFER_BAY_RESET)
    : [];
  const first = resetCalls[0];
  let resetBay: number | null = null;
  if (first && first.type === 'function') {
    const parsed = offerBayResetSchema.safeParse(safeJson(first.function.arguments));
    resetBay = parsed.success ? parsed.data.bay_number : null;
  }
  const refusedToolCalls = calls.length - (resetBay === null ? 0 : 1);

  if (resetBay !== null) {
    return {
      reply: '',
      handoff: false,
      handoffReason: null,
      resetBay,
      refusedToolCalls,
      usage,
      model: completion.model,
      latencyMs: elapsed(),
    };
  }
  const parsed = agentReplySchema.safeParse(safeJson(message.content ?? ''));
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new ModelReplyError(`the model's answer did not match agent_reply (${where})`, elapsed(), usage);
  }
  return {
    reply: parsed.data.reply,
    handoff: parsed.data.handoff,
    handoffReason: parsed.data.handoff_reason,
    resetBay: null,
    refusedToolCalls,
    usage,
    model: completion.model,
    latencyMs: elapsed(),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A failure in words for the draft's reason; the SDK's messages never include the key. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { status?: number }).status;
    return status
      ? `the AI provider answered ${status} (${error.name})`
      : `the AI provider failed (${error.name})`;
  }
  return 'the AI provider failed';
}
