import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MAX_MESSAGE_LENGTH } from '../../../shared/sms.ts';
import { type FakeReply, FaultQueue, readBody, respond } from '../fakeHttp.ts';
import {
  apiMessage,
  type FakeMessage,
  type FakePhoneNumber,
  type FakeWebhookEvent,
  messageEvent,
  missedCallEvent,
  newMessage,
  PhoneBook,
  RateMeter,
  SlidingWindow,
  Timers,
} from './fakeState.ts';
import {
  type FakeDelivery,
  type FakePostResult,
  FakeWebhookSender,
  type FakeWebhookTarget,
  type SignatureMode,
} from './fakeWebhooks.ts';

export type { FakeMessage, FakePhoneNumber, FakeWebhookEvent } from './fakeState.ts';
export type { FakeDelivery, FakePostResult, FakeWebhookTarget, SignatureMode } from './fakeWebhooks.ts';

/** Which API calls a fault applies to. */
export type FaultTarget = 'send' | 'list' | 'any';

/** One request as seen: method and path only (the query holds customer numbers; headers hold the key). */
export type FakeRequest = { method: string; path: string; at: number; outcome: number | 'lost' | 'hung' };

export type FakeOpenPhoneControl = {
  /** The next `times` (default 1) calls (sends unless `on` says otherwise) get `status`. */
  failNext(fault: { status: number; retryAfterSeconds?: number; times?: number; on?: FaultTarget }): void;
  /** Delay every reply by `ms` (0 to stop). A slow send is still accepted at once, as a real one would be. */
  slow(ms: number): void;
  /** The next `times` (default 1) sends are accepted and recorded, then the socket is destroyed unanswered. */
  acceptButLoseReply(times?: number): void;
  /** The next `times` (default 1) calls (sends by default) are never answered nor acted on; the socket is closed after `hangMs`. */
  timeoutNext(times?: number, options?: { on?: FaultTarget }): void;
  /** That message (or the next one accepted) ends in `failed` instead of `delivered`. */
  failDelivery(messageId: string | 'next'): void;
  /** Where webhooks go; ClubOS's URL is often known only after the fake has started. */
  setWebhook(target: FakeWebhookTarget | undefined): void;
  /** A customer texts `to` (the facility's number): posts a signed `message.received`. */
  textIn(input: { from: string; to: string; body: string }): Promise<FakeWebhookEvent>;
  /** An unanswered incoming call: posts `call.completed` (or `call.missed`) with `answeredAt: null`. */
  missedCall(input: {
    from: string;
    to: string;
    voicemail?: { url: string; duration: number };
    type?: 'call.completed' | 'call.missed';
  }): Promise<FakeWebhookEvent>;
  /** Posts an event again: the same bytes and `webhook-id`, a fresh timestamp and signature. One attempt. */
  redeliver(event: FakeWebhookEvent): Promise<FakePostResult>;
  /** Posts an event (or a raw body) once, with a valid, invalid (right shape, wrong bytes) or no signature. */
  post(event: FakeWebhookEvent | string, options?: { signature?: SignatureMode }): Promise<FakePostResult>;
  /** The most sends accepted in any one-second window so far. */
  requestsPerSecondMax(): number;
  /** How many requests hit `path` (exact, no query) with `method`, whatever their outcome. */
  calls(method: string, path: string): number;
  /** Every request, oldest first (the latest 10,000). */
  readonly requests: readonly FakeRequest[];
  /** Every webhook attempt, oldest first (the latest 10,000). */
  readonly deliveries: readonly FakeDelivery[];
  /** Every message, both directions, oldest first. */
  readonly messages: readonly FakeMessage[];
};

export type FakeOpenPhone = {
  url: string;
  control: FakeOpenPhoneControl;
  /** Sends accepted (including those whose reply was lost), oldest first; statuses update in place. */
  sent: readonly FakeMessage[];
  close(): Promise<void>;
};

export type FakeOpenPhoneOptions = {
  port?: number;
  /** The one key the fake accepts, as `Authorization: <key>` (a `Bearer` prefix is refused). */
  apiKey: string;
  /** Requests per second per API key over a sliding one-second window, for every call. Default 10. */
  rateLimitPerSecond?: number;
  webhook?: FakeWebhookTarget;
  /** Timestamps in messages, events and signatures. The rate limit uses a monotonic clock. */
  now?: () => Date;
  /** The workspace's lines. Given: a send from any other is refused. Not given: learned as they are used. */
  phoneNumbers?: FakePhoneNumber[];
  /** From acceptance to `sent` (default 100 ms), and from `sent` to `delivered`/`failed` (default 200 ms). */
  statusDelaysMs?: { sent?: number; delivered?: number };
  /** How long a `timeoutNext` request is held before its socket is closed. Default 30 s. */
  hangMs?: number;
  /** After a non-2xx, automatic webhooks are posted again after each delay. Default 250 ms, 1 s, 4 s. */
  webhookRetryDelaysMs?: number[];
};

