import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createTestDatabase, engines, type TestDatabase } from '../test/databases.ts';
import { JobQueue } from './queue.ts';

const logger = createLogger({ level: 'silent' });

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe.each(engines)('job queue on %s', (engine) => {
  let database: TestDatabase;
  let jobs: JobQueue | undefined;

  afterEach(async () => {
    await jobs?.stop(5_000);
    await database.drop();
  });

  it('retries a failing job with backoff, then moves it to the dead-letter queue', async () => {
    database = await createTestDatabase(engine);
    jobs = new JobQueue(database.handle, logger);
    const attempts: number[] = [];
    jobs.define<{ n: number }>({
      name: 'always-fails',
      retryLimit: 2,
      retryDelaySeconds: 1,
      pollingIntervalSeconds: 0.5,
      handler: async () => {
        attempts.push(Date.now());
        throw new Error('provider down');
      },
    });
    await jobs.start();
    await jobs.send('always-fails', { n: 1 });

    const dead = await waitFor(async () => {
      const found = await jobs?.pgBoss.findJobs('always-fails.dead');
      return found?.length ? found : undefined;
    });
    expect(dead[0]?.data).toEqual({ n: 1 });
    expect(attempts).toHaveLength(3);
    // Backoff: the second retry waits longer than the first.
    const [first = 0, second = 0, third = 0] = attempts;
    expect(third - second).toBeGreaterThan(second - first - 250);
    expect(second - first).toBeGreaterThanOrEqual(900);
  });

  it('commits a job only with the transaction that enqueued it', async () => {
    database = await createTestDatabase(engine);
    jobs = new JobQueue(database.handle, logger);
    jobs.define({ name: 'transactional', handler: async () => {} });
    await jobs.start({ work: false });

    await database.handle.db
      .transaction(async (tx) => {
        await jobs?.send('transactional', { keep: false }, {}, tx);
        throw new Error('roll back');
      })
      .catch(() => {});
    await database.handle.db.transaction(async (tx) => {
      await jobs?.send('transactional', { keep: true }, {}, tx);
    });

    const found = await jobs.pgBoss.findJobs('transactional');
    expect(found.map((job) => job.data)).toEqual([{ keep: true }]);
  });

  it('refuses a send to a queue nobody defined, instead of waiting forever inside a transaction', async () => {
    database = await createTestDatabase(engine);
    jobs = new JobQueue(database.handle, logger);
    jobs.define({ name: 'known', handler: async () => {} });
    await jobs.start({ work: false });
    const queue = jobs;
    await expect(
      database.handle.db.transaction((tx) => queue.send('unknown', { a: 1 }, {}, tx)),
    ).rejects.toThrow('job queue "unknown" is not defined on this server');
    await expect(
      database.handle.db.transaction((tx) => queue.send('known', { a: 1 }, {}, tx)),
    ).resolves.toBeTruthy();
  });

  it('registers scheduled queues', async () => {
    database = await createTestDatabase(engine);
    jobs = new JobQueue(database.handle, logger);
    jobs.define({ name: 'nightly', schedule: '0 3 * * *', handler: async () => {} });
    await jobs.start({ work: false });
    const schedules = await jobs.pgBoss.getSchedules('nightly');
    expect(schedules.map((schedule) => schedule.cron)).toEqual(['0 3 * * *']);
  });

  it('drains an in-flight job before stop resolves', async () => {
    database = await createTestDatabase(engine);
    jobs = new JobQueue(database.handle, logger);
    let finished = false;
    let started = false;
    jobs.define({
      name: 'slow',
      pollingIntervalSeconds: 0.5,
      handler: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        finished = true;
      },
    });
    await jobs.start();
    await jobs.send('slow', {});
    await waitFor(async () => (started ? true : undefined));
    await jobs.stop(10_000);
    jobs = undefined;
    expect(finished).toBe(true);
    const [row] = (
      await database.handle.db.execute<{ state: string }>(
        sql`select state from pgboss.job where name = 'slow'`,
      )
    ).rows;
    expect(row?.state).toBe('completed');
  });
});
