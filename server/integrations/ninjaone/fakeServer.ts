import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeReply, FaultQueue, readBody, respond } from '../fakeHttp.ts';
import { type FakeDeviceSpec, FakeNinjaState, type Outcome } from './fakeState.ts';

export type { FakeActivity, FakeDeviceSpec } from './fakeState.ts';

/** A path (exact, or with `*` for one segment, like `/v2/device/*\/reboot/*`), a RegExp, or 'any' API call. */
export type PathPattern = string | RegExp;

export type FakeRequest = { method: string; path: string; query: string; at: number };

export type FakeNinjaControl = {
  /** The next `times` (default 1) matching requests get `status`. 'any' matches every /v2 call, not the token endpoint. */
  failNext(
    pattern: PathPattern | 'any',
    fault: { status: number; retryAfterSeconds?: number; times?: number },
  ): void;
  /** Delay every reply by `ms` (0 to stop). */
  slow(ms: number): void;
  /** The device's next reboot leaves it offline for good. */
  neverComesBack(deviceId: number): void;
  setOffline(deviceId: number, offline: boolean): void;
  /** The device's next `times` (default 1) script runs end FAILED with `message`. */
  failScript(deviceId: number, message: string, times?: number): void;
  /** The simulator hangs: the device stays online, but script runs fail until it is rebooted. */
  freeze(deviceId: number): void;
  /** Every issued token stops working, so the next API call gets a 401. */
  expireTokens(): void;
  calls(method: string, pattern: PathPattern): number;
  /** Every request seen, oldest first: method, path and query only (never headers or bodies). */
  readonly requests: readonly FakeRequest[];
};

export type FakeNinjaOne = { url: string; control: FakeNinjaControl; close(): Promise<void> };

export type FakeNinjaOptions = {
  port?: number;
  devices: FakeDeviceSpec[];
  clientId: string;
  clientSecret: string;
  rebootOfflineAfterMs?: number;
  rebootDowntimeMs?: number;
  scriptRunMs?: number;
  tokenTtlSeconds?: number;
  now?: () => Date;
  /** For the demo: now and then a random device goes offline for a while or freezes. Off by default. */
  chaos?: { everyMs: number; offlineForMs?: number; rng?: () => number };
};

type Fault = { pattern: PathPattern | 'any'; status: number; retryAfterSeconds?: number };
type Reply = FakeReply;

const MAX_LOGGED_REQUESTS = 10_000;

