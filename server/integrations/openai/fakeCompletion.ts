import { randomBytes } from 'node:crypto';
import type { ApiError } from './fakeRequest.ts';
import { apiError } from './fakeRequest.ts';
import type { FakeChatReply, FakeChatRequest } from './fakeTypes.ts';
import { schemaMismatch } from './jsonSchemaCheck.ts';

// Turns a responder's reply into the chat.completion object OpenAI returns, with token counts that
// are deterministic (about four characters a token) and a prompt cache that behaves like OpenAI's:
// a prefix of at least 1,024 tokens shared with a recent request is reported as cached, in steps of
// 128 tokens. That makes "stable content first" measurable against the fake.

export const CHARS_PER_TOKEN = 4;
const CACHE_MIN_TOKENS = 1_024;
const CACHE_STEP_TOKENS = 128;
const CACHE_ENTRIES = 128;
/** OpenAI keeps a prefix for 5–10 minutes of inactivity. */
const CACHE_TTL_MS = 10 * 60_000;

export const estimateTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

/** What the model reads, in order: tool definitions and the output schema, then each message. */
export function promptText(request: FakeChatRequest): string {
  const parts: string[] = [];
  if (request.tools) {
    const tools = request.tools.map(({ name, description, parameters }) => ({
      name,
      description,
      parameters,
    }));
    parts.push(`# Tools\n${JSON.stringify(tools)}`);
  }
  if (request.responseFormat) {
    parts.push(`# Response format\n${JSON.stringify(request.responseFormat)}`);
  }
  for (const message of request.messages) {
    const calls = message.tool_calls ? JSON.stringify(message.tool_calls) : '';
    parts.push(`<|${message.role}|>\n${message.content ?? ''}${calls}`);
  }
  return parts.join('\n');
}

export class PromptCache {
  private entries: Array<{ model: string; text: string; usedAt: number }> = [];

  /** How many of this prompt's tokens an earlier prompt already cached; then caches this one. */
  take(model: string, text: string, now = Date.now()): number {
    this.entries = this.entries.filter((entry) => now - entry.usedAt < CACHE_TTL_MS);
    let best = 0;
    for (const entry of this.entries) {
      if (entry.model !== model) continue;
      const shared = commonPrefixLength(entry.text, text);
      // A hit keeps the cached prefix warm, as on OpenAI.
      if (shared >= CACHE_MIN_TOKENS * CHARS_PER_TOKEN) entry.usedAt = now;
      best = Math.max(best, shared);
    }
    this.entries = this.entries.filter((entry) => entry.model !== model || entry.text !== text);
    this.entries.push({ model, text, usedAt: now });
    if (this.entries.length > CACHE_ENTRIES) this.entries.shift();
    const sharedTokens = Math.floor(best / CHARS_PER_TOKEN);
    if (sharedTokens < CACHE_MIN_TOKENS) return 0;
    return (
      CACHE_MIN_TOKENS + Math.floor((sharedTokens - CACHE_MIN_TOKENS) / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS
    );
  }

  clear(): void {
    this.entries = [];
  }
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}

/** A reply that breaks the request's contract is the responder's bug: a 500 the SDK must not retry. */
const responderBug = (message: string): ApiError => ({
  ...apiError(500, `fake OpenAI responder: ${message}`, { type: 'server_error' }),
  headers: { 'x-should-retry': 'false' },
});

/** Checks the reply against what the request allowed, as a real model under strict mode would obey. */
export function replyProblem(request: FakeChatRequest, reply: FakeChatReply): ApiError | undefined {
  const choice = request.toolChoice;
  if ('toolCalls' in reply && reply.toolCalls.length > 0) {
    if (choice === 'none') return responderBug("called a tool under tool_choice 'none'");
    for (const call of reply.toolCalls) {
      const tool = request.tools?.find((candidate) => candidate.name === call.name);
      if (!tool) return responderBug(`called '${call.name}', which the request did not offer`);
      if (typeof choice === 'object' && choice.name !== call.name) {
        return responderBug(`called '${call.name}' but tool_choice forces '${choice.name}'`);
      }
      const mismatch = tool.strict ? schemaMismatch(call.arguments, tool.parameters) : undefined;
      if (mismatch) return responderBug(`arguments for '${call.name}' break its schema at ${mismatch}`);
    }
    return undefined;
  }
  if (choice === 'required' || typeof choice === 'object')
    return responderBug('tool_choice requires a tool call');
  const content = 'content' in reply ? reply.content : null;
  if (typeof content !== 'string') return responderBug('a reply without tool calls needs content');
  if (request.responseFormat || request.jsonMode) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      return responderBug('content is not JSON, but the request asked for JSON');
    }
    const format = request.responseFormat;
    const mismatch = format?.strict ? schemaMismatch(parsed, format.schema) : undefined;
    if (mismatch) return responderBug(`content breaks the '${format?.name}' schema at ${mismatch}`);
  }
  return undefined;
}

const randomId = (length: number) => randomBytes(length).toString('hex').slice(0, length);

export function chatCompletion(input: {
  request: FakeChatRequest;
  reply: FakeChatReply;
  promptTokens: number;
  cachedTokens: number;
}) {
  const { request, reply } = input;
  const toolCalls =
    'toolCalls' in reply && reply.toolCalls.length > 0
      ? reply.toolCalls.map((call) => ({
          id: `call_${randomId(24)}`,
          type: 'function' as const,
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        }))
      : undefined;
  let content = ('content' in reply ? reply.content : null) ?? null;
  let completionTokens =
    estimateTokens(content ?? '') +
    (toolCalls ?? []).reduce(
      (sum, call) => sum + estimateTokens(call.function.name + call.function.arguments),
      0,
    );
  let finishReason: 'stop' | 'tool_calls' | 'length' = toolCalls ? 'tool_calls' : 'stop';
  if (
    !toolCalls &&
    content !== null &&
    request.maxTokens !== undefined &&
    completionTokens > request.maxTokens
  ) {
    content = content.slice(0, request.maxTokens * CHARS_PER_TOKEN);
    completionTokens = request.maxTokens;
    finishReason = 'length';
  }
  return {
    id: `chatcmpl-${randomId(29)}`,
    object: 'chat.completion' as const,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant' as const,
          content,
          refusal: null,
          annotations: [],
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: {
      prompt_tokens: input.promptTokens,
      completion_tokens: completionTokens,
      total_tokens: input.promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: input.cachedTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_fakeclubos',
  };
}
