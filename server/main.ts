import { createRequire } from 'node:module';
import { systemActor } from './audit/types.ts';
import { startDemoNinjaOne } from './bays/demo.ts';
import { defineBayJobs, schedulePoll } from './bays/jobs.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import { seedDemo } from './demo/seed.ts';
import { startHttpServer } from './http/server.ts';
import { defineIntelligenceJobs } from './intelligence/engine/jobs.ts';
import { defineAnalysisJob } from './intelligence/proposals/analysisJob.ts';
import { defineQualityWatchJob } from './intelligence/quality/job.ts';
import { importSopsAtFirstStart } from './intelligence/sops/firstStart.ts';
import { defineHousekeeping } from './jobs/housekeeping.ts';
import { JobQueue } from './jobs/queue.ts';
import { createLocalAdminKey } from './localAdmin/key.ts';
import type { Logger } from './logger.ts';
import { startDemoOpenPhone } from './messaging/demo.ts';
import { defineMessagingJobs } from './messaging/jobs.ts';
import { WEBHOOK_PATH } from './messaging/webhookRoute.ts';
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
 * Each concern lives in its own module; this only decides the order. Components are stopped in
 * reverse order of start, both on shutdown and when start-up fails half-way.
 */
export async function startServer(options: {
  config: Config;
  logger: Logger;
  demo?: boolean;
  /** Where one-time messages for the operator go (demo passwords); never the log. */
  announce?: (line: string) => void;
}): Promise<RunningServer> {
  const { config, logger } = options;
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stopOne of stoppers.splice(0).reverse()) {
      await stopOne().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    const database = await openDatabase(
      config.database.kind === 'postgres' ? config.database : { ...config.database, purpose: 'server' },
    );
    stoppers.push(() => database.close());
    await migrateDatabase(database);

    const localAdmin = database.kind === 'pglite' ? await createLocalAdminKey(config.dataDir) : undefined;
    if (localAdmin) stoppers.push(() => localAdmin.remove());
    const jobs = new JobQueue(database, logger);
    const demo = options.demo ?? config.demo ?? database.kind === 'pglite';
    // Jobs stop before the fake (stoppers run in reverse), so no job calls a closed fake.
    const demoNinjaOne = !config.ninjaone && demo ? await startDemoNinjaOne(database.db) : undefined;
    if (demoNinjaOne) {
      stoppers.push(() => demoNinjaOne.close());
      logger.info(
        { url: demoNinjaOne.url },
        'no NinjaOne credentials: the demo uses the built-in fake NinjaOne',
      );
    }
    // Likewise OpenPhone: the fake signs its webhooks with a secret only this process knows.
    const demoOpenPhone = !config.openphone.apiKey && demo ? await startDemoOpenPhone(config) : undefined;
    if (demoOpenPhone) {
      stoppers.push(() => demoOpenPhone.close());
      logger.info('no OpenPhone API key: the demo uses the built-in fake OpenPhone');
    }
    const services = createServices({
      config,
      logger,
      database,
      jobs,
      localAdminKey: localAdmin?.key,
      ninjaone: demoNinjaOne?.client,
      openphone: demoOpenPhone?.account,
      openphoneWebhookSecret: demoOpenPhone?.webhookSecret,
      simulator: demoOpenPhone?.simulator,
    });
    defineHousekeeping(jobs, database.db);
    services.alerts.define();
    defineBayJobs(jobs, services.bays, config.bays.pollSeconds);
    defineMessagingJobs(jobs, services.messaging);
    defineIntelligenceJobs(jobs, services.intelligence);
    defineAnalysisJob(jobs, (data) => services.proposals.runAnalysis(data, systemActor('sop-analysis')));
    defineQualityWatchJob(jobs, () => services.quality.runWatch(systemActor('quality-watch')));
    await importSopsAtFirstStart(services.sops, config.sopsDir, logger);
    if (config.sopsMirrorDir)
      logger.info({ dir: config.sopsMirrorDir }, 'new SOP versions are mirrored to SOPS_DIR');
    if (demo) await seedDemo(services, options.announce ?? ((line) => process.stdout.write(`${line}\n`)));

    await jobs.start();
    stoppers.push(() => jobs.stop(config.shutdownTimeoutMs));
    await schedulePoll(jobs, config.bays.pollSeconds);
    await services.events.start();
    // Subscriptions end before HTTP closes, so their long-lived responses do not hold the close.
    const http = await startHttpServer({ services, host: config.host, port: config.port, version });
    stoppers.push(async () => {
      await services.events.stop();
      await http.close();
    });
    demoOpenPhone?.pointAt(`${http.url}${WEBHOOK_PATH}`);
    await database.describeOwner(http.url);
    logger.info({ url: http.url, database: database.location, demo }, 'ClubOS server listening');

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        logger.info('shutting down: draining requests and jobs');
        await stopAll();
        logger.info('shutdown complete');
      })();
      return stopping;
    };
    return { url: http.url, services, stop };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
