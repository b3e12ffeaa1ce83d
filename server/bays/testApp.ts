import { loadConfig } from '../config.ts';
import { createNinjaOneClient } from '../integrations/ninjaone/client.ts';
import { startFakeNinjaOne } from '../integrations/ninjaone/fakeServer.ts';
import { JobQueue } from '../jobs/queue.ts';
import { createLogger } from '../logger.ts';
import { createServices, type Services } from '../services.ts';
import { createTestDatabase, type Engine, type TestDatabase } from '../test/databases.ts';
import { appRouter } from '../trpc/appRouter.ts';
import { createTestContext } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/trpc.ts';
import { defineBayJobs } from './jobs.ts';

// Like test/harness.ts's createTestApp, plus what bays need: a job queue (so resets can enqueue in
// their transaction) and the fake NinjaOne reached through the real client. The clock ticks with
// real time and can be moved forward, and the fake shares it, so activity times line up.

const createCaller = createCallerFactory(appRouter);

export const FAKE_CLIENT_ID = 'clubos-bays-test';
export const FAKE_CLIENT_SECRET = 'bays-test-secret-0b3f6e';
export const RESTART_SCRIPT_ID = 12;

export type BayTestApp = {
  database: TestDatabase;
  services: Services;
  jobs: JobQueue;
  ninja: Awaited<ReturnType<typeof startFakeNinjaOne>>;
  caller(token?: string | null): ReturnType<typeof createCaller>;
  clock: { now(): Date; advance(ms: number): void };
  close(): Promise<void>;
};

export async function createBayTestApp(
  engine: Engine,
  options: {
    deviceIds: number[];
    env?: NodeJS.ProcessEnv;
    /** Run the pg-boss workers (end-to-end tests); otherwise tests call the job handlers. */
    work?: boolean;
    rebootDowntimeMs?: number;
    /** Script ids each fake device offers; RESTART_SCRIPT_ID by default. */
    scriptIds?: number[];
    /** The NinjaOne client's per-request timeout (default 10 s); short, with `slow`, to make calls time out. */
    ninjaTimeoutMs?: number;
  },
): Promise<BayTestApp> {
  let offsetMs = 0;
  const clock = {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
  const ninja = await startFakeNinjaOne({
    devices: options.deviceIds.map((id) => ({ id, scriptIds: options.scriptIds ?? [RESTART_SCRIPT_ID] })),
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    rebootOfflineAfterMs: 50,
    rebootDowntimeMs: options.rebootDowntimeMs ?? 300,
    scriptRunMs: 50,
    now: clock.now,
  });
  const database = await createTestDatabase(engine);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NINJAONE_URL: ninja.url,
    NINJAONE_CLIENT_ID: FAKE_CLIENT_ID,
    NINJAONE_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    // Alerts are queued whenever a webhook is set; tests count the queued jobs unless they replace it.
    SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/unused-webhook',
    ...options.env,
  });
  const logger = createLogger({ level: 'silent' });
  const jobs = new JobQueue(database.handle, logger);
  const ninjaone =
    options.ninjaTimeoutMs === undefined || !config.ninjaone
      ? undefined
      : createNinjaOneClient({ ...config.ninjaone, timeoutMs: options.ninjaTimeoutMs });
  const services = createServices({
    config,
    logger,
    database: database.handle,
    jobs,
    now: clock.now,
    ninjaone,
  });
  services.alerts.define();
  defineBayJobs(jobs, services.bays, config.bays.pollSeconds);
  await jobs.start({ work: options.work ?? false });
  return {
    database,
    services,
    jobs,
    ninja,
    clock,
    caller: (token) => createCaller(createTestContext(services, { token: token ?? null })),
    async close() {
      await jobs.stop(5_000);
      await services.events.stop();
      await ninja.close();
      await database.drop();
    },
  };
}

/** Polls `probe` until it returns a value; for state the app reaches asynchronously (jobs, the fake's timers). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
