import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { readDataDirOwner } from '../../db/dataDirLock.ts';
import { readLocalAdminKey } from '../../localAdmin/key.ts';
import type { AppRouter } from '../../trpc/appRouter.ts';
import { CliError, type CliIO } from '../io.ts';

type TextOptions = { facility: string; from: string };

/**
 * `clubos sim text` plays a customer against the running demo server: the server's built-in fake
 * OpenPhone posts the text back to it as a signed webhook, exactly as OpenPhone would. It reaches the
 * server the way other CLI commands do (the local admin key beside the PGlite data directory).
 */
export function registerSimCommands(program: Command, io: CliIO) {
  const sim = program.command('sim').description('Play a customer against a running demo server');
  sim
    .command('text')
    .description("Text a facility's number as a customer; it arrives in the inbox like any SMS")
    .requiredOption('--facility <slug>', 'the facility to text, e.g. demo')
    .requiredOption('--from <number>', 'the customer number, E.164, e.g. +19025551234')
    .argument('<message>', 'what the customer writes')
    .action(async (message: string, options: TextOptions) => {
      const { dataDir } = loadConfig(io.env);
      const [owner, key] = await Promise.all([readDataDirOwner(dataDir), readLocalAdminKey(dataDir)]);
      if (!owner?.url || !key) {
        throw new CliError(
          `No running ClubOS demo server holds ${dataDir}. Start one with \`npm start\` (or \`clubos serve --demo\`) first.`,
        );
      }
      const client = createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${owner.url}/trpc`, headers: { authorization: `Bearer ${key}` } })],
      });
      try {
        await client.sim.cliText.mutate({
          facilitySlug: options.facility,
          from: options.from,
          body: message,
        });
      } catch (error) {
        if (error instanceof TRPCClientError) throw new CliError(error.message);
        throw new CliError(`Could not reach the ClubOS server at ${owner.url}: ${(error as Error).message}`);
      }
      io.stdout.write(`Texted ${options.facility} from ${options.from}. It is in the inbox now.\n`);
    });
}
