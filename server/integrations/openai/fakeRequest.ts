import type { FakeChatMessage, FakeChatRequest, FakeTool, FakeToolChoice } from './fakeTypes.ts';
import { strictSchemaProblem } from './jsonSchemaCheck.ts';

// Reads a chat.completions body the way OpenAI does, refusing with OpenAI's own error shape and
// (close to) its wording, so product code meets the same 400s here as in production.

export type ApiError = {
  status: number;
  body: { error: { message: string; type: string; param: string | null; code: string | null } };
  headers?: Record<string, string>;
};

export function apiError(
  status: number,
  message: string,
  {
    type = 'invalid_request_error',
    param = null,
    code = null,
  }: { type?: string; param?: string | null; code?: string | null } = {},
): ApiError {
  return { status, body: { error: { message, type, param, code } } };
}

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const NOT_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const missing = (param: string) =>
  apiError(400, `Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' });
const invalid = (param: string, message: string, code: string | null = 'invalid_value') =>
  apiError(400, `Invalid value for '${param}': ${message}`, { param, code });

export function parseChatRequest(text: string): FakeChatRequest | ApiError {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return apiError(400, NOT_JSON);
  }
  if (!isObject(raw)) return apiError(400, NOT_JSON);
  if (typeof raw.model !== 'string' || !raw.model) return apiError(400, 'you must provide a model parameter');
  if (raw.messages === undefined) return missing('messages');
  if (!Array.isArray(raw.messages)) return invalid('messages', 'expected an array.', 'invalid_type');
  if (raw.messages.length === 0) {
    return apiError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", {
      param: 'messages',
      code: 'empty_array',
    });
  }
  if (raw.stream === true) return invalid('stream', 'the fake OpenAI does not stream; send stream: false.');
  if (raw.n !== undefined && raw.n !== 1)
    return invalid('n', 'the fake OpenAI returns one choice; send n: 1.');

  const messages = parseMessages(raw.messages);
  if ('status' in messages) return messages;
  const request: FakeChatRequest = { model: raw.model, messages, raw };

  const temperature = raw.temperature;
  if (temperature !== undefined && temperature !== null) {
    if (typeof temperature !== 'number' || temperature < 0 || temperature > 2) {
      return invalid('temperature', 'expected a number from 0 to 2.', 'decimal_above_max_value');
    }
    request.temperature = temperature;
  }
  const maxTokens = raw.max_completion_tokens ?? raw.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) {
    if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) {
      return invalid('max_completion_tokens', 'expected a positive integer.', 'invalid_type');
    }
    request.maxTokens = maxTokens as number;
  }
  const format = parseResponseFormat(raw.response_format, messages);
  if (format && 'status' in format) return format;
  if (format?.kind === 'json_schema') request.responseFormat = format.format;
  if (format?.kind === 'json_object') request.jsonMode = true;

  const tools = parseTools(raw.tools);
  if (tools && 'status' in tools) return tools;
  if (tools) request.tools = tools;
  const toolChoice = parseToolChoice(raw.tool_choice, tools);
  if (toolChoice && typeof toolChoice === 'object' && 'status' in toolChoice) return toolChoice;
  if (toolChoice) request.toolChoice = toolChoice;
  return request;
}

function parseMessages(list: unknown[]): FakeChatMessage[] | ApiError {
  const messages: FakeChatMessage[] = [];
  const unanswered = new Map<string, number>();
  for (const [index, item] of list.entries()) {
    const at = `messages[${index}]`;
    if (!isObject(item)) return invalid(at, 'expected an object.', 'invalid_type');
    const role = item.role;
    if (typeof role !== 'string') return missing(`${at}.role`);
    if (!ROLES.includes(role)) {
      return invalid(
        `${at}.role`,
        `'${role}'. Supported values are: ${ROLES.map((r) => `'${r}'`).join(', ')}.`,
      );
    }
    if (role !== 'tool' && unanswered.size > 0) return unansweredToolCalls(unanswered);
    const toolCalls = role === 'assistant' ? parseToolCalls(item.tool_calls, at) : undefined;
    if (toolCalls && 'status' in toolCalls) return toolCalls;
    const content = contentText(item.content);
    if (content === undefined)
      return invalid(`${at}.content`, 'expected a string or an array of parts.', 'invalid_type');
    if (content === null && !(role === 'assistant' && toolCalls?.length)) return missing(`${at}.content`);
    const message: FakeChatMessage = { role, content };
    if (typeof item.name === 'string') message.name = item.name;
    if (toolCalls?.length) {
      message.tool_calls = toolCalls;
      for (const call of toolCalls) unanswered.set(call.id, index);
    }
    if (role === 'tool') {
      if (typeof item.tool_call_id !== 'string') return missing(`${at}.tool_call_id`);
      if (!unanswered.delete(item.tool_call_id)) {
        return apiError(
          400,
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          { param: `${at}.role` },
        );
      }
      message.tool_call_id = item.tool_call_id;
    }
    messages.push(message);
  }
  return unanswered.size > 0 ? unansweredToolCalls(unanswered) : messages;
}

function unansweredToolCalls(unanswered: Map<string, number>): ApiError {
  const [first] = unanswered.values();
  return apiError(
    400,
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...unanswered.keys()].join(', ')}`,
    { param: `messages.[${first}].role` },
  );
}

