import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobQueue } from '../../jobs/queue.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';
import { captureStream } from '../../test/streams.ts';
import { type FakeSlack, startFakeSlack } from './fakeServer.ts';
import { SLACK_DEAD_LETTER_QUEUE, SLACK_QUEUE, SlackNotifier } from './notifier.ts';

async function waitFor(probe: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(engines)('Slack notifier on %s', (engine) => {
  let database: TestDatabase;
  let jobs: JobQueue;
  let slack: FakeSlack;
  let notifier: SlackNotifier;
  const log = captureStream();

  /** Jobs of the Slack queue not yet finished: waiting, retrying or running. */
  const pending = async () => {
    const { rows } = await database.handle.db.execute<{ count: number }>(
      sql`select count(*)::int as count from pgboss.job where name = ${SLACK_QUEUE} and state in ('created', 'retry', 'active')`,
    );
    return rows[0]?.count ?? 0;
  };
  const delivered = (text: string) => slack.received.filter((message) => message.text === text).length;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    slack = await startFakeSlack();
    const logger = createLogger({ level: 'debug', destination: log.stream });
    jobs = new JobQueue(database.handle, logger);
    notifier = new SlackNotifier({
      jobs,
      webhookUrl: slack.url,
      logger,
      retry: { limit: 3, delaySeconds: 1 },
      pollingIntervalSeconds: 0.5,
    });
    notifier.define();
    await jobs.start();
  });

  beforeEach(() => {
    slack.received.length = 0;
    slack.attempts.length = 0;
  });

  afterAll(async () => {
    await jobs?.stop(5_000);
    await slack?.close();
    await database?.drop();
  });

  it('sends an alert only when the transaction that raised it commits', async () => {
    await database.handle.db
      .transaction(async (tx) => {
        await notifier.notify({ text: 'rolled back' }, tx);
        throw new Error('abandon');
      })
      .catch(() => {});
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Bay 3* reboot failed' } }];
    await database.handle.db.transaction((tx) => notifier.notify({ text: 'committed', blocks }, tx));

    await waitFor(() => delivered('committed') === 1);
    expect(slack.received).toEqual([{ text: 'committed', blocks }]);
    const queued = await jobs.pgBoss.findJobs(SLACK_QUEUE);
    expect(queued.map((job) => (job.data as { text: string }).text)).not.toContain('rolled back');
  });

  it('honours Retry-After on a 429, then delivers exactly once', async () => {
    slack.failNext(429, { retryAfterSeconds: 2 });
    await notifier.notify({ text: 'rate limited' });
    await waitFor(() => delivered('rate limited') === 1);
    await waitFor(async () => (await pending()) === 0);
    expect(slack.attempts.map((attempt) => attempt.status)).toEqual([429, 200]);
    const [first, second] = slack.attempts;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_900);
    expect(delivered('rate limited')).toBe(1);
  });

  it('retries 500s with backoff, then delivers', async () => {
    slack.failNext(500, { times: 2 });
    await notifier.notify({ text: 'after an outage' });
    await waitFor(() => delivered('after an outage') === 1);
    expect(slack.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200]);
  });

  it('gives up at once on a 4xx other than 429 and dead-letters the alert', async () => {
    slack.failNext(403);
    await notifier.notify({ text: 'revoked webhook' });
    await waitFor(async () => (await jobs.pgBoss.findJobs(SLACK_DEAD_LETTER_QUEUE)).length > 0);
    const [dead] = await jobs.pgBoss.findJobs(SLACK_DEAD_LETTER_QUEUE);
    expect(dead?.data).toMatchObject({ text: 'revoked webhook' });
    expect(slack.attempts.map((attempt) => attempt.status)).toEqual([403]);
    expect(await pending()).toBe(0);
  });

  it('does nothing, and does not fail, when no webhook is configured', async () => {
    const before = (await jobs.pgBoss.findJobs(SLACK_QUEUE)).length;
    const silent = new SlackNotifier({
      jobs,
      webhookUrl: undefined,
      logger: createLogger({ level: 'silent' }),
    });
    await database.handle.db.transaction((tx) => silent.notify({ text: 'nobody listens' }, tx));
    await silent.notify({ text: 'nobody listens' });
    expect((await jobs.pgBoss.findJobs(SLACK_QUEUE)).length).toBe(before);
  });

  it('never writes the webhook URL to the log', () => {
    const secretPath = new URL(slack.url).pathname;
    expect(log.text()).toContain('job failed');
    expect(log.text()).not.toContain(secretPath);
  });
});