type Fault = {
  on: FaultTarget;
  action: 'fail' | 'lose' | 'hang';
  status?: number;
  retryAfterSeconds?: number;
};
type Reply = FakeReply;
type Outcome = { reply: Reply } | { lose: true } | { hang: true };

const MAX_LOGGED = 10_000;
const MAX_MESSAGES = 50_000;
const E164 = /^\+[1-9]\d{6,14}$/;

/** An OpenPhone that speaks the contract in shared/INTEGRATIONS.md on 127.0.0.1, with knobs for faults. */
export async function startFakeOpenPhone(options: FakeOpenPhoneOptions): Promise<FakeOpenPhone> {
  const now = options.now ?? (() => new Date());
  const timers = new Timers();
  const webhooks = new FakeWebhookSender(
    options.webhook,
    timers,
    now,
    options.webhookRetryDelaysMs ?? [250, 1_000, 4_000],
  );
  const book = new PhoneBook(options.phoneNumbers);
  const limiter = new SlidingWindow(options.rateLimitPerSecond ?? 10);
  const meter = new RateMeter();
  const sentDelayMs = options.statusDelaysMs?.sent ?? 100;
  const deliveredDelayMs = options.statusDelaysMs?.delivered ?? 200;
  const messages: FakeMessage[] = [];
  const sent: FakeMessage[] = [];
  const requests: FakeRequest[] = [];
  const faults = new FaultQueue<Fault>();
  const failingDeliveries = new Set<string>();
  let failNextDeliveries = 0;
  let delayMs = 0;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const seen: FakeRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      at: Date.now(),
      outcome: 0,
    };
    requests.push(seen);
    if (requests.length > MAX_LOGGED) requests.shift();
    void readBody(request)
      .then((body) => handle(seen.method, url, request.headers.authorization, body))
      .catch((): Outcome => ({ reply: { status: 400, body: error(400, 'Bad request') } }))
      .then((outcome) => {
        seen.outcome = 'reply' in outcome ? outcome.reply.status : 'lose' in outcome ? 'lost' : 'hung';
        if ('hang' in outcome) {
          timers.later(options.hangMs ?? 30_000, () => request.socket.destroy());
          return;
        }
        const finish = () =>
          'reply' in outcome ? respond(response, outcome.reply) : request.socket.destroy();
        if (delayMs > 0) timers.later(delayMs, finish);
        else finish();
      });
  });

  function handle(method: string, url: URL, authorization: string | undefined, body: string): Outcome {
    const operation =
      url.pathname === '/v1/messages' ? (method === 'POST' ? 'send' : method === 'GET' ? 'list' : '') : '';
    if (!operation) return { reply: { status: 404, body: error(404, 'Not found') } };
    if (authorization?.startsWith('Bearer ')) {
      return {
        reply: { status: 401, body: error(401, 'The API key goes in Authorization with no Bearer prefix') },
      };
    }
    if (authorization !== options.apiKey) return { reply: { status: 401, body: error(401, 'Unauthorized') } };
    const admitted = limiter.take(performance.now());
    if (!admitted.ok) {
      return {
        reply: {
          status: 429,
          headers: { 'retry-after': String(Math.max(1, Math.ceil(admitted.retryAfterMs / 1000))) },
          body: error(429, 'Too many requests'),
        },
      };
    }
    const fault = takeFault(operation);
    if (fault?.action === 'fail') {
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      const status = fault.status ?? 500;
      return { reply: { status, headers, body: error(status, 'Injected fault') } };
    }
    if (fault?.action === 'hang') return { hang: true };
    if (operation === 'list') return { reply: list(url.searchParams) };
    const result = send(body);
    if ('reply' in result) return result;
    if (fault?.action === 'lose') {
      result.message.replyLost = true;
      return { lose: true };
    }
    return { reply: { status: 202, body: { data: apiMessage(result.message) } } };
  }

  function send(body: string): { message: FakeMessage } | { reply: Reply } {
    const bad = (message: string) => ({ reply: { status: 400, body: error(400, message) } });
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch {
      return bad('Body must be JSON');
    }
    const { content, from, to } = (input ?? {}) as Record<string, unknown>;
    if (typeof content !== 'string' || content.length < 1 || content.length > MAX_MESSAGE_LENGTH) {
      return bad(`content must be 1 to ${MAX_MESSAGE_LENGTH} characters`);
    }
    if (typeof from !== 'string' || !from) return bad('from is required');
    if (!Array.isArray(to) || to.length !== 1) return bad('to must be an array of one phone number');
    const [customer] = to;
    // Echoes the value, as real APIs do: the client must keep the customer's number out of its errors.
    if (typeof customer !== 'string' || !E164.test(customer)) {
      return bad(`to[0] must be an E.164 phone number, got ${JSON.stringify(customer)}`);
    }
    const line = book.resolve(from);
    if (!line) return bad(`from ${JSON.stringify(from)} is not a phone number in this workspace`);
    const message = newMessage({ direction: 'outgoing', line, customer, content, now: now() });
    keep(message);
    sent.push(message);
    if (sent.length > MAX_MESSAGES) sent.shift();
    meter.record(performance.now());
    if (failNextDeliveries > 0) {
      failNextDeliveries -= 1;
      failingDeliveries.add(message.id);
    }
    progress(message);
    return { message };
  }

  function list(query: URLSearchParams): Reply {
    const phoneNumberId = query.get('phoneNumberId');
    const participants = [...query.getAll('participants[]'), ...query.getAll('participants')];
    const maxResults = Number(query.get('maxResults') ?? 10);
    if (!phoneNumberId) return { status: 400, body: error(400, 'phoneNumberId is required') };
    if (participants.length === 0) return { status: 400, body: error(400, 'participants is required') };
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      return { status: 400, body: error(400, 'maxResults must be 1 to 100') };
    }
    const found: FakeMessage[] = [];
    // Newest first, as OpenPhone lists them.
    for (let index = messages.length - 1; index >= 0 && found.length < maxResults; index--) {
      const message = messages[index];
      if (!message || !book.matches(message.phoneNumberId, phoneNumberId)) continue;
      const customer = message.direction === 'outgoing' ? message.to : message.from;
      if (participants.includes(customer)) found.push(message);
    }
    return {
      status: 200,
      body: { data: found.map(apiMessage), totalItems: found.length, nextPageToken: null },
    };
  }

  function progress(message: FakeMessage): void {
    timers.later(sentDelayMs, () => {
      setStatus(message, 'sent');
      timers.later(deliveredDelayMs, () => {
        setStatus(message, failingDeliveries.delete(message.id) ? 'failed' : 'delivered');
      });
    });
  }

  function setStatus(message: FakeMessage, status: 'sent' | 'delivered' | 'failed'): void {
    message.status = status;
    message.updatedAt = now().toISOString();
    if (webhooks.configured) {
      void webhooks.deliver(messageEvent(`message.${status}`, message, webhooks.apiVersion, now()));
    }
  }

  function keep(message: FakeMessage): void {
    messages.push(message);
    if (messages.length > MAX_MESSAGES) messages.shift();
  }

  function takeFault(operation: 'send' | 'list'): Fault | undefined {
    return faults.take((fault) => fault.on === 'any' || fault.on === operation);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const control: FakeOpenPhoneControl = {
    failNext({ status, retryAfterSeconds, times = 1, on = 'send' }) {
      faults.add({ on, action: 'fail', status, retryAfterSeconds }, times);
    },
    slow(ms) {
      delayMs = ms;
    },
    acceptButLoseReply(times = 1) {
      faults.add({ on: 'send', action: 'lose' }, times);
    },
    timeoutNext(times = 1, { on = 'send' } = {}) {
      faults.add({ on, action: 'hang' }, times);
    },
    failDelivery(messageId) {
      if (messageId === 'next') failNextDeliveries += 1;
      else failingDeliveries.add(messageId);
    },
    setWebhook: (target) => webhooks.setTarget(target),
    async textIn({ from, to, body }) {
      const line = lineFor(to);
      const message = newMessage({ direction: 'incoming', line, customer: from, content: body, now: now() });
      keep(message);
      const event = messageEvent('message.received', message, webhooks.apiVersion, now());
      await webhooks.deliver(event);
      return event;
    },
    async missedCall({ from, to, voicemail, type = 'call.completed' }) {
      const line = lineFor(to);
      const event = missedCallEvent({
        type,
        line,
        customer: from,
        voicemail,
        apiVersion: webhooks.apiVersion,
        now: now(),
      });
      await webhooks.deliver(event);
      return event;
    },
    redeliver: (event) => webhooks.post(event),
    post: (event, { signature = 'valid' } = {}) => webhooks.post(event, signature),
    requestsPerSecondMax: () => meter.max,
    calls: (method, path) =>
      requests.filter((request) => request.method === method && request.path === path).length,
    requests,
    deliveries: webhooks.deliveries,
    messages,
  };

  function lineFor(to: string) {
    if (!webhooks.configured) throw new Error('fake OpenPhone: no webhook target configured');
    const line = book.resolve(to);
    if (!line) throw new Error(`fake OpenPhone: ${to} is not a phone number in this workspace`);
    return line;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    control,
    sent,
    async close() {
      timers.clear();
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** OpenPhone's error body shape. */
const error = (status: number, message: string) => ({ message, status, code: String(status) });
