import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import { createServices } from '../services.ts';
import { engines } from '../test/databases.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import type { AppRouter } from '../trpc/appRouter.ts';
import { type HttpServer, startHttpServer } from './server.ts';

describe.each(engines)('HTTP endpoints on %s', (engine) => {
  let app: TestApp;
  let http: HttpServer;
  afterEach(async () => {
    await http?.close();
    await app?.close();
  });

  it('answers /healthz, /metrics, tRPC errors as plain JSON, and 404 for unknown non-GET paths', async () => {
    app = await createTestApp(engine);
    http = await startHttpServer({ services: app.services, host: '127.0.0.1', port: 0 });

    const health = await fetch(`${http.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, database: engine });

    const unauthenticated = await fetch(`${http.url}/trpc/auth.me`);
    expect(unauthenticated.status).toBe(401);
    const body = (await unauthenticated.json()) as { error: { data: { code: string; requestId: string } } };
    expect(body.error.data.code).toBe('UNAUTHORIZED');
    expect(body.error.data.requestId).toEqual(expect.any(String));

    const badInput = await fetch(`${http.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email', password: '' }),
    });
    expect(badInput.status).toBe(400);
    const issues = ((await badInput.json()) as { error: { data: { issues: { path: string }[] } } }).error.data
      .issues;
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['email', 'password']));

    const nul = await fetch(`${http.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a\u0000@example.com', password: 'x\u0000' }),
    });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { error: { message: string } }).error.message).toMatch(/NUL/);

    const metrics = await fetch(`${http.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('clubos_http_requests_total{route="trpc:auth.me",method="GET",status="401"} 1');
    expect(text).toMatch(/clubos_database_up\{engine="\w+"\} 1/);

    expect((await fetch(`${http.url}/nothing-here`, { method: 'POST' })).status).toBe(404);
  });
});

describe('HTTP health without a database', () => {
  it('/healthz is 503 when the database is unreachable', async () => {
    // Nothing listens on port 1: every connection attempt is refused.
    const database = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' });
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const services = createServices({ config, logger: createLogger({ level: 'silent' }), database });
    const http = await startHttpServer({ services, host: '127.0.0.1', port: 0 });
    try {
      const health = await fetch(`${http.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, error: 'database unavailable' });
      const metrics = await (await fetch(`${http.url}/metrics`)).text();
      expect(metrics).toContain('clubos_database_up{engine="postgres"} 0');
    } finally {
      await http.close();
      await database.close();
    }
  });
});

describe('HTTP web UI and cross-origin access', () => {
  let root: string;
  let app: TestApp;
  let http: HttpServer;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'clubos-web-'));
    await mkdir(path.join(root, 'assets'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>ClubOS</title>');
    await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    await writeFile(path.join(root, '..', `${path.basename(root)}-secret.txt`), 'outside');
    app = await createTestApp('pglite', { CLUBOS_WEB_DIR: root });
    http = await startHttpServer({ services: app.services, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await http?.close();
    await app?.close();
    await rm(root, { recursive: true, force: true });
    await rm(path.join(root, '..', `${path.basename(root)}-secret.txt`), { force: true });
  });

  it('serves the built renderer at / with a strict CSP, caching hashed assets only', async () => {
    const index = await fetch(`${http.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>ClubOS</title>');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('x-frame-options')).toBe('DENY');

    const asset = await fetch(`${http.url}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    // Client-side routes fall back to the app; nothing outside the directory is reachable.
    expect(await (await fetch(`${http.url}/audit`)).text()).toContain('<title>ClubOS</title>');
    const traversal = await fetch(`${http.url}/..%2f${path.basename(root)}-secret.txt`);
    expect(await traversal.text()).not.toContain('outside');
  });

  it('says how to build the web UI when it is missing', async () => {
    const bare = await createTestApp('pglite', { CLUBOS_WEB_DIR: path.join(root, 'missing') });
    const server = await startHttpServer({ services: bare.services, host: '127.0.0.1', port: 0 });
    try {
      const response = await fetch(`${server.url}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build');
    } finally {
      await server.close();
      await bare.close();
    }
  });

  it('allows the desktop app origin cross-origin, and no other', async () => {
    const preflight = await fetch(`${http.url}/trpc/auth.me`, {
      method: 'OPTIONS',
      headers: {
        origin: 'app://clubos',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('app://clubos');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

    const foreign = await fetch(`${http.url}/trpc/auth.me`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts queries as POST so inputs stay out of URLs', async () => {
    const seen: string[] = [];
    const client = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${http.url}/trpc`,
          methodOverride: 'POST',
          fetch: (url, init) => {
            seen.push(`${init?.method} ${String(url)}`);
            return fetch(url, init);
          },
        }),
      ],
    });
    const facilities = client.facilities.list.query({ facilityId: '00000000-0000-4000-8000-000000000000' });
    await expect(facilities).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^POST /);
    expect(seen[0]).not.toContain('input=');
  });
});
