import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue, readBody, respond, Timers } from '../fakeHttp.ts';
import { chatCompletion, estimateTokens, PromptCache, promptText, replyProblem } from './fakeCompletion.ts';
import { type ApiError, apiError, parseChatRequest } from './fakeRequest.ts';
import { defaultResponder } from './fakeResponder.ts';
import type { FakeChatRequest, FakeFault, FakeResponder } from './fakeTypes.ts';

export type {
  FakeChatMessage,
  FakeChatReply,
  FakeChatRequest,
  FakeFault,
  FakeResponder,
  FakeTool,
  FakeToolCall,
  FakeToolChoice,
} from './fakeTypes.ts';

export type FakeOpenAI = {
  /** The base URL, ending in /v1: what `OPENAI_BASE_URL` (or the SDK's `baseURL`) takes. */
  url: string;
  /** The one key accepted as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Every well-formed, authorised request, oldest first (the latest 10,000), faulted ones included. */
  requests: FakeChatRequest[];
  setResponder(responder: FakeResponder): void;
  /** Delays every reply by `ms` (0 to stop). */
  setLatency(ms: number): void;
  /** The next `count` well-formed requests meet `fault` instead of the responder. */
  failNext(count: number, fault: FakeFault): void;
  /** While down, every well-formed request gets 503. */
  setDown(down: boolean): void;
  close(): Promise<void>;
};

export type FakeOpenAIOptions = {
  /** Default: a random `sk-fake-…` key. */
  apiKey?: string;
  /** Default: the demo brain (`defaultResponder`). */
  responder?: FakeResponder;
  latencyMs?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
};

const MAX_LOGGED = 10_000;
/** A `timeout` fault holds the request this long at most, in case the client never gives up. */
const HOLD_MAX_MS = 10 * 60_000;
const CHAT_PATH = '/v1/chat/completions';

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

/** An OpenAI chat.completions endpoint on 127.0.0.1 that the real `openai` SDK can talk to. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const apiKey = options.apiKey ?? `sk-fake-${randomBytes(16).toString('hex')}`;
  const host = options.host ?? '127.0.0.1';
  const timers = new Timers();
  const cache = new PromptCache();
  const requests: FakeChatRequest[] = [];
  const faults = new FaultQueue<FakeFault>();
  const held = new Set<ServerResponse>();
  let responder = options.responder ?? defaultResponder;
  let latencyMs = options.latencyMs ?? 0;
  let down = false;

  const server = createServer((request, response) => {
    const startedAt = Date.now();
    const send = (reply: Reply) => {
      const headers = {
        'x-request-id': `req_${randomBytes(16).toString('hex')}`,
        'openai-processing-ms': String(Date.now() - startedAt),
        ...reply.headers,
      };
      if (latencyMs > 0) timers.later(latencyMs, () => respond(response, { ...reply, headers }));
      else respond(response, { ...reply, headers });
    };
    void readBody(request)
      .then((body) => handle(request, response, body))
      .then((reply) => reply && send(reply))
      // A body over the shared limit destroys the socket, so only other failures can still be answered.
      .catch((error: unknown) =>
        send(apiError(500, `fake OpenAI: ${String(error)}`, { type: 'server_error' })),
      );
  });

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    body: string,
  ): Promise<Reply | undefined> {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (path !== CHAT_PATH || request.method !== 'POST') {
      return apiError(404, `Invalid URL (${request.method} ${path})`);
    }
    const unauthorised = checkKey(request.headers.authorization);
    if (unauthorised) return unauthorised;
    const parsed = parseChatRequest(body);
    if ('status' in parsed) return parsed;
    // The exact text that arrived, so a test can assert on what left the system under test.
    parsed.rawBody = body;
    requests.push(parsed);
    if (requests.length > MAX_LOGGED) requests.shift();

    if (down) return apiError(503, 'The server is overloaded or not ready yet.', { type: 'server_error' });
    const fault = faults.take();
    if (fault === 'timeout') {
      held.add(response);
      response.once('close', () => held.delete(response));
      timers.later(HOLD_MAX_MS, () => request.socket.destroy());
      return undefined;
    }
    if (fault === 'disconnect') {
      request.socket.destroy();
      return undefined;
    }
    if (fault) return faultReply(fault);
    return complete(parsed);
  }

  function checkKey(authorization: string | undefined): ApiError | undefined {
    const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!key) {
      return apiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      );
    }
    // Unlike OpenAI, the message does not echo even a masked key: keys never leave in a reply.
    if (key !== apiKey) {
      return apiError(
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        { code: 'invalid_api_key' },
      );
    }
    return undefined;
  }

  async function complete(request: FakeChatRequest): Promise<Reply> {
    let reply: Awaited<ReturnType<FakeResponder>>;
    try {
      reply = await responder(request);
    } catch (error) {
      return {
        ...apiError(500, `fake OpenAI responder threw: ${String(error)}`, { type: 'server_error' }),
        headers: { 'x-should-retry': 'false' },
      };
    }
    const problem = replyProblem(request, reply);
    if (problem) return problem;
    const text = promptText(request);
    const promptTokens = estimateTokens(text);
    const cachedTokens = cache.take(request.model, text);
    return { status: 200, body: chatCompletion({ request, reply, promptTokens, cachedTokens }) };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/v1`,
    apiKey,
    requests,
    setResponder(next) {
      responder = next;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    failNext(count, fault) {
      if (count > 0) faults.add(fault, count);
    },
    setDown(value) {
      down = value;
    },
    async close() {
      timers.clear();
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** OpenAI's error bodies for the statuses tests inject; 429 and 503 say when to come back. */
function faultReply(fault: { status: number; retryAfterSeconds?: number }): Reply {
  const { status, retryAfterSeconds } = fault;
  const headers: Record<string, string> =
    retryAfterSeconds === undefined
      ? {}
      : {
          // Whole seconds in `retry-after`, the exact wait in `retry-after-ms` (which the SDK reads first).
          'retry-after': String(Math.ceil(retryAfterSeconds)),
          'retry-after-ms': String(Math.round(retryAfterSeconds * 1000)),
        };
  const reply =
    status === 429
      ? apiError(429, 'Rate limit reached for requests. Please try again later.', {
          type: 'requests',
          code: 'rate_limit_exceeded',
        })
      : status >= 500
        ? apiError(status, 'The server had an error while processing your request. Sorry about that!', {
            type: 'server_error',
          })
        : apiError(status, `Injected fault (${status}).`);
  return { ...reply, headers };
}
