import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createWebhookHandler, WEBHOOK_PATH } from '../messaging/webhookRoute.ts';
import type { Services } from '../services.ts';
import { appRouter } from '../trpc/appRouter.ts';
import { createContextFactory } from '../trpc/context.ts';
import { applyCors } from './cors.ts';
import { createMetrics } from './metrics.ts';
import { createWebUiHandler } from './webUi.ts';

export type HttpServer = { server: Server; url: string; close(): Promise<void> };

const knownProcedures = new Set(Object.keys(appRouter._def.procedures));

/** Metrics label for a request; unknown paths collapse into one label so cardinality stays bounded. */
function routeLabel(path: string): string {
  if (path === '/healthz' || path === '/metrics' || path === WEBHOOK_PATH) return path;
  if (path === '/' || path.startsWith('/assets/')) return 'web';
  if (path.startsWith('/trpc/')) {
    const procedure = path.slice('/trpc/'.length);
    return knownProcedures.has(procedure) ? `trpc:${procedure}` : 'trpc:other';
  }
  return 'other';
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startHttpServer(options: {
  services: Services;
  host: string;
  port: number;
  version?: string;
}): Promise<HttpServer> {
  const { services } = options;
  const metrics = createMetrics(services);
  const webUi = createWebUiHandler(services.config.webDir);
  const openPhoneWebhook = createWebhookHandler(services);
  const startedAt = Date.now();
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    // Lets clients send queries as POST, so no procedure input ever sits in a URL or an access log.
    allowMethodOverride: true,
    createContext: createContextFactory(services),
    onError({ error, path, ctx }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        services.logger.error(
          { err: error.cause ?? error, path, requestId: ctx?.meta.requestId },
          'procedure failed',
        );
      }
    },
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Only the path is ever used or logged: query strings can carry tRPC inputs.
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(routeLabel(path), req.method ?? 'GET', res.statusCode, seconds);
    });
    if (
      (path.startsWith('/trpc/') || path === '/healthz') &&
      applyCors(req, res, services.config.corsOrigins)
    ) {
      return;
    }
    if (path === '/healthz' && req.method === 'GET') {
      try {
        await services.database.ping(2_000);
        sendJson(res, 200, {
          ok: true,
          database: services.database.kind,
          version: options.version ?? null,
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        });
      } catch {
        sendJson(res, 503, { ok: false, database: services.database.kind, error: 'database unavailable' });
      }
      return;
    }
    if (path === '/metrics' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return;
    }
    if (path.startsWith('/trpc/')) {
      trpc(req, res);
      return;
    }
    // Plain HTTP, not tRPC: the signature covers the raw bytes, which must reach the verifier untouched.
    if (path === WEBHOOK_PATH) {
      await openPhoneWebhook(req, res);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      webUi(req, res);
      return;
    }
    sendJson(res, 404, { ok: false, error: 'not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      services.logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () => closeServer(server),
  };
}

/** Stops accepting, lets in-flight requests finish briefly, then cuts long-lived streams. */
async function closeServer(server: Server, graceMs = 2_000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
