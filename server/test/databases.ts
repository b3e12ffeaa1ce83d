import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';

export type Engine = 'pglite' | 'postgres';

/** Both engines by default; CLUBOS_TEST_ENGINES narrows it for a quick local loop. */
export const engines: Engine[] = (process.env.CLUBOS_TEST_ENGINES ?? 'pglite,postgres')
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is Engine => name === 'pglite' || name === 'postgres');

/** The server tests create their databases on; .ci/run points this at its own run database. */
export const adminUrl = process.env.CLUBOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = {
  engine: Engine;
  handle: DatabaseHandle;
  /** Set for PostgreSQL, so a test can start more server instances on the same database. */
  url?: string;
  drop(): Promise<void>;
};

/** A fresh, empty, migrated database on the given engine. */
export async function createTestDatabase(engine: Engine, options: { migrate?: boolean } = {}) {
  const database = engine === 'postgres' ? await createPostgresDatabase() : await createPgliteDatabase();
  if (options.migrate !== false) await migrateDatabase(database.handle);
  return database;
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const handle = await openDatabase({ kind: 'pglite-memory' });
  return { engine: 'pglite', handle, drop: () => handle.close() };
}

export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `clubos_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    await client.query(`create database ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(async (client) => {
        await client.query(`drop database if exists ${name} with (force)`);
      }),
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const { url, drop } = await createEmptyPostgresDatabase();
  const handle = await openDatabase({ kind: 'postgres', url });
  return {
    engine: 'postgres',
    handle,
    url,
    async drop() {
      await handle.close();
      await drop();
    },
  };
}

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
