import { z } from 'zod';
import { parseRetryAfter } from '../retryAfter.ts';
import { type OpenPhoneApi, OpenPhoneError, type OpenPhoneMessage } from './types.ts';

type Fetch = typeof globalThis.fetch;

export type OpenPhoneClientOptions = {
  /** The API base, `https://api.openphone.com` in production. */
  url: string;
  /** Sent as `Authorization: <key>`, with no `Bearer` prefix. */
  apiKey: string;
  /** Per request, including reading the body. Default 10 s. */
  timeoutMs?: number;
  fetch?: Fetch;
  now?: () => Date;
};

const DEFAULT_TIMEOUT_MS = 10_000;
/** The limit is 10 requests a second, so a 429 without `Retry-After` is worth retrying a second later. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
const DEFAULT_MAX_RESULTS = 20;
const SEND = 'POST /v1/messages';
const LIST = 'GET /v1/messages';

/**
 * Network failures that happen before a byte of the request leaves: the send cannot have been accepted.
 * Anything else (a reset, a closed socket, a timeout) may have come after OpenPhone accepted it.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The real OpenPhone (Quo) API: `POST /v1/messages` and `GET /v1/messages`. It never retries or sleeps:
 * the outbox decides, from the error's kind. A send whose outcome is unknown is `unknown_outcome`, so
 * the outbox reconciles against `listMessages` before sending again (OpenPhone has no idempotency key).
 * The API key never goes in a URL or an error, and the customer's number is kept out of error messages.
 */
