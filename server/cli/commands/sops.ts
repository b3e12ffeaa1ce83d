import type { Command } from 'commander';
import type { SopImportSummary } from '../../../shared/sops.ts';
import { loadConfig } from '../../config.ts';
import { DomainError } from '../../errors.ts';
import { readSopDirectory, writeSopDirectory } from '../../intelligence/sops/files.ts';
import { parseAll } from '../../intelligence/sops/importer.ts';
import { CliError, type CliIO } from '../io.ts';
import { withAdminOperations } from '../operations.ts';

// The files are read and written here, on the CLI's side, and only their contents cross to the
// database: so the commands work the same directly and through a server that holds the database.

/** Domain errors (a bad SOP file, a missing folder) are the user's to fix: shown plainly, exit 1. */
async function plainly<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message);
    throw error;
  }
}

export function registerSopsCommands(program: Command, io: CliIO) {
  const sops = program
    .command('sops')
    .description('Import and export the markdown SOPs the agents answer from');

  sops
    .command('import')
    .description(
      'Import SOP files: new files become version 1, changed files a new version; nothing is deleted',
    )
    .argument('[dir]', 'the SOP folder (default: CLUBOS_SOPS_DIR, else the sops/ folder ClubOS ships)')
    .action(async (dir: string | undefined) => {
      const from = dir ?? loadConfig(io.env).sopsDir;
      const files = await plainly(() => readSopDirectory(from));
      // Checked here first, like `setup` does: a bad file is named before any database or server is touched.
      await plainly(async () => parseAll(files));
      const summary = await withAdminOperations(io, 'sops import command', (operations) =>
        plainly(() => operations.importSops(files)),
      );
      io.stdout.write(`${describeImport(from, summary)}\n`);
    });

  sops
    .command('export')
    .description('Write the current version of every SOP into a folder, one subfolder per agent')
    .argument('<dir>', 'where to write, e.g. sops/ to commit the database versions back')
    .action(async (dir: string) => {
      const files = await withAdminOperations(io, 'sops export command', (operations) =>
        operations.exportSops(),
      );
      const written = await plainly(() => writeSopDirectory(dir, files));
      io.stdout.write(`Exported ${written} ${written === 1 ? 'SOP' : 'SOPs'} to ${dir}.\n`);
    });
}

function describeImport(dir: string, summary: SopImportSummary): string {
  if (summary.created === 0 && summary.updated === 0) {
    return `SOPs in ${dir} are already up to date (${summary.unchanged} unchanged).`;
  }
  return (
    `Imported SOPs from ${dir}: ${summary.created} created, ${summary.updated} updated` +
    `, ${summary.unchanged} unchanged.`
  );
}
