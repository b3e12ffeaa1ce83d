import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { systemActor } from '../server/audit/types.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { migrateDatabase } from '../server/db/migrate.ts';
import { createNinjaOneClient } from '../server/integrations/ninjaone/client.ts';
import { startFakeNinjaOne } from '../server/integrations/ninjaone/fakeServer.ts';
import { createLogger } from '../server/logger.ts';
import { createServices } from '../server/services.ts';
import { createEmptyPostgresDatabase } from '../server/test/databases.ts';
import { bedfordFacility } from '../server/test/fixtures.ts';
import type { AppRouter } from '../server/trpc/appRouter.ts';
import type { BayView } from '../shared/bays.ts';
import { now, percentile, startServerProcess } from './support.ts';

export type RebootOutcomeResult = { reboots: number; p50Ms: number; maxMs: number; pollSeconds: number };

const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-secret-7d41a2';

/**
 * From the moment a rebooted PC is back online in the fake NinjaOne (its "reboot completed"
 * activity) to the board receiving `succeeded` for that action. The server runs as its own process
 * with its default tracking settings, against the fake started here.
 */
export async function measureRebootOutcome(options: { bays: number; pollSeconds: number }) {
  const deviceIds = Array.from({ length: options.bays }, (_, index) => 101 + index);
  const ninja = await startFakeNinjaOne({
    devices: deviceIds.map((id) => ({ id, scriptIds: [12] })),
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    rebootOfflineAfterMs: 200,
    rebootDowntimeMs: 1_500,
  });
  const target = await createEmptyPostgresDatabase();
  const database = await openDatabase({ kind: 'postgres', url: target.url });
  await migrateDatabase(database);
  const services = createServices({
    config: loadConfig({ DATABASE_URL: target.url, LOG_LEVEL: 'silent' }),
    logger: createLogger({ level: 'silent' }),
    database,
  });
  await services.facilities.applySetup(
    {
      facilities: [
        {
          ...bedfordFacility,
          actions: { 'restart-sim': { scriptId: 12 } },
          bays: deviceIds.map((id, index) => ({
            number: index + 1,
            name: `Bay ${index + 1}`,
            ninjaDeviceId: id,
          })),
        },
      ],
    },
    systemActor('bench'),
  );
  const password = `bench-${crypto.randomUUID()}`;
  await services.users.addUser(
    { email: 'bench@clubos.test', name: 'Bench', role: 'frontdesk', facilitySlugs: ['bedford'], password },
    systemActor('bench'),
  );
  const server = await startServerProcess({
    DATABASE_URL: target.url,
    NINJAONE_URL: ninja.url,
    NINJAONE_CLIENT_ID: CLIENT_ID,
    NINJAONE_CLIENT_SECRET: CLIENT_SECRET,
    CLUBOS_BAY_POLL_SECONDS: String(options.pollSeconds),
  });
  try {
    const client = await signIn(server.url, password);
    const board = async () => (await client.bays.list.query({})).flatMap((facility) => facility.bays);
    await waitUntil(
      async () => (await board()).every((bay) => bay.online === true),
      60_000,
      'bays never came online',
    );

    const succeededAt = new Map<string, number>();
    const subscription = client.bays.onChange.subscribe(
      {},
      {
        onData: ({ data }: { data: BayView }) => {
          if (data.lastAction?.state === 'succeeded') succeededAt.set(data.lastAction.id, now());
        },
      },
    );
    const ninjaApi = createNinjaOneClient({
      url: ninja.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    const latencies = await Promise.all(
      (await board()).map(async (bay) => {
        const action = await client.bays.reset.mutate({
          bayId: bay.id,
          action: 'reboot-pc',
          idempotencyKey: crypto.randomUUID(),
        });
        await waitUntil(async () => succeededAt.has(action.id), 120_000, `${bay.name} never succeeded`);
        const activities = await ninjaApi.getActivities(bay.ninjaDeviceId ?? 0);
        const backOnline = activities.find(
          (entry) => entry.sourceName === 'Reboot' && entry.status === 'COMPLETED',
        );
        if (!backOnline) throw new Error(`no reboot-completed activity for ${bay.name}`);
        return (succeededAt.get(action.id) ?? 0) - backOnline.activityTime * 1000;
      }),
    );
    subscription.unsubscribe();
    return {
      reboots: latencies.length,
      p50Ms: percentile(latencies, 50),
      maxMs: Math.max(...latencies),
      pollSeconds: options.pollSeconds,
    } satisfies RebootOutcomeResult;
  } finally {
    await server.stop();
    await database.close();
    await target.drop();
    await ninja.close();
  }
}

async function signIn(url: string, password: string) {
  const login = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@clubos.test', password }),
  });
  const { token } = ((await login.json()) as { result: { data: { token: string } } }).result.data;
  const authorization = `Bearer ${token}`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, authorization } }),
          }),
        }),
        false: httpLink({ url: `${url}/trpc`, headers: { authorization }, methodOverride: 'POST' }),
      }),
    ],
  });
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, message: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
