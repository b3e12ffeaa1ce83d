import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../cli/main.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { createEmptyPostgresDatabase, type Engine } from './databases.ts';
import { captureStream } from './streams.ts';

export { captureStream };

/**
 * Runs `clubos <args>` in this process with the given environment and captured output. Without
 * `stdin` the command reads the process's own standard input, as `runCli` does by default.
 */
export async function runClubos(
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runCli(['node', 'clubos', ...args], {
    env: options.env,
    ...(options.stdin === undefined ? {} : { stdin: Readable.from([options.stdin]) }),
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export type CliWorkspace = {
  /** A fresh temporary directory; the PGlite data directory is `data` inside it. */
  root: string;
  /** The environment to run `clubos` with: silent logs, and DATABASE_URL on PostgreSQL. */
  env: NodeJS.ProcessEnv;
  /** Opens the database the commands wrote to (they have closed it by the time they return). */
  openDatabase(): Promise<DatabaseHandle>;
  /** Drops the PostgreSQL database, if any, and deletes the directory. */
  remove(): Promise<void>;
};

/** Somewhere to run `clubos` commands on the given engine: a temporary directory, and an empty database on PostgreSQL. */
export async function createCliWorkspace(engine: Engine, prefix: string): Promise<CliWorkspace> {
  const root = await mkdtemp(path.join(tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = { CLUBOS_DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'silent' };
  let dropPostgres: (() => Promise<void>) | undefined;
  const removeRoot = () => rm(root, { recursive: true, force: true });
  if (engine === 'postgres') {
    try {
      const database = await createEmptyPostgresDatabase();
      env.DATABASE_URL = database.url;
      dropPostgres = database.drop;
    } catch (error) {
      await removeRoot();
      throw error;
    }
  }
  return {
    root,
    env,
    openDatabase: () =>
      openDatabase(
        env.DATABASE_URL
          ? { kind: 'postgres', url: env.DATABASE_URL }
          : { kind: 'pglite', dataDir: env.CLUBOS_DATA_DIR ?? '', purpose: 'test' },
      ),
    async remove() {
      await dropPostgres?.();
      await removeRoot();
    },
  };
}
