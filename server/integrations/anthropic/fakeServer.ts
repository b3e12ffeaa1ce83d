import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue, respond, Timers } from '../fakeHttp.ts';
import { apiError, type FakeErrorReply, faultReply } from './fakeErrors.ts';
import { messageBody, replyProblem } from './fakeMessage.ts';
import { readRawBody } from './fakeRawBody.ts';
import { parseMessagesRequest } from './fakeRequest.ts';
import { defaultResponder } from './fakeResponder.ts';
import type { FakeFault, FakeResponder, ReceivedRequest } from './fakeTypes.ts';

export type {
  FakeFault,
  FakeMessage,
  FakeMessagesReply,
  FakeMessagesRequest,
  FakeResponder,
  FakeTool,
  FakeToolChoice,
  ReceivedRequest,
} from './fakeTypes.ts';

export type FakeAnthropic = {
  /** The base URL without /v1: what `ANTHROPIC_BASE_URL` (or the SDK's `baseURL`) takes. */
  url: string;
  /** The one key accepted, as `x-api-key: <key>` or `authorization: Bearer <key>`. */
  apiKey: string;
  /** Every request as it arrived, rejected ones included, oldest first (the latest 10,000). */
  received: ReceivedRequest[];
  setResponder(responder: FakeResponder): void;
  /** Delays every reply by `ms` (0 to stop). */
  setLatency(ms: number): void;
  /** The next `count` well-formed, authorised requests meet `fault` instead of the responder. */
  failNext(count: number, fault: FakeFault): void;
  /** While down, every well-formed request gets 529 `overloaded_error`, as during an Anthropic outage. */
  setDown(down: boolean): void;
  close(): Promise<void>;
};

export type FakeAnthropicOptions = {
  /** Default: a random `sk-ant-fake-…` key. */
  apiKey?: string;
  /** Default: the demo brain (`defaultResponder`). */
  responder?: FakeResponder;
  latencyMs?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
};

const MAX_RECEIVED = 10_000;
/** A `timeout` fault holds the request this long at most, in case the client never gives up. */
const HOLD_MAX_MS = 10 * 60_000;
const MESSAGES_PATH = '/v1/messages';
/** Anthropic pins behaviour to a dated version; anything date-shaped is accepted here. */
const VERSION = /^\d{4}-\d{2}-\d{2}$/;

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

/** An Anthropic Messages endpoint on 127.0.0.1 that the real `@anthropic-ai/sdk` can talk to. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? `sk-ant-fake-${randomBytes(16).toString('hex')}`;
  const host = options.host ?? '127.0.0.1';
  const timers = new Timers();
  const received: ReceivedRequest[] = [];
  const faults = new FaultQueue<FakeFault>();
  const held = new Set<ServerResponse>();
  let responder = options.responder ?? defaultResponder;
  let latencyMs = options.latencyMs ?? 0;
  let down = false;

  const server = createServer((request, response) => {
    const requestId = `req_${randomBytes(12).toString('hex')}`;
    const send = (reply: Reply) => {
      const headers = { 'request-id': requestId, ...reply.headers };
      if (latencyMs > 0) timers.later(latencyMs, () => respond(response, { ...reply, headers }));
      else respond(response, { ...reply, headers });
    };
    void readRawBody(request)
      .then((raw) => handle(request, response, raw, requestId))
      .then((reply) => reply && send(reply))
      .catch((error: unknown) =>
        send(apiError(500, 'api_error', `fake Anthropic: ${String(error)}`, requestId)),
      );
  });

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    raw: { bytes: Buffer; tooLarge: boolean },
    requestId: string,
  ): Promise<Reply | undefined> {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const body = parseJson(raw.bytes);
    received.push({
      method: request.method ?? '',
      path,
      headers: flatHeaders(request),
      rawBody: raw.bytes,
      body,
    });
    if (received.length > MAX_RECEIVED) received.shift();

    if (path !== MESSAGES_PATH || request.method !== 'POST') {
      return apiError(404, 'not_found_error', 'Not Found', requestId);
    }
    const unauthorised = checkKey(request, requestId);
    if (unauthorised) return unauthorised;
    const version = request.headers['anthropic-version'];
    if (typeof version !== 'string' || !version) {
      return apiError(400, 'invalid_request_error', 'anthropic-version: header is required', requestId);
    }
    if (!VERSION.test(version)) {
      return apiError(
        400,
        'invalid_request_error',
        `anthropic-version: invalid version '${version}'`,
        requestId,
      );
    }
    if (raw.tooLarge)
      return apiError(
        413,
        'request_too_large',
        'Request exceeds the maximum allowed number of bytes.',
        requestId,
      );
    if (body === undefined) {
      return apiError(
        400,
        'invalid_request_error',
        'There was an issue with your request body: it is not valid JSON.',
        requestId,
      );
    }
    const parsed = parseMessagesRequest(body);
    if ('problem' in parsed) return apiError(400, 'invalid_request_error', parsed.problem, requestId);

    if (down) return faultReply(529, requestId);
    const fault = faults.take();
    if (fault === 'timeout') {
      held.add(response);
      response.once('close', () => held.delete(response));
      timers.later(HOLD_MAX_MS, () => request.socket.destroy());
      return undefined;
    }
    if (fault === 'overloaded') return faultReply(529, requestId);
    if (fault) return faultReply(fault.status, requestId, fault.retryAfterSeconds);

    let reply: Awaited<ReturnType<FakeResponder>>;
    try {
      reply = await responder(parsed);
    } catch (error) {
      return responderBug(`the responder threw: ${String(error)}`, requestId);
    }
    const problem = replyProblem(parsed, reply);
    if (problem) return responderBug(problem, requestId);
    return { status: 200, body: messageBody(parsed, reply) };
  }

  /** `x-api-key` wins when both are sent. Messages never echo the key, not even masked. */
  function checkKey(request: IncomingMessage, requestId: string): FakeErrorReply | undefined {
    const header = request.headers['x-api-key'];
    const key =
      typeof header === 'string' && header
        ? header
        : /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!key) return apiError(401, 'authentication_error', 'x-api-key header is required', requestId);
    if (key !== apiKey) return apiError(401, 'authentication_error', 'invalid x-api-key', requestId);
    return undefined;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    apiKey,
    received,
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

/** A responder that breaks the request's contract is a test bug: say so, and tell the SDK not to retry. */
function responderBug(problem: string, requestId: string): Reply {
  return {
    ...apiError(500, 'api_error', `fake Anthropic: ${problem}`, requestId),
    headers: { 'x-should-retry': 'false' },
  };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
