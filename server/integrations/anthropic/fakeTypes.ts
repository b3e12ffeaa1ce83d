// The shapes the fake Anthropic hands its responder and takes back. Kept apart from the server so
// responders can be written (and tested) without starting one.

export type FakeMessage = {
  role: 'user' | 'assistant';
  /** Text blocks joined with a newline; other block types (images, tool results) are left out. */
  text: string;
};

export type FakeTool = { name: string; description?: string; inputSchema: unknown };

/** `tool_choice` as sent; absent means 'auto' when there are tools. */
export type FakeToolChoice = { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string };

export type FakeMessagesRequest = {
  model: string;
  maxTokens: number;
  /** The system prompt, text blocks joined; '' when absent. */
  system: string;
  messages: FakeMessage[];
  tools: FakeTool[];
  toolChoice?: FakeToolChoice;
  /** The body exactly as parsed, for assertions on anything not lifted out above. */
  raw: Record<string, unknown>;
};

export type FakeMessagesReply = { text: string } | { toolUse: { name: string; input: unknown } };

export type FakeResponder = (request: FakeMessagesRequest) => FakeMessagesReply | Promise<FakeMessagesReply>;

/**
 * An injected failure: an HTTP error (429 may say when to come back), a request held open until the
 * client gives up, or 529 `overloaded_error`.
 */
export type FakeFault = { status: number; retryAfterSeconds?: number } | 'timeout' | 'overloaded';

/** One request as it arrived, before any check: what actually left the system under test. */
export type ReceivedRequest = {
  method: string;
  path: string;
  /** Lower-case names; repeated headers joined with ', '. Held in memory only, never logged. */
  headers: Record<string, string>;
  /** The body's exact bytes. */
  rawBody: Buffer;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
};
