import { z } from 'zod';
import { parseRetryAfter } from '../retryAfter.ts';
import {
  type NinjaActivity,
  type NinjaDevice,
  type NinjaErrorKind,
  type NinjaOneApi,
  NinjaOneError,
  type NinjaScriptOption,
} from './types.ts';

type Fetch = typeof globalThis.fetch;

type HttpOptions = {
  /** Per request, including reading the body. Default 10 s. */
  timeoutMs?: number;
  now?: () => Date;
  fetch?: Fetch;
};

/** Where bearer tokens come from: client credentials by default; some tenants use the authorization-code flow. */
export interface TokenSource {
  /** A token that is valid now; concurrent callers share one request for a new one. */
  getToken(): Promise<string>;
  /** The API refused `token`: drop it if it is still the cached one, so the next `getToken` fetches afresh. */
  invalidate(token: string): void;
}

export type NinjaOneClientOptions = HttpOptions & { url: string } & (
    | { clientId: string; clientSecret: string }
    | { tokenSource: TokenSource }
  );

const DEFAULT_TIMEOUT_MS = 10_000;
const SCOPE = 'monitoring management control';
const EXPIRY_MARGIN_MS = 60_000;
const DEFAULT_RETRY_AFTER_MS = 5_000;
/** Documented paging for GET /v2/devices is `pageSize` + `after` (the last device id of the page before). */
const DEVICE_PAGE_SIZE = 500;
const MAX_DEVICE_PAGES = 100;

