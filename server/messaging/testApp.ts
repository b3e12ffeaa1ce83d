import type OpenAI from 'openai';
import { systemActor } from '../audit/types.ts';
import { defineBayJobs } from '../bays/jobs.ts';
import { type Config, loadConfig } from '../config.ts';
import { type HttpServer, startHttpServer } from '../http/server.ts';
import type { NinjaOneApi } from '../integrations/ninjaone/types.ts';
import { createOpenPhoneClient } from '../integrations/openphone/client.ts';
import { type FakeOpenPhone, startFakeOpenPhone } from '../integrations/openphone/fakeServer.ts';
import type { SignatureScheme } from '../integrations/openphone/webhookSignature.ts';
import { defineIntelligenceJobs } from '../intelligence/engine/jobs.ts';
import { defineAnalysisJob } from '../intelligence/proposals/analysisJob.ts';
import { defineQualityWatchJob } from '../intelligence/quality/job.ts';
import { JobQueue } from '../jobs/queue.ts';
import { createLogger } from '../logger.ts';
import { createServices, type Services } from '../services.ts';
import { createTestDatabase, type Engine, type TestDatabase } from '../test/databases.ts';
import { appRouter } from '../trpc/appRouter.ts';
import { createTestContext } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/trpc.ts';
import type { OutboxTuning } from './context.ts';
import { defineMessagingJobs } from './jobs.ts';
import { WEBHOOK_PATH } from './webhookRoute.ts';

// Like bays/testApp.ts, for messaging: services on a fresh database with a job queue, the fake
// OpenPhone reached through the real client, and the real HTTP server it posts signed webhooks to.
// The clock ticks with real time from 13:00 in Halifax today (so quiet hours never decide a test
// by accident) and can be moved; the fake signs with the same clock.

const createCaller = createCallerFactory(appRouter);

export const TEST_API_KEY = 'op-test-key-6b1d0c';
export const LEGACY_SECRET = Buffer.from('clubos-messaging-test-legacy-secret').toString('base64');
export const STANDARD_SECRET = `whsec_${Buffer.from('clubos-messaging-test-standard-secret').toString('base64')}`;

export type MessagingTestApp = {
  database: TestDatabase;
  services: Services;
  config: Config;
  jobs: JobQueue;
  openphone: FakeOpenPhone;
  http: HttpServer;
  webhookUrl: string;
  caller(token?: string | null): ReturnType<typeof createCaller>;
  clock: { now(): Date; advance(ms: number): void };
  /** A second job queue on the same database, as a restarted worker would have. */
  newJobQueue(options?: { work?: boolean }): Promise<JobQueue>;
  close(): Promise<void>;
};

