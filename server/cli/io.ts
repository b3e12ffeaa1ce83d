import type { Readable, Writable } from 'node:stream';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from '../db/client.ts';
import { DataDirBusyError } from '../db/dataDirLock.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { DomainError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { createServices, type Services } from '../services.ts';

export type CliIO = {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Set by a command that finished but must report failure (e.g. a broken audit chain). */
  exitCode: number;
};

/** A failure to show the user as-is (no stack trace), with the exit code to leave with. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function databaseTarget(config: Config, purpose: string): DatabaseTarget {
  return config.database.kind === 'postgres'
    ? config.database
    : { kind: 'pglite', dataDir: config.database.dataDir, purpose };
}

/** Opens and migrates the configured database for one command, and always closes it. */
export async function withServices<T>(
  io: CliIO,
  purpose: string,
  work: (services: Services) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const logger = createLogger({ level: 'warn', destination: io.stderr });
  const database = await openDatabase(databaseTarget(config, purpose));
  try {
    await migrateDatabase(database);
    return await work(createServices({ config, logger, database }));
  } finally {
    await database.close();
  }
}

export async function withDatabase<T>(
  io: CliIO,
  purpose: string,
  work: (database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const database = await openDatabase(databaseTarget(config, purpose));
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Errors the user can act on are printed plainly; anything else is a bug and keeps its stack. */
export function describeCliFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError || error instanceof DataDirBusyError || error instanceof DomainError) {
    return { message: error.message, exitCode: 1 };
  }
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), exitCode: 1 };
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