export function createNinjaOneClient(options: NinjaOneClientOptions): NinjaOneApi {
  const base = options.url.replace(/\/+$/, '');
  const tokens =
    'tokenSource' in options ? options.tokenSource : clientCredentialsTokenSource({ ...options, url: base });
  const secrets = 'clientSecret' in options ? [options.clientSecret] : [];

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const label = `${method} ${path.split('?')[0]}`;
    const attempt = async (token: string) =>
      send(options, `${base}${path}`, label, [...secrets, token], {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const first = await tokens.getToken();
    let reply = await attempt(first);
    if (reply.status === 401) {
      tokens.invalidate(first);
      reply = await attempt(await tokens.getToken());
      if (reply.status === 401) {
        throw new NinjaOneError('unauthorized', `${label}: NinjaOne refused a freshly issued token`, 401);
      }
    }
    if (!ok(reply.status)) throw errorFor(label, reply, options.now);
    if (!reply.text.trim()) return undefined;
    try {
      return JSON.parse(reply.text);
    } catch {
      throw unexpected(label, reply.status, 'the body is not JSON');
    }
  }

  const device = (id: number) => `/v2/device/${encodeURIComponent(String(id))}`;

  return {
    async listDevices() {
      const devices: NinjaDevice[] = [];
      let after: number | undefined;
      for (let page = 0; page < MAX_DEVICE_PAGES; page++) {
        const query = new URLSearchParams({ pageSize: String(DEVICE_PAGE_SIZE) });
        if (after !== undefined) query.set('after', String(after));
        const batch = parse(
          z.array(deviceSchema),
          await call('GET', `/v2/devices?${query}`),
          'GET /v2/devices',
        );
        devices.push(...batch);
        if (batch.length < DEVICE_PAGE_SIZE) break;
        after = batch.at(-1)?.id;
      }
      return devices;
    },
    async getDevice(deviceId) {
      return parse(deviceSchema, await call('GET', device(deviceId)), 'GET /v2/device/{id}');
    },
    async reboot(deviceId, reason) {
      await call('POST', `${device(deviceId)}/reboot/NORMAL`, { reason });
    },
    async runScript(deviceId, scriptId, parameters) {
      await call('POST', `${device(deviceId)}/script/run`, {
        type: 'SCRIPT',
        id: scriptId,
        ...(parameters === undefined ? {} : { parameters }),
        runAs: 'system',
      });
    },
    async getScriptingOptions(deviceId) {
      const label = 'GET /v2/device/{id}/scripting/options';
      // Unconfirmed shape: seen both as a bare array and as `{categories, scripts: [...]}`. Built-in
      // actions in the list carry a `uid` instead of a numeric `id`; they are not runnable by id, so skip them.
      const body = await call('GET', `${device(deviceId)}/scripting/options`);
      const list = listIn(body, 'scripts', label);
      return parse(z.array(z.unknown()), list, label).flatMap((entry): NinjaScriptOption[] => {
        const script = scriptOptionSchema.safeParse(entry);
        return script.success ? [script.data] : [];
      });
    },
    async getActivities(deviceId, { pageSize = 50 } = {}) {
      const label = 'GET /v2/device/{id}/activities';
      // Unconfirmed shape: documented as `{lastActivityId, activities: [...]}`, accepted as a bare array too.
      const body = await call('GET', `${device(deviceId)}/activities?pageSize=${pageSize}`);
      const activities = parse(z.array(activitySchema), listIn(body, 'activities', label), label);
      // Newest first is documented; sorting costs nothing and protects the outcome tracker if it is not.
      return activities.sort((a, b) => b.activityTime - a.activityTime);
    },
  };
}

/** OAuth2 client credentials against `{url}/ws/oauth/token`, cached until shortly before it expires. */
export function clientCredentialsTokenSource(
  options: HttpOptions & { url: string; clientId: string; clientSecret: string; scope?: string },
): TokenSource {
  const now = () => (options.now ? options.now().getTime() : Date.now());
  const label = 'POST /ws/oauth/token';
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const requestedAt = now();
    const reply = await send(
      options,
      `${options.url.replace(/\/+$/, '')}/ws/oauth/token`,
      label,
      [options.clientSecret],
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: options.clientId,
          client_secret: options.clientSecret,
          scope: options.scope ?? SCOPE,
        }).toString(),
      },
    );
    if (reply.status === 400 || reply.status === 401 || reply.status === 403) {
      throw new NinjaOneError(
        'unauthorized',
        `${label}: NinjaOne refused the client credentials`,
        reply.status,
      );
    }
    if (!ok(reply.status)) throw errorFor(label, reply, options.now);
    let body: unknown;
    try {
      body = JSON.parse(reply.text);
    } catch {
      throw unexpected(label, reply.status, 'the body is not JSON');
    }
    const token = parse(tokenSchema, body, label);
    const lifetimeMs = token.expires_in * 1000;
    // Short-lived tokens (as in tests) refresh at half their life rather than never being cached.
    cached = {
      token: token.access_token,
      refreshAt: requestedAt + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2),
    };
    return token.access_token;
  }

  return {
    getToken() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      inFlight ??= requestToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

type Reply = { status: number; headers: Headers; text: string };

async function send(
  options: HttpOptions,
  url: string,
  label: string,
  secrets: string[],
  init: RequestInit,
): Promise<Reply> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    // The signal also bounds reading the body, so a reply that stalls half-way still times out.
    const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text: scrub(text, secrets) };
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new NinjaOneError('timeout', `${label}: no reply within ${timeoutMs} ms`);
    }
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    throw new NinjaOneError(
      'unavailable',
      `${label}: network error${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
}

const ok = (status: number) => status >= 200 && status < 300;

function errorFor(label: string, reply: Reply, now?: () => Date): NinjaOneError {
  const detail = reply.text.trim().slice(0, 200);
  const message = `${label}: NinjaOne replied ${reply.status}${detail ? ` (${detail})` : ''}`;
  if (reply.status === 429) {
    const retryAfterMs = parseRetryAfter(reply.headers.get('retry-after'), now?.()) ?? DEFAULT_RETRY_AFTER_MS;
    return new NinjaOneError('rate_limited', message, 429, retryAfterMs);
  }
  const kind: NinjaErrorKind =
    reply.status >= 500
      ? 'unavailable'
      : reply.status === 404
        ? 'not_found'
        : reply.status === 401
          ? 'unauthorized'
          : 'rejected';
  return new NinjaOneError(kind, message, reply.status);
}

/** A 2xx whose body is not what the contract promises: retrying will not change it. */
function unexpected(label: string, status: number, detail: string): NinjaOneError {
  return new NinjaOneError('rejected', `${label}: unexpected response (${detail})`, status);
}

/** Error bodies are quoted in messages; make sure no credential travels with them. */
function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join('[redacted]') : out), text);
}

function parse<T>(schema: z.ZodType<T>, body: unknown, label: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw unexpected(label, 200, problems);
}

function listIn(body: unknown, key: string, label: string): unknown {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && Array.isArray((body as Record<string, unknown>)[key])) {
    return (body as Record<string, unknown>)[key];
  }
  throw unexpected(label, 200, `expected an array or an object with a "${key}" array`);
}

// Tolerant: unknown fields pass through, and a non-essential field of the wrong type becomes undefined.
const optional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .catch(undefined)
    .transform((value) => value ?? undefined);

/** Epoch seconds; NinjaOne sends fractions, and a numeric string is accepted too. */
const epochSeconds = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);

const deviceSchema = z.looseObject({
  id: z.number().int(),
  offline: z.boolean(),
  systemName: optional(z.string()),
  displayName: optional(z.string()),
  lastContact: optional(epochSeconds),
  nodeClass: optional(z.string()),
});

const activitySchema = z.looseObject({
  id: optional(z.number()),
  activityTime: epochSeconds,
  activityType: optional(z.string()),
  statusCode: optional(z.string()),
  status: optional(z.string()),
  message: optional(z.string()),
}) satisfies z.ZodType<NinjaActivity>;

const scriptOptionSchema = z.looseObject({
  id: z.number().int(),
  name: optional(z.string()),
  language: optional(z.string()),
});

const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: optional(z.string()),
  expires_in: z.coerce.number().positive(),
});
