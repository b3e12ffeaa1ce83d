import Anthropic from '@anthropic-ai/sdk';
import type { z } from 'zod';
import { PROPOSE_SOP_CHANGES, proposalOutputSchema, type SopProposal, toolInputSchema } from './schemas.ts';

// The real SDK, configured from ClubOS's config rather than the SDK's own environment reading, so the
// base URL (the fake in demo and tests) and the time budget are set in one visible place.

export type AnthropicClientOptions = {
  apiKey: string;
  /** Without /v1 (the SDK appends /v1/messages), e.g. the fake's `url`. Absent: Anthropic's own API. */
  baseURL?: string;
  /** Per attempt; the SDK retries timeouts too, so the worst case is about (maxRetries + 1) × this. */
  timeoutMs: number;
  /** The SDK retries 408, 409, 429, 5xx (529 included) and connection errors, honouring retry-after. */
  maxRetries: number;
};

export function createAnthropicClient(options: AnthropicClientOptions): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    // Explicit, because the SDK would otherwise read ANTHROPIC_BASE_URL itself and bypass our config.
    baseURL: options.baseURL ?? 'https://api.anthropic.com',
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
}

export type ProposalRequest = {
  model: string;
  system: string;
  user: string;
  /** Default 8,192: proposals carry whole SOP files. */
  maxTokens?: number;
  signal?: AbortSignal;
};

export type ProposalResult = {
  proposals: SopProposal[];
  usage: { inputTokens: number; outputTokens: number };
  /** The model that answered, as Claude names it (may be a dated snapshot of the one asked for). */
  model: string;
  /** Wall time of the call, the SDK's own retries included. */
  latencyMs: number;
};

export type ProposalOutputProblem = 'no_tool_call' | 'truncated' | 'invalid_output';

/** Claude answered, but not with proposals ClubOS can use. Not retryable by repeating the same call. */
export class ProposalOutputError extends Error {
  override readonly name = 'ProposalOutputError';
  constructor(
    readonly code: ProposalOutputProblem,
    message: string,
    /** For `invalid_output`: each failing field as a dotted path (`proposals.0.evidence`). */
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

const DEFAULT_MAX_TOKENS = 8_192;
const INPUT_SCHEMA = toolInputSchema(proposalOutputSchema);

export type ForcedToolRequest = {
  model: string;
  maxTokens: number;
  system: string;
  user: string;
  tool: { name: string; description: string; inputSchema: Anthropic.Tool.InputSchema };
};

/**
 * One Messages call that must answer by calling `tool` (tool_choice forces it): how ClubOS gets
 * structured output from Claude. Returns the message and the tool call's input, undefined when Claude
 * did not call it; callers validate the input and decide what a truncated reply means.
 */
export async function callForcedTool(
  client: Anthropic,
  request: ForcedToolRequest,
  options?: Anthropic.RequestOptions,
): Promise<{ message: Anthropic.Message; input: unknown }> {
  const message = await client.messages.create(
    {
      model: request.model,
      max_tokens: request.maxTokens,
      system: request.system,
      messages: [{ role: 'user', content: request.user }],
      tools: [
        {
          name: request.tool.name,
          description: request.tool.description,
          input_schema: request.tool.inputSchema,
        },
      ],
      tool_choice: { type: 'tool', name: request.tool.name },
    },
    options,
  );
  const call = message.content.find(
    (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use' && block.name === request.tool.name,
  );
  return { message, input: call?.input };
}

/** One forced `propose_sop_changes` call; its input is validated with `proposalOutputSchema`. */
export async function requestProposals(client: Anthropic, request: ProposalRequest): Promise<ProposalResult> {
  const startedAt = performance.now();
  const { message, input } = await callForcedTool(
    client,
    {
      model: request.model,
      maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      system: request.system,
      user: request.user,
      tool: {
        name: PROPOSE_SOP_CHANGES,
        description: 'Propose changes to SOP files, each backed by the interactions that justify it.',
        inputSchema: INPUT_SCHEMA,
      },
    },
    request.signal ? { signal: request.signal } : undefined,
  );
  const latencyMs = Math.round(performance.now() - startedAt);

  // A reply cut at max_tokens may still hold a tool_use block, but its input is incomplete.
  if (message.stop_reason === 'max_tokens') {
    throw new ProposalOutputError('truncated', `Claude's proposals were cut off at max_tokens.`);
  }
  if (input === undefined) {
    throw new ProposalOutputError('no_tool_call', `Claude did not call ${PROPOSE_SOP_CHANGES}.`);
  }
  const parsed = proposalOutputSchema.safeParse(input);
  if (!parsed.success) throw invalidOutput(parsed.error);
  return {
    proposals: parsed.data.proposals,
    usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
    model: message.model,
    latencyMs,
  };
}

function invalidOutput(error: z.ZodError): ProposalOutputError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return new ProposalOutputError('invalid_output', `Claude's proposals failed validation: ${list}`, issues);
}
