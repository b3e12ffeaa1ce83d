import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DomainError } from '../../errors.ts';
import type { SetupSummary } from '../../facilities/service.ts';
import { parseSetupFile } from '../../facilities/setupFile.ts';
import { CliError, type CliIO } from '../io.ts';
import { withAdminOperations } from '../operations.ts';

export function registerSetupCommand(program: Command, io: CliIO) {
  program
    .command('setup')
    .description(
      'Create or update facilities and bays from a setup file (JSON); an invalid file writes nothing',
    )
    .argument('<file>', 'path to the setup file, e.g. facilities.json')
    .action(async (file: string) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
      }
      // Validated before the database is even opened: a bad file cannot write anything.
      let setup: ReturnType<typeof parseSetupFile>;
      try {
        setup = parseSetupFile(text);
      } catch (error) {
        if (error instanceof DomainError) throw new CliError(`${file}: ${error.message}`);
        throw error;
      }
      const summary = await withAdminOperations(io, 'setup command', async (operations) => {
        try {
          return await operations.applySetup(setup);
        } catch (error) {
          if (error instanceof DomainError) throw new CliError(`${file}: ${error.message}`);
          throw error;
        }
      });
      io.stdout.write(`${describeSummary(summary)}\n`);
    });
}

function describeSummary(summary: SetupSummary): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (Object.values(summary).every((n) => n === 0))
    return 'Setup applied: everything was already up to date.';
  return (
    `Setup applied: ${count(summary.facilitiesCreated, 'facility', 'facilities')} created` +
    `, ${count(summary.facilitiesUpdated, 'facility', 'facilities')} updated` +
    `, ${count(summary.baysCreated, 'bay', 'bays')} created` +
    `, ${count(summary.baysUpdated, 'bay', 'bays')} updated.`
  );
}
