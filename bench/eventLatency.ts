import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { systemActor } from '../server/audit/types.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { migrateDatabase } from '../server/db/migrate.ts';
import { publishEvent } from '../server/events/publish.ts';
import { createLogger } from '../server/logger.ts';
import { createServices } from '../server/services.ts';
import { createEmptyPostgresDatabase } from '../server/test/databases.ts';
import { bedfordSetupFile } from '../server/test/fixtures.ts';
import type { AppRouter } from '../server/trpc/appRouter.ts';
import { now, percentile, startServerProcess } from './support.ts';

export type EventLatencyResult = {
  clients: number;
  events: number;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
};

/**
 * Commit → delivery latency of a bay change on many subscribed clients. The server runs as its own
 * process on PostgreSQL; this process commits the changes directly (as another instance would) and
 * holds every client, so commit and receipt times come from one clock.
 */
export async function measureEventLatency(options: { clients: number; events: number; gapMs: number }) {
  const target = await createEmptyPostgresDatabase();
  const database = await openDatabase({ kind: 'postgres', url: target.url });
  const server = await startServerProcess({ DATABASE_URL: target.url });
  try {
    await migrateDatabase(database);
    const services = createServices({
      config: loadConfig({ DATABASE_URL: target.url, LOG_LEVEL: 'silent' }),
      logger: createLogger({ level: 'silent' }),
      database,
    });
    await services.facilities.applySetup(bedfordSetupFile(), systemActor('bench'));
    const password = `bench-${crypto.randomUUID()}`;
    await services.users.addUser(
      { email: 'bench@clubos.test', name: 'Bench', role: 'frontdesk', facilitySlugs: ['bedford'], password },
      systemActor('bench'),
    );
    const [facility] = await services.facilities.list('all');
    if (!facility) throw new Error('no facility');

    const login = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@clubos.test', password }),
    });
    const { token } = ((await login.json()) as { result: { data: { token: string } } }).result.data;
    const authorization = `Bearer ${token}`;
    const client = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({
            url: `${server.url}/trpc`,
            EventSource,
            eventSourceOptions: () => ({
              fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, authorization } }),
            }),
          }),
          false: httpLink({ url: `${server.url}/trpc`, headers: { authorization } }),
        }),
      ],
    });

    const published = new Map<string, number>();
    const latencies: number[] = [];
    let started = 0;
    const subscriptions = Array.from({ length: options.clients }, () =>
      client.bays.onChange.subscribe(
        { facilityId: facility.id },
        {
          onStarted: () => {
            started += 1;
          },
          onData: (event) => {
            const at = now();
            const sent = published.get(event.id);
            if (sent !== undefined) latencies.push(at - sent);
          },
        },
      ),
    );
    await waitUntil(() => started === options.clients, 60_000, 'clients did not all connect');
    // The subscription registers on the bus when its stream first runs; give the last ones a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));

    for (let i = 0; i < options.events; i++) {
      let id = 0;
      await database.db.transaction(async (tx) => {
        id = await publishEvent(tx, {
          type: 'bay.changed',
          facilityId: facility.id,
          payload: { benchmark: true, sequence: i },
        });
      });
      published.set(String(id), now());
      await new Promise((resolve) => setTimeout(resolve, options.gapMs));
    }
    const expected = options.clients * options.events;
    await waitUntil(
      () => latencies.length >= expected,
      30_000,
      `only ${latencies.length}/${expected} delivered`,
    );
    for (const subscription of subscriptions) subscription.unsubscribe();

    return {
      clients: options.clients,
      events: options.events,
      deliveries: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
    } satisfies EventLatencyResult;
  } finally {
    await server.stop();
    await database.close();
    await target.drop();
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number, message: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
