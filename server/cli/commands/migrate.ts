import type { Command } from 'commander';
import { migrateDatabase } from '../../db/migrate.ts';
import { type CliIO, withDatabase } from '../io.ts';

export function registerMigrateCommand(program: Command, io: CliIO) {
  program
    .command('migrate')
    .description('Apply pending database migrations (the server also does this at start)')
    .action(async () => {
      await withDatabase(io, 'migrate command', async (database) => {
        await migrateDatabase(database);
        io.stdout.write(`Migrations applied to ${database.location}\n`);
      });
    });
}