function parseToolCalls(value: unknown, at: string): FakeChatMessage['tool_calls'] | ApiError {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return invalid(`${at}.tool_calls`, 'expected an array.', 'invalid_type');
  const calls: NonNullable<FakeChatMessage['tool_calls']> = [];
  for (const [index, call] of value.entries()) {
    const fn = isObject(call) && isObject(call.function) ? call.function : undefined;
    if (!isObject(call) || typeof call.id !== 'string' || typeof fn?.name !== 'string') {
      return missing(`${at}.tool_calls[${index}].function.name`);
    }
    calls.push({
      id: call.id,
      name: fn.name,
      arguments: typeof fn.arguments === 'string' ? fn.arguments : '',
    });
  }
  return calls;
}

/** A string, text parts joined, null when absent, undefined when it is neither. */
function contentText(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  return value.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('\n');
}

type ParsedFormat =
  | { kind: 'text' }
  | { kind: 'json_object' }
  | { kind: 'json_schema'; format: NonNullable<FakeChatRequest['responseFormat']> };

function parseResponseFormat(
  value: unknown,
  messages: FakeChatMessage[],
): ParsedFormat | ApiError | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return invalid('response_format', 'expected an object.', 'invalid_type');
  if (value.type === 'text') return { kind: 'text' };
  if (value.type === 'json_object') {
    if (!messages.some((message) => /json/i.test(message.content ?? ''))) {
      return apiError(
        400,
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        { param: 'messages' },
      );
    }
    return { kind: 'json_object' };
  }
  if (value.type !== 'json_schema') {
    return invalid('response_format.type', "supported values are 'text', 'json_object' and 'json_schema'.");
  }
  const spec = value.json_schema;
  if (!isObject(spec)) return missing('response_format.json_schema');
  if (typeof spec.name !== 'string' || !NAME.test(spec.name))
    return missing('response_format.json_schema.name');
  const strict = spec.strict === true;
  const problem = strict ? strictSchemaProblem(spec.schema ?? {}) : undefined;
  if (problem) {
    return apiError(400, `Invalid schema for response_format '${spec.name}': ${problem}`, {
      param: 'response_format',
    });
  }
  return { kind: 'json_schema', format: { name: spec.name, schema: spec.schema ?? {}, strict } };
}

function parseTools(value: unknown): FakeTool[] | ApiError | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return invalid('tools', 'expected an array.', 'invalid_type');
  if (value.length === 0) {
    return apiError(400, "Invalid 'tools': empty array. Expected an array with minimum length 1.", {
      param: 'tools',
      code: 'empty_array',
    });
  }
  const tools: FakeTool[] = [];
  for (const [index, tool] of value.entries()) {
    const fn = isObject(tool) && isObject(tool.function) ? tool.function : undefined;
    if (!isObject(tool) || tool.type !== 'function') {
      return invalid(`tools[${index}].type`, "the fake OpenAI supports 'function' tools only.");
    }
    if (typeof fn?.name !== 'string' || !NAME.test(fn.name)) return missing(`tools[${index}].function.name`);
    const strict = fn.strict === true;
    const problem = strict ? strictSchemaProblem(fn.parameters ?? {}) : undefined;
    if (problem) {
      return apiError(400, `Invalid schema for function '${fn.name}': ${problem}`, {
        param: `tools[${index}].function.parameters`,
        code: 'invalid_function_parameters',
      });
    }
    const parsed: FakeTool = { name: fn.name, parameters: fn.parameters ?? {}, strict };
    if (typeof fn.description === 'string') parsed.description = fn.description;
    tools.push(parsed);
  }
  return tools;
}

function parseToolChoice(
  value: unknown,
  tools: FakeTool[] | undefined,
): FakeToolChoice | ApiError | undefined {
  if (value === undefined || value === null) return tools ? 'auto' : undefined;
  if (!tools) return invalid('tool_choice', "'tool_choice' is only allowed when 'tools' are specified.");
  if (value === 'none' || value === 'auto' || value === 'required') return value;
  const name = isObject(value) && isObject(value.function) ? value.function.name : undefined;
  if (!isObject(value) || value.type !== 'function' || typeof name !== 'string') {
    return invalid(
      'tool_choice',
      "expected 'none', 'auto', 'required' or {type: 'function', function: {name}}.",
    );
  }
  if (!tools.some((tool) => tool.name === name)) {
    return invalid('tool_choice', `no function named '${name}' was specified in the 'tools' parameter.`);
  }
  return { name };
}