/** A NinjaOne that speaks the contract in shared/INTEGRATIONS.md on 127.0.0.1, with knobs for faults. */
export async function startFakeNinjaOne(options: FakeNinjaOptions): Promise<FakeNinjaOne> {
  const state = new FakeNinjaState(
    options.devices,
    {
      rebootOfflineAfterMs: options.rebootOfflineAfterMs ?? 200,
      rebootDowntimeMs: options.rebootDowntimeMs ?? 1_500,
      scriptRunMs: options.scriptRunMs ?? 300,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3_600,
    },
    options.now ?? (() => new Date()),
  );
  const faults = new FaultQueue<Fault>();
  const requests: FakeRequest[] = [];
  let delayMs = 0;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    requests.push({ method: request.method ?? 'GET', path: url.pathname, query: url.search, at: Date.now() });
    if (requests.length > MAX_LOGGED_REQUESTS) requests.shift();
    void readBody(request)
      .then((body) => handle(request.method ?? 'GET', url, request.headers.authorization, body))
      .catch((): Reply => ({ status: 400, body: { error: 'bad_request' } }))
      .then((reply) => {
        if (delayMs > 0) state.later(delayMs, () => respond(response, reply));
        else respond(response, reply);
      });
  });

  function handle(method: string, url: URL, authorization: string | undefined, body: string): Reply {
    const path = url.pathname;
    const fault = faults.take((candidate) => matches(candidate.pattern, path));
    if (fault) return faultReply(fault);
    if (path === '/ws/oauth/token') return method === 'POST' ? oauth(body) : notFound();
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token || !state.tokenValid(token)) return { status: 401, body: { error: 'invalid_token' } };
    return route(method, path, url.searchParams, body);
  }

  function oauth(body: string): Reply {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
      return { status: 401, body: { error: 'invalid_client' } };
    }
    const { token, expiresIn } = state.issueToken();
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: expiresIn,
        scope: form.get('scope') ?? '',
      },
    };
  }

  function route(method: string, path: string, query: URLSearchParams, body: string): Reply {
    if (method === 'GET' && path === '/v2/devices') {
      const after = Number(query.get('after') ?? 0);
      const pageSize = Number(query.get('pageSize') ?? 1000);
      const ids = state.deviceIds().filter((id) => id > after);
      return { status: 200, body: ids.slice(0, pageSize).map((id) => state.deviceJson(id)) };
    }
    const match = /^\/v2\/device\/(\d+)(\/.*)?$/.exec(path);
    if (!match) return notFound();
    const deviceId = Number(match[1]);
    const rest = match[2] ?? '';
    if (!state.deviceJson(deviceId)) return notFound();
    if (method === 'GET' && rest === '') return { status: 200, body: state.deviceJson(deviceId) };
    if (method === 'GET' && rest === '/scripting/options') {
      return { status: 200, body: state.scriptingOptions(deviceId) };
    }
    if (method === 'GET' && rest === '/activities') {
      const pageSize = Number(query.get('pageSize') ?? 50);
      return { status: 200, body: { lastActivityId: 0, activities: state.activities(deviceId, pageSize) } };
    }
    const reboot = /^\/reboot\/(NORMAL|FORCED)$/.exec(rest);
    if (method === 'POST' && reboot) {
      const reason = jsonField(body, 'reason');
      return outcome(
        state.reboot(deviceId, reboot[1] ?? 'NORMAL', typeof reason === 'string' ? reason : undefined),
      );
    }
    if (method === 'POST' && rest === '/script/run') {
      const scriptId = jsonField(body, 'id');
      if (jsonField(body, 'type') !== 'SCRIPT' || typeof scriptId !== 'number') {
        return {
          status: 400,
          body: { error: 'invalid_request', message: 'expected {type: "SCRIPT", id: <number>}' },
        };
      }
      return outcome(state.runScript(deviceId, scriptId));
    }
    return notFound();
  }

  let chaosTimer: NodeJS.Timeout | undefined;
  if (options.chaos) {
    const { everyMs, offlineForMs = Math.max(everyMs, 60_000), rng = Math.random } = options.chaos;
    chaosTimer = setInterval(() => {
      const candidates = state.deviceIds().filter((id) => !state.isOffline(id) && !state.isBusy(id));
      const id = candidates[Math.floor(rng() * candidates.length)];
      if (id === undefined) return;
      if (rng() < 0.5) {
        state.setOffline(id, true);
        state.later(offlineForMs, () => state.setOffline(id, false));
      } else {
        state.freeze(id);
      }
    }, everyMs);
    chaosTimer.unref();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const control: FakeNinjaControl = {
    failNext(pattern, fault) {
      faults.add(
        { pattern, status: fault.status, retryAfterSeconds: fault.retryAfterSeconds },
        fault.times ?? 1,
      );
    },
    slow(ms) {
      delayMs = ms;
    },
    neverComesBack: (deviceId) => state.neverComesBack(deviceId),
    setOffline: (deviceId, offline) => state.setOffline(deviceId, offline),
    failScript: (deviceId, message, times) => state.failScript(deviceId, message, times),
    freeze: (deviceId) => state.freeze(deviceId),
    expireTokens: () => state.expireTokens(),
    calls: (method, pattern) =>
      requests.filter((request) => request.method === method && matches(pattern, request.path)).length,
    requests,
  };

  return {
    url: `http://127.0.0.1:${port}`,
    control,
    async close() {
      clearInterval(chaosTimer);
      state.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function matches(pattern: PathPattern | 'any', path: string): boolean {
  if (pattern === 'any') return path.startsWith('/v2/');
  if (pattern instanceof RegExp) return pattern.test(path);
  if (!pattern.includes('*')) return pattern === path;
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}$`).test(path);
}

function faultReply(fault: Fault): Reply {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  return { status: fault.status, headers, body: { error: 'injected_fault', status: fault.status } };
}

function outcome(result: Outcome): Reply {
  switch (result) {
    case 'ok':
      return { status: 204 };
    case 'not_found':
      return notFound();
    case 'offline':
      return { status: 400, body: { error: 'device_offline', message: 'Device is offline' } };
    case 'unknown_script':
      return {
        status: 400,
        body: { error: 'invalid_script', message: 'Script is not available for this device' },
      };
    default: {
      const unreachable: never = result;
      throw new Error(`unknown outcome ${String(unreachable)}`);
    }
  }
}

const notFound = (): Reply => ({ status: 404, body: { error: 'not_found' } });

function jsonField(body: string, key: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}
