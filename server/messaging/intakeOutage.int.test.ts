import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { messages } from '../db/schema/index.ts';
import { startHttpServer } from '../http/server.ts';
import { createLogger } from '../logger.ts';
import { createServices } from '../services.ts';
import { createTestDatabase, engines, withAdmin } from '../test/databases.ts';
import { newCustomer, seedMessaging, textIn } from './fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from './testApp.ts';
import { WEBHOOK_PATH } from './webhookRoute.ts';

describe.each(engines)('webhook intake when the database is down on %s', (engine) => {
  let app: MessagingTestApp | undefined;
  afterEach(async () => {
    await app?.close().catch(() => {});
    app = undefined;
  });

  it('answers non-2xx, so OpenPhone keeps the event and delivers it again', async () => {
    app = await createMessagingTestApp(engine);
    await seedMessaging(app);
    const customer = newCustomer();
    const url = app.database.url;
    const name = url ? new URL(url).pathname.slice(1) : undefined;
    if (name) {
      // A stopped PostgreSQL, as far as this database is concerned: no new connections, old ones cut.
      await withAdmin(async (client) => {
        await client.query(`alter database ${name} allow_connections false`);
        await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [
          name,
        ]);
      });
    } else {
      await app.database.handle.close();
    }
    const event = await textIn(app, customer, 'Anyone there?');
    const refused = app.openphone.control.deliveries.filter((delivery) => delivery.eventId === event.id);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.status).toBeGreaterThanOrEqual(500);
    if (!name) return;

    await withAdmin((client) => client.query(`alter database ${name} allow_connections true`));
    const retried = await app.openphone.control.redeliver(event);
    expect(retried.status).toBe(200);
    const stored = await app.database.handle.db
      .select()
      .from(messages)
      .where(eq(messages.body, 'Anyone there?'));
    expect(stored).toHaveLength(1);
  });
});

describe('webhook intake without a secret', () => {
  it('fails closed: nothing is stored and OpenPhone is told to retry later', async () => {
    const database = await createTestDatabase('pglite');
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const services = createServices({
      config,
      logger: createLogger({ level: 'silent' }),
      database: database.handle,
    });
    const http = await startHttpServer({ services, host: '127.0.0.1', port: 0 });
    try {
      const response = await fetch(`${http.url}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'openphone-signature': 'hmac;1;1639710054089;AAAA' },
        body: JSON.stringify({ id: 'EV1', type: 'message.received', data: { object: {} } }),
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ok: false, error: 'webhook secret not configured' });
      expect(await database.handle.db.select().from(messages)).toEqual([]);
    } finally {
      await http.close();
      await services.events.stop();
      await database.drop();
    }
  });
});
