import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { callForcedTool } from '../../integrations/anthropic/client.ts';
import { estimateClaudeCostUsd } from '../../integrations/anthropic/pricing.ts';
import { toolInputSchema } from '../../integrations/anthropic/schemas.ts';
import { estimateCostUsd, type TokenUsage, usageFromCompletion } from '../../integrations/openai/pricing.ts';
import type { JudgePrompt } from './judgePrompt.ts';
import { JUDGE_VERDICT, type JudgeVerdict, judgeVerdictSchema, RECORD_VERDICT } from './judgeSchema.ts';

// One judge call to GPT (a json_schema response format) or Claude (one forced tool call), each
// validated with judgeVerdictSchema. Failures carry what the call used, so a failed call is still
// accounted for.

export type JudgeCall = {
  verdict: JudgeVerdict;
  model: string;
  usage: TokenUsage;
  costUsd: number;
  latencyMs: number;
};
export type JudgeModel = {
  provider: 'openai' | 'anthropic';
  model: string;
  verdict(prompt: JudgePrompt, options: { timeoutMs: number; maxRetries: number }): Promise<JudgeCall>;
};

/** The model answered, but not with a verdict the gate can use; or the call itself failed. */
export class JudgeCallError extends Error {
  override readonly name = 'JudgeCallError';
  constructor(
    readonly code: 'call_failed' | 'invalid_output',
    message: string,
    readonly usage: TokenUsage | null = null,
    readonly costUsd = 0,
  ) {
    super(message);
  }
}

/** A verdict is a boolean and a few reasons. */
const MAX_TOKENS = 400;

export function openaiJudge(client: OpenAI, model: string): JudgeModel {
  return {
    provider: 'openai',
    model,
    async verdict(prompt, options) {
      const startedAt = performance.now();
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          {
            model,
            temperature: 0,
            max_completion_tokens: MAX_TOKENS,
            messages: [
              { role: 'system', content: prompt.system },
              { role: 'user', content: prompt.user },
            ],
            response_format: zodResponseFormat(judgeVerdictSchema, JUDGE_VERDICT),
          },
          { timeout: options.timeoutMs, maxRetries: options.maxRetries },
        );
      } catch (error) {
        throw new JudgeCallError('call_failed', describe(error));
      }
      const usage = usageFromCompletion(completion);
      const costUsd = micros(estimateCostUsd(completion.model || model, usage).usd);
      const parsed = judgeVerdictSchema.safeParse(safeJson(completion.choices[0]?.message.content ?? ''));
      if (!parsed.success) throw invalid(parsed.error, usage, costUsd);
      return {
        verdict: parsed.data,
        model: completion.model || model,
        usage,
        costUsd,
        latencyMs: Math.round(performance.now() - startedAt),
      };
    },
  };
}

const TOOL_SCHEMA = toolInputSchema(judgeVerdictSchema);

export function claudeJudge(client: Anthropic, model: string): JudgeModel {
  return {
    provider: 'anthropic',
    model,
    async verdict(prompt, options) {
      const startedAt = performance.now();
      let answer: Awaited<ReturnType<typeof callForcedTool>>;
      try {
        answer = await callForcedTool(
          client,
          {
            model,
            maxTokens: MAX_TOKENS,
            system: prompt.system,
            user: prompt.user,
            tool: {
              name: RECORD_VERDICT,
              description: 'Record whether the candidate answer passes, and why it fails.',
              inputSchema: TOOL_SCHEMA,
            },
          },
          { timeout: options.timeoutMs, maxRetries: options.maxRetries },
        );
      } catch (error) {
        throw new JudgeCallError('call_failed', describe(error));
      }
      const { message, input } = answer;
      const usage = {
        promptTokens: message.usage.input_tokens,
        cachedTokens: 0,
        completionTokens: message.usage.output_tokens,
      };
      const costUsd = micros(
        estimateClaudeCostUsd(message.model, {
          inputTokens: usage.promptTokens,
          outputTokens: usage.completionTokens,
        }).usd,
      );
      if (message.stop_reason === 'max_tokens' || input === undefined) {
        throw new JudgeCallError('invalid_output', `Claude did not call ${RECORD_VERDICT}`, usage, costUsd);
      }
      const parsed = judgeVerdictSchema.safeParse(input);
      if (!parsed.success) throw invalid(parsed.error, usage, costUsd);
      return {
        verdict: parsed.data,
        model: message.model,
        usage,
        costUsd,
        latencyMs: Math.round(performance.now() - startedAt),
      };
    },
  };
}

function invalid(error: { issues: Array<{ path: PropertyKey[] }> }, usage: TokenUsage, costUsd: number) {
  const where = error.issues.map((issue) => issue.path.map(String).join('.') || '(root)').join(', ');
  return new JudgeCallError(
    'invalid_output',
    `the verdict did not match ${JUDGE_VERDICT} (${where})`,
    usage,
    costUsd,
  );
}

/** The SDK error's class and status, never its body: a provider's message may echo our prompt. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'the call failed';
  const status = (error as { status?: unknown }).status;
  const name = error.name !== 'Error' ? error.name : error.constructor.name;
  return typeof status === 'number' ? `${name} (HTTP ${status})` : name;
}

/** Whole micro-dollars, as ai_model_calls.cost_usd stores them, so the report's total is their sum. */
function micros(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
