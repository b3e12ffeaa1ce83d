// The shapes the fake OpenAI hands its responder and takes back. Kept apart from the server so
// responders can be written (and tested) without starting one.

export type FakeChatMessage = {
  role: string;
  /** Text parts are joined into one string; null only for an assistant turn that called tools. */
  content: string | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; name: string; arguments: string }>;
};

export type FakeTool = { name: string; description?: string; parameters: unknown; strict: boolean };

/** `tool_choice` as sent, or 'auto' when absent: 'none', 'auto', 'required' or one function by name. */
export type FakeToolChoice = 'none' | 'auto' | 'required' | { name: string };

export type FakeChatRequest = {
  model: string;
  messages: FakeChatMessage[];
  /** Present for `response_format: {type: 'json_schema'}`; `json_object` sets `jsonMode` instead. */
  responseFormat?: { name: string; schema: unknown; strict: boolean };
  jsonMode?: boolean;
  tools?: FakeTool[];
  toolChoice?: FakeToolChoice;
  temperature?: number;
  /** `max_completion_tokens` (or the older `max_tokens`): longer replies are cut, finish_reason 'length'. */
  maxTokens?: number;
  /** The body exactly as parsed, for assertions on anything not lifted out above. */
  raw: unknown;
  /** The body's exact text as it arrived (set by the server; absent on a request built in a test). */
  rawBody?: string;
};

export type FakeToolCall = { name: string; arguments: Record<string, unknown> };

export type FakeChatReply = { content: string } | { toolCalls: FakeToolCall[]; content?: string | null };

export type FakeResponder = (request: FakeChatRequest) => FakeChatReply | Promise<FakeChatReply>;

/** An injected failure: an HTTP error, a request held open until the client gives up, or a dropped socket. */
export type FakeFault = { status: number; retryAfterSeconds?: number } | 'timeout' | 'disconnect';
