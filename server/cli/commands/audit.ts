import type { Command } from 'commander';
import type { CliIO } from '../io.ts';
import { withAdminOperations } from '../operations.ts';

export function registerAuditCommands(program: Command, io: CliIO) {
  // With no action of its own, `clubos audit` alone shows this group's help.
  const audit = program.command('audit').description('Check the tamper-evident audit log');
  audit
    .command('verify')
    .description('Walk the audit hash chain; exit 1 naming the first broken row, or 0 when intact')
    .action(async () => {
      const result = await withAdminOperations(io, 'audit verify command', (operations) =>
        operations.verifyAudit(),
      );
      if (result.ok) {
        io.stdout.write(`Audit chain intact: ${result.rows} rows verified.\n`);
        return;
      }
      io.stderr.write(`Audit chain BROKEN at row ${result.brokenRowId}: ${result.reason}\n`);
      io.exitCode = 1;
    });
}
