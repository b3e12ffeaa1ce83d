import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Services } from '../services.ts';

export type RequestMeta = { requestId: string; ip: string | null; device: string | null };

export type Context = {
  services: Services;
  meta: RequestMeta;
  bearerToken: string | null;
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestMetaFrom(req: IncomingMessage): RequestMeta {
  const offered = req.headers['x-request-id'];
  const requestId = typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
  const device = req.headers['x-clubos-device'] ?? req.headers['user-agent'] ?? null;
  return {
    requestId,
    ip: req.socket.remoteAddress ?? null,
    device: typeof device === 'string' ? device.slice(0, 200) : null,
  };
}

export function bearerTokenFrom(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

export function createContextFactory(services: Services) {
  return ({ req }: { req: IncomingMessage }): Context => ({
    services,
    meta: requestMetaFrom(req),
    bearerToken: bearerTokenFrom(req.headers.authorization),
  });
}

/** For `createCaller` in tests: the same context without HTTP. */
export function createTestContext(
  services: Services,
  options: { token?: string | null; meta?: Partial<RequestMeta> } = {},
): Context {
  return {
    services,
    meta: { requestId: randomUUID(), ip: '127.0.0.1', device: 'test', ...options.meta },
    bearerToken: options.token ?? null,
  };
}
