import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import { createServices } from '../services.ts';
import { engines } from '../test/databases.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { type HttpServer, startHttpServer } from './server.ts';

describe.each(engines)('HTTP endpoints on %s', (engine) => {
  let app: TestApp;
  let http: HttpServer;
  afterEach(async () => {
    await http?.close();
    await app?.close();
  });

  it('answers /healthz, /metrics, tRPC errors as plain JSON, and 404 elsewhere', async () => {
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

    expect((await fetch(`${http.url}/nothing-here`)).status).toBe(404);
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
