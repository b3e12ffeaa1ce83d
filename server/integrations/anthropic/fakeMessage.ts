import { randomBytes } from 'node:crypto';
import type { FakeMessagesReply, FakeMessagesRequest } from './fakeTypes.ts';

// Builds the Messages API reply from a responder's answer, and checks the answer honours what the
// request forced, so a wrong responder shows up as the fake's bug, not as odd model output.

/** About four characters a token: close enough for budgets and cost estimates in tests. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function promptText(request: FakeMessagesRequest): string {
  const tools = request.tools.length ? JSON.stringify(request.tools) : '';
  return [request.system, ...request.messages.map((message) => message.text), tools].join('\n');
}

/** Why a reply cannot answer this request, or undefined when it can. */
export function replyProblem(request: FakeMessagesRequest, reply: FakeMessagesReply): string | undefined {
  const choice = request.toolChoice ?? (request.tools.length ? { type: 'auto' as const } : undefined);
  if ('toolUse' in reply) {
    if (!request.tools.some((tool) => tool.name === reply.toolUse.name)) {
      return `the responder called '${reply.toolUse.name}', which the request did not offer`;
    }
    if (choice?.type === 'none') return "the responder called a tool under tool_choice 'none'";
    if (choice?.type === 'tool' && choice.name !== reply.toolUse.name) {
      return `the responder called '${reply.toolUse.name}' but tool_choice forced '${choice.name}'`;
    }
    return undefined;
  }
  if (choice?.type === 'tool' || choice?.type === 'any') {
    return `the responder answered in text but tool_choice '${choice.type}' forces a tool call`;
  }
  return undefined;
}

export function messageBody(request: FakeMessagesRequest, reply: FakeMessagesReply) {
  const output = 'toolUse' in reply ? JSON.stringify(reply.toolUse.input) : reply.text;
  const outputTokens = estimateTokens(output);
  // Over budget, Claude stops mid-answer: a cut tool call arrives with an empty input.
  const cut = outputTokens > request.maxTokens;
  const content =
    'toolUse' in reply
      ? [
          {
            type: 'tool_use',
            id: `toolu_${randomBytes(12).toString('hex')}`,
            name: reply.toolUse.name,
            input: cut ? {} : reply.toolUse.input,
          },
        ]
      : [{ type: 'text', text: cut ? reply.text.slice(0, request.maxTokens * 4) : reply.text }];
  return {
    id: `msg_${randomBytes(12).toString('hex')}`,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: cut ? 'max_tokens' : 'toolUse' in reply ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: estimateTokens(promptText(request)),
      output_tokens: cut ? request.maxTokens : outputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      service_tier: 'standard',
    },
  };
}
