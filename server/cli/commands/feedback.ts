import type { Command } from 'commander';
import { toJsonLines } from '../../intelligence/feedbackExport.ts';
import { CliError, type CliIO } from '../io.ts';
import { withAdminOperations } from '../operations.ts';

export function registerFeedbackCommands(program: Command, io: CliIO) {
  const feedback = program.command('feedback').description('AI answers staff or customers marked unhelpful');
  feedback
    .command('export')
    .description('Write one JSON line per flagged answer to stdout, oldest first')
    .option('--since <date>', 'only feedback from this day on (YYYY-MM-DD, UTC)')
    .option('--facility <slug>', 'only this facility')
    .action(async (options: { since?: string; facility?: string }) => {
      if (options.since && !/^\d{4}-\d{2}-\d{2}$/.test(options.since)) {
        throw new CliError(`--since expects a date like 2026-11-01, not "${options.since}"`);
      }
      const records = await withAdminOperations(io, 'feedback export command', (operations) =>
        operations.exportFeedback({ since: options.since, facilitySlug: options.facility }),
      );
      io.stdout.write(toJsonLines(records));
    });
}
