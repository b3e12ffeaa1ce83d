import type { FakeMessage, FakeMessagesRequest, FakeTool, FakeToolChoice } from './fakeTypes.ts';

// Reads a Messages API body the way Anthropic does, refusing with (close to) its wording, so product
// code meets the same 400s here as in production. Returns the reason as a string; the server wraps it.

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

export function parseMessagesRequest(raw: unknown): FakeMessagesRequest | { problem: string } {
  if (!isObject(raw)) return { problem: 'Input should be a valid dictionary' };
  if (raw.model === undefined) return { problem: 'model: Field required' };
  if (typeof raw.model !== 'string' || !raw.model)
    return { problem: 'model: Input should be a valid string' };
  if (raw.max_tokens === undefined) return { problem: 'max_tokens: Field required' };
  if (!Number.isInteger(raw.max_tokens) || (raw.max_tokens as number) < 1) {
    return { problem: 'max_tokens: Input should be a valid integer greater than or equal to 1' };
  }
  if (raw.messages === undefined) return { problem: 'messages: Field required' };
  if (!Array.isArray(raw.messages)) return { problem: 'messages: Input should be a valid list' };
  if (raw.messages.length === 0) return { problem: 'messages: at least one message is required' };
  if (raw.stream === true)
    return { problem: 'stream: the fake Anthropic does not stream; send stream: false' };

  const messages: FakeMessage[] = [];
  for (const [index, item] of raw.messages.entries()) {
    const role = isObject(item) ? item.role : undefined;
    if (role !== 'user' && role !== 'assistant') {
      return { problem: `messages.${index}.role: Input should be 'user' or 'assistant'` };
    }
    const text = contentText(isObject(item) ? item.content : undefined);
    if (text === undefined) return { problem: `messages.${index}.content: Field required` };
    messages.push({ role, text });
  }
  const system = raw.system === undefined ? '' : contentText(raw.system);
  if (system === undefined)
    return { problem: 'system: Input should be a valid string or list of text blocks' };

  const tools = parseTools(raw.tools);
  if ('problem' in tools) return tools;
  const toolChoice = parseToolChoice(raw.tool_choice, tools.list);
  if (toolChoice && 'problem' in toolChoice) return toolChoice;

  const request: FakeMessagesRequest = {
    model: raw.model,
    maxTokens: raw.max_tokens as number,
    system,
    messages,
    tools: tools.list,
    raw,
  };
  if (toolChoice) request.toolChoice = toolChoice;
  return request;
}

/** A string, or the text of an array of content blocks joined; undefined when it is neither. */
function contentText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  return value
    .map((block) =>
      isObject(block) && block.type === 'text' && typeof block.text === 'string' ? block.text : '',
    )
    .filter(Boolean)
    .join('\n');
}

function parseTools(value: unknown): { list: FakeTool[] } | { problem: string } {
  if (value === undefined) return { list: [] };
  if (!Array.isArray(value)) return { problem: 'tools: Input should be a valid list' };
  const list: FakeTool[] = [];
  for (const [index, tool] of value.entries()) {
    if (!isObject(tool)) return { problem: `tools.${index}: Input should be a valid dictionary` };
    if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) {
      return { problem: `tools.${index}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'` };
    }
    if (tool.input_schema === undefined)
      return { problem: `tools.${index}.custom.input_schema: Field required` };
    if (!isObject(tool.input_schema) || tool.input_schema.type !== 'object') {
      return { problem: `tools.${index}.custom.input_schema.type: Input should be 'object'` };
    }
    if (list.some((other) => other.name === tool.name)) {
      return { problem: `tools: Tool names must be unique.` };
    }
    const parsed: FakeTool = { name: tool.name, inputSchema: tool.input_schema };
    if (typeof tool.description === 'string') parsed.description = tool.description;
    list.push(parsed);
  }
  return { list };
}

function parseToolChoice(
  value: unknown,
  tools: FakeTool[],
): FakeToolChoice | { problem: string } | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return { problem: 'tool_choice: Input should be a valid dictionary' };
  const type = value.type;
  if (type === 'auto' || type === 'any' || type === 'none') return { type };
  if (type !== 'tool') {
    return { problem: "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'" };
  }
  if (typeof value.name !== 'string') return { problem: 'tool_choice.tool.name: Field required' };
  const name = value.name;
  if (!tools.some((tool) => tool.name === name)) {
    return { problem: `tool_choice: Tool '${name}' not found in 'tools'` };
  }
  return { type: 'tool', name };
}