export function createOpenPhoneClient(options: OpenPhoneClientOptions): OpenPhoneApi {
  const base = options.url.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call(
    request: { method: 'GET' | 'POST'; path: string; body?: unknown },
    label: string,
  ): Promise<Reply> {
    const isSend = request.method === 'POST';
    let response: Response;
    try {
      response = await fetchImpl(`${base}${request.path}`, {
        method: request.method,
        headers: {
          authorization: options.apiKey,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        // A redirect would be followed with the key to wherever it points; treat it as a refusal instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw networkError(label, error, isSend, timeoutMs);
    }
    // The signal also bounds reading the body, so a reply that stalls half-way still times out.
    let text = '';
    let bodyLost = false;
    try {
      text = await response.text();
    } catch {
      bodyLost = true;
    }
    return { status: response.status, headers: response.headers, text, bodyLost };
  }

  return {
    async sendMessage({ from, to, content }) {
      const reply = await call(
        { method: 'POST', path: '/v1/messages', body: { content, from, to: [to] } },
        SEND,
      );
      if (!ok(reply.status)) throw errorFor(SEND, reply, [options.apiKey, to], true, options.now);
      // A 2xx means OpenPhone took the message. Without a readable id we cannot tell the outbox what was
      // sent, but resending would double-text: let it reconcile.
      const parsed = reply.bodyLost ? undefined : sendReplySchema.safeParse(parseJson(reply.text));
      if (!parsed?.success) {
        throw new OpenPhoneError(
          'unknown_outcome',
          `${SEND}: OpenPhone replied ${reply.status} but the message id could not be read; reconcile before resending`,
          reply.status,
        );
      }
      return { id: parsed.data.data.id, status: parsed.data.data.status ?? 'queued' };
    },

    async listMessages({ phoneNumberId, participant, maxResults = DEFAULT_MAX_RESULTS }) {
      // Built by hand so the key is literally `participants[]` as documented; values are encoded, so a
      // leading `+` survives. The query holds the customer's number: the label used in errors never does.
      const limit = Math.min(100, Math.max(1, Math.trunc(maxResults)));
      const query = [
        `phoneNumberId=${encodeURIComponent(phoneNumberId)}`,
        `participants[]=${encodeURIComponent(participant)}`,
        `maxResults=${limit}`,
      ].join('&');
      const reply = await call({ method: 'GET', path: `/v1/messages?${query}` }, LIST);
      if (!ok(reply.status)) {
        throw errorFor(LIST, reply, [options.apiKey, participant], false, options.now);
      }
      if (reply.bodyLost)
        throw new OpenPhoneError('unavailable', `${LIST}: the reply was cut off`, reply.status);
      const parsed = listReplySchema.safeParse(parseJson(reply.text));
      if (!parsed.success) {
        const problems = parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
          .join('; ');
        throw new OpenPhoneError('rejected', `${LIST}: unexpected response (${problems})`, reply.status);
      }
      return parsed.data.data;
    },
  };
}

type Reply = { status: number; headers: Headers; text: string; bodyLost: boolean };

const ok = (status: number) => status >= 200 && status < 300;

function networkError(label: string, error: unknown, isSend: boolean, timeoutMs: number): OpenPhoneError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const code = errorCode(error);
  const what = timedOut ? `no reply within ${timeoutMs} ms` : `network error${code ? ` (${code})` : ''}`;
  // A read can simply be repeated; only a send can have an outcome we do not know.
  if (isSend && (timedOut || !code || !NOT_SENT_CODES.has(code))) {
    return new OpenPhoneError(
      'unknown_outcome',
      `${label}: ${what}; OpenPhone may have accepted the message, reconcile before resending`,
    );
  }
  return new OpenPhoneError('unavailable', `${label}: ${what}`);
}

/** undici wraps the socket error in `cause`; with several addresses tried, in an AggregateError. */
function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorFor(
  label: string,
  reply: Reply,
  /** Kept out of the quoted reply: the key, and the customer's number. */
  secrets: string[],
  isSend: boolean,
  now?: () => Date,
): OpenPhoneError {
  const detail = scrub(reply.text, secrets).trim().slice(0, 200);
  const message = `${label}: OpenPhone replied ${reply.status}${detail ? ` (${detail})` : ''}`;
  const { status } = reply;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(reply.headers.get('retry-after'), now?.()) ?? DEFAULT_RETRY_AFTER_MS;
    return new OpenPhoneError('rate_limited', message, status, retryAfterMs);
  }
  // A gateway timeout says the request reached something that gave up waiting: it may have gone through.
  if (isSend && status === 504) {
    return new OpenPhoneError('unknown_outcome', `${message}; reconcile before resending`, status);
  }
  if (status >= 500) return new OpenPhoneError('unavailable', message, status);
  if (status === 401 || status === 403) return new OpenPhoneError('unauthorized', message, status);
  // 408: the server gave up reading the request, so it did not act on it; safe to retry.
  if (status === 408) return new OpenPhoneError('unavailable', message, status);
  return new OpenPhoneError('rejected', message, status);
}

/** Error bodies are quoted in messages; the key and the customer's number must not travel with them. */
function scrub(text: string, secrets: string[]): string {
  // A number may be echoed without its `+`.
  const all = secrets.flatMap((secret) => (secret.startsWith('+') ? [secret, secret.slice(1)] : [secret]));
  return all.reduce((out, secret) => (secret ? out.split(secret).join('[redacted]') : out), text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const sendReplySchema = z.looseObject({
  data: z.looseObject({ id: z.string().min(1), status: z.string().optional() }),
});

const optionalString = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

// Tolerant: unknown fields pass through. What reconciliation matches on (id, direction, text, time) must
// be there; a list we cannot read is an error, never silently shorter (that could cause a double text).
const messageSchema = z.looseObject({
  id: z.string().min(1),
  from: z.string(),
  to: z.union([z.string(), z.array(z.string())]),
  direction: z.enum(['incoming', 'outgoing']),
  body: optionalString,
  text: optionalString,
  status: z.string(),
  createdAt: z.string(),
  phoneNumberId: optionalString,
}) satisfies z.ZodType<OpenPhoneMessage>;

const listReplySchema = z.looseObject({ data: z.array(messageSchema) });
