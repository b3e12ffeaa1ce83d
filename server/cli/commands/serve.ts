import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { startServer } from '../../main.ts';
import type { CliIO } from '../io.ts';

export function registerServeCommand(program: Command, io: CliIO) {
  program
    .command('serve')
    .description('Run the ClubOS server (migrates the database first)')
    .option('--demo', 'seed a demo facility and logins into an empty database')
    .option('--no-demo', 'never seed demo data')
    .action(async (options: { demo?: boolean }) => {
      const config = loadConfig(io.env);
      const logger = createLogger({ level: config.logLevel, destination: io.stdout });
      const server = await startServer({
        config,
        logger,
        demo: options.demo,
        announce: (line) => io.stdout.write(`${line}\n`),
      });
      io.stdout.write(`ClubOS is running at ${server.url}\n`);
      await new Promise<void>((resolve) => {
        const shutdown = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'signal received');
          server.stop().then(resolve, (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            io.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGTERM', shutdown);
        process.once('SIGINT', shutdown);
      });
    });
}
