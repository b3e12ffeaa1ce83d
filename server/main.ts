import { createRequire } from 'node:module';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import { seedDemo } from './demo/seed.ts';
import { startHttpServer } from './http/server.ts';
import { defineHousekeeping } from './jobs/housekeeping.ts';
import { JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import { createServices, type Services } from './services.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export type RunningServer = {
  url: string;
  services: Services;
  /** Drains and stops everything; safe to call more than once. */
  stop(): Promise<void>;
};

/**
 * Wires one server instance: database, migrations, services, jobs, the event bus and HTTP.
 * Each concern lives in its own module; this only decides the order.
 */
export async function startServer(options: {
  config: Config;
  logger: Logger;
  demo?: boolean;
  /** Where one-time messages for the operator go (demo passwords); never the log. */
  announce?: (line: string) => void;
}): Promise<RunningServer> {
  const { config, logger } = options;
  const database = await openDatabase(
    config.database.kind === 'postgres' ? config.database : { ...config.database, purpose: 'server' },
  );
  try {
    await migrateDatabase(database);
    const jobs = new JobQueue(database, logger);
    const services = createServices({ config, logger, database, jobs });
    defineHousekeeping(jobs, database.db);
    const demo = options.demo ?? config.demo ?? database.kind === 'pglite';
    if (demo) await seedDemo(services, options.announce ?? ((line) => process.stdout.write(`${line}\n`)));
    await services.events.start();
    await jobs.start();
    const http = await startHttpServer({ services, host: config.host, port: config.port, version });
    logger.info({ url: http.url, database: database.location, demo }, 'ClubOS server listening');

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        logger.info('shutting down: draining requests and jobs');
        await services.events.stop();
        await http.close();
        await jobs.stop(config.shutdownTimeoutMs);
        await database.close();
        logger.info('shutdown complete');
      })();
      return stopping;
    };
    return { url: http.url, services, stop };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
