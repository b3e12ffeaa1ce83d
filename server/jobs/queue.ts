import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, type Job, PgBoss, type SendOptions } from 'pg-boss';
import type { DatabaseHandle } from '../db/client.ts';
import type { Executor } from '../db/types.ts';
import type { Logger } from '../logger.ts';

export type QueueDefinition<T extends object> = {
  name: string;
  handler: (data: T, job: Job<T>) => Promise<void>;
  /** Retries with exponential backoff before the job is moved to `<name>.dead`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Cron expression (UTC) for jobs that run on a schedule. */
  schedule?: string;
  concurrency?: number;
  /** How often an idle worker polls; LISTEN/NOTIFY wakes it sooner when the backend supports it. */
  pollingIntervalSeconds?: number;
};

/**
 * All background work runs through pg-boss on the application database, so jobs can be enqueued in
 * the same transaction as the change that needs them, and nothing is lost on a crash.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions: QueueDefinition<object>[] = [];
  private started = false;

  constructor(
    database: DatabaseHandle,
    private readonly logger: Logger,
  ) {
    this.boss = database.pglite
      ? new PgBoss({ db: fromPglite(database.pglite), backend: 'pglite' })
      : new PgBoss({ connectionString: database.connectionString, max: 4 });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
  }

  define<T extends object>(definition: QueueDefinition<T>): void {
    if (this.started) throw new Error(`queue ${definition.name} defined after start`);
    this.definitions.push(definition as unknown as QueueDefinition<object>);
  }

  async start(options: { work: boolean } = { work: true }): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const definition of this.definitions) {
      const deadLetter = `${definition.name}.dead`;
      await this.boss.createQueue(deadLetter);
      await this.boss.createQueue(definition.name, {
        retryLimit: definition.retryLimit ?? 5,
        retryDelay: definition.retryDelaySeconds ?? 5,
        retryBackoff: true,
        deadLetter,
      });
      if (definition.schedule) await this.boss.schedule(definition.name, definition.schedule);
      if (!options.work) continue;
      await this.boss.work<object>(
        definition.name,
        {
          localConcurrency: definition.concurrency ?? 1,
          pollingIntervalSeconds: definition.pollingIntervalSeconds ?? 2,
        },
        async (jobs) => {
          for (const job of jobs) {
            const log = this.logger.child({ queue: definition.name, jobId: job.id });
            try {
              await definition.handler(job.data, job);
            } catch (error) {
              log.warn({ err: error }, 'job failed; pg-boss will retry or dead-letter it');
              throw error;
            }
          }
        },
      );
    }
  }

  /** Enqueue; pass `tx` to commit the job with the caller's transaction. */
  async send<T extends object>(name: string, data: T, options: SendOptions = {}, tx?: Executor) {
    // pg-boss on PGlite waits forever on a send to a queue that does not exist inside a transaction
    // (it looks the queue up on the one connection the transaction holds); fail clearly instead.
    const known = (definition: QueueDefinition<object>) =>
      name === definition.name || name === `${definition.name}.dead`;
    if (!this.definitions.some(known)) {
      throw new Error(`job queue "${name}" is not defined on this server; define it before sending to it`);
    }
    const db = tx ? fromDrizzle(tx, sql) : undefined;
    return this.boss.send(name, data, db ? { ...options, db } : options);
  }

  /** Queued and active job counts per queue, for /metrics. */
  async getQueueCounts(): Promise<{ name: string; queued: number; active: number }[]> {
    if (!this.started) return [];
    const queues = await this.boss.getQueues();
    return queues.map((queue) => ({
      name: queue.name,
      queued: queue.queuedCount,
      active: queue.activeCount,
    }));
  }

  /** Stops taking new jobs and waits up to `timeoutMs` for running handlers to finish. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, close: false, timeout: timeoutMs });
  }

  get pgBoss(): PgBoss {
    return this.boss;
  }
}
