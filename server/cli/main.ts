import { Command, CommanderError } from 'commander';
import { registerAuditCommands } from './commands/audit.ts';
import { registerClassifyCommand } from './commands/classify.ts';
import { registerFeedbackCommands } from './commands/feedback.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSetupCommand } from './commands/setup.ts';
import { registerSimCommands } from './commands/sim.ts';
import { registerSopsCommands } from './commands/sops.ts';
import { registerUserCommands } from './commands/user.ts';
import { type CliIO, describeCliFailure } from './io.ts';

export function buildProgram(io: CliIO): Command {
  const program = new Command('clubos')
    .description('ClubOS Mission Control server and administration')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerServeCommand(program, io);
  registerMigrateCommand(program, io);
  registerSetupCommand(program, io);
  registerUserCommands(program, io);
  registerAuditCommands(program, io);
  registerSimCommands(program, io);
  registerFeedbackCommands(program, io);
  registerClassifyCommand(program, io);
  registerSopsCommands(program, io);
  // Sub-commands inherit the same output and error handling.
  for (const command of program.commands) applyCommonBehaviour(command, io);
  return program;
}

function applyCommonBehaviour(command: Command, io: CliIO) {
  command
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  for (const sub of command.commands) applyCommonBehaviour(sub, io);
}

/** Runs the CLI and returns the process exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], partialIo: Partial<CliIO> = {}): Promise<number> {
  const io: CliIO = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    exitCode: 0,
    ...partialIo,
  };
  const program = buildProgram(io);
  if (argv.length <= 2) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv);
    return io.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version requests are successes; everything else commander rejects is bad usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    const failure = describeCliFailure(error);
    io.stderr.write(`clubos: ${failure.message}\n`);
    return failure.exitCode;
  }
}