export async function createMessagingTestApp(
  engine: Engine,
  options: {
    env?: NodeJS.ProcessEnv;
    /** Run the pg-boss workers (end-to-end tests); otherwise tests call the job handlers. */
    work?: boolean;
    scheme?: SignatureScheme;
    outbox?: Partial<OutboxTuning>;
    /** The fake's own limit; OpenPhone's is 10. */
    fakeRateLimit?: number;
    statusDelaysMs?: { sent?: number; delivered?: number };
    /** The AI's model (a real SDK client on the fake OpenAI); absent, the AI runs offline. */
    openai?: OpenAI;
    /** For the AI's reset tool: bays reset through this NinjaOne. */
    ninjaone?: NinjaOneApi;
  } = {},
): Promise<MessagingTestApp> {
  let offsetMs = halifaxAfternoon().getTime() - Date.now();
  const clock = {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
  const scheme = options.scheme ?? 'legacy';
  const secret = scheme === 'legacy' ? LEGACY_SECRET : STANDARD_SECRET;
  const openphone = await startFakeOpenPhone({
    apiKey: TEST_API_KEY,
    rateLimitPerSecond: options.fakeRateLimit ?? 10,
    now: clock.now,
    phoneNumbers: [
      { id: 'PNbedford', number: '+19025550100' },
      { id: 'PNdartmouth', number: '+19025550200' },
    ],
    statusDelaysMs: options.statusDelaysMs ?? { sent: 20, delivered: 20 },
    // Tests post and look; a retry they did not ask for would only blur what they see.
    webhookRetryDelaysMs: [],
  });
  const database = await createTestDatabase(engine);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    OPENPHONE_API_URL: openphone.url,
    OPENPHONE_API_KEY: TEST_API_KEY,
    OPENPHONE_WEBHOOK_SECRET: secret,
    // Alerts are queued whenever a webhook is set; tests count the queued jobs unless they replace it.
    SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/unused-webhook',
    ...options.env,
  });
  const logger = createLogger({ level: 'silent' });
  const build = (jobs: JobQueue) =>
    createServices({
      config,
      logger,
      database: database.handle,
      jobs,
      now: clock.now,
      openphone: {
        api: createOpenPhoneClient({ url: openphone.url, apiKey: TEST_API_KEY, timeoutMs: 2_000 }),
        apiKey: TEST_API_KEY,
      },
      outbox: { retryBaseMs: 50, retryMaxMs: 500, ...options.outbox },
      ...(options.openai ? { openai: options.openai } : {}),
      ...(options.ninjaone ? { ninjaone: options.ninjaone } : {}),
    });
  // Every queue the server defines: a customer text schedules the AI's answer, and the AI's reset
  // tool dispatches bay actions. (pg-boss on PGlite waits forever on a send to an undefined queue
  // inside a transaction, so a missing definition hangs rather than fails.)
  const defineJobs = (queue: JobQueue, built: Services) => {
    built.alerts.define();
    defineMessagingJobs(queue, built.messaging);
    defineIntelligenceJobs(queue, built.intelligence);
    defineBayJobs(queue, built.bays, config.bays.pollSeconds);
    defineAnalysisJob(queue, (data) => built.proposals.runAnalysis(data, systemActor('sop-analysis')));
    defineQualityWatchJob(queue, () => built.quality.runWatch(systemActor('quality-watch')));
  };
  const jobs = new JobQueue(database.handle, logger);
  const services = build(jobs);
  defineJobs(jobs, services);
  await jobs.start({ work: options.work ?? false });
  const http = await startHttpServer({ services, host: '127.0.0.1', port: 0 });
  const webhookUrl = `${http.url}${WEBHOOK_PATH}`;
  openphone.control.setWebhook({ url: webhookUrl, secret, scheme });
  const extraQueues: JobQueue[] = [];
  return {
    database,
    services,
    config,
    jobs,
    openphone,
    http,
    webhookUrl,
    clock,
    caller: (token) => createCaller(createTestContext(services, { token: token ?? null })),
    async newJobQueue({ work = true } = {}) {
      const queue = new JobQueue(database.handle, logger);
      const restarted = build(queue);
      defineJobs(queue, restarted);
      await queue.start({ work });
      extraQueues.push(queue);
      return queue;
    },
    async close() {
      for (const queue of extraQueues) await queue.stop(5_000);
      await jobs.stop(5_000);
      await services.events.stop();
      await http.close();
      await openphone.close();
      await database.drop();
    },
  };
}

/** 13:00 in America/Halifax on today's date there (17:00Z or 16:00Z). */
function halifaxAfternoon(): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Halifax' }).format(new Date());
  const utcNoonish = new Date(`${day}T16:00:00Z`);
  // Halifax is UTC-3 in summer and UTC-4 in winter; pick whichever puts the wall clock at 13:00.
  const hour = Number(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Halifax',
      hour: 'numeric',
      hourCycle: 'h23',
    }).format(utcNoonish),
  );
  return new Date(utcNoonish.getTime() + (13 - hour) * 3_600_000);
}

/** Polls `probe` until it returns a value; for state reached asynchronously (jobs, webhooks). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
