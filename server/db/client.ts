import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { describeDatabaseUrl } from '../logger.ts';
import { lockDataDir } from './dataDirLock.ts';
import * as schema from './schema/index.ts';
import type { Db } from './types.ts';

export type Listener = { close(): Promise<void> };

export type DatabaseHandle = {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** Human-readable location, with no credentials in it. */
  location: string;
  /** Set only for PostgreSQL: pg-boss opens its own small pool on it. */
  connectionString?: string;
  /** Set only for PGlite: pg-boss shares the single embedded connection. */
  pglite?: PGlite;
  /** LISTEN on a channel. `onReconnect` runs after every (re)subscribe so callers can catch up. */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect: () => void): Promise<Listener>;
  ping(timeoutMs?: number): Promise<void>;
  /** Records where the owning server listens, so a refused CLI command can say so (PGlite only). */
  describeOwner(url: string): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string; purpose?: string }
  | { kind: 'pglite-memory' };

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.kind === 'postgres' ? openPostgres(target.url) : openPglite(target);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  const listeners = new Set<PostgresListener>();
  return {
    kind: 'postgres',
    db,
    location: describeDatabaseUrl(url),
    connectionString: url,
    async listen(channel, onMessage, onReconnect) {
      const listener = new PostgresListener(url, channel, onMessage, onReconnect);
      listeners.add(listener);
      await listener.start();
      return {
        close: async () => {
          listeners.delete(listener);
          await listener.close();
        },
      };
    },
    ping: (timeoutMs = 2_000) =>
      withTimeout(
        pool.query('select 1').then(() => undefined),
        timeoutMs,
      ),
    describeOwner: async () => {},
    async close() {
      await Promise.all([...listeners].map((listener) => listener.close()));
      await pool.end();
    },
  };
}

async function openPglite(
  target: { kind: 'pglite'; dataDir: string; purpose?: string } | { kind: 'pglite-memory' },
): Promise<DatabaseHandle> {
  const lock =
    target.kind === 'pglite' ? await lockDataDir(target.dataDir, target.purpose ?? 'command') : undefined;
  try {
    const pglite = await PGlite.create(target.kind === 'pglite' ? target.dataDir : 'memory://');
    const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      location: target.kind === 'pglite' ? `pglite:${target.dataDir}` : 'pglite:memory',
      pglite,
      async listen(channel, onMessage, onReconnect) {
        const unlisten = await pglite.listen(channel, onMessage);
        onReconnect();
        return { close: () => unlisten() };
      },
      ping: (timeoutMs = 2_000) =>
        withTimeout(
          pglite.query('select 1').then(() => undefined),
          timeoutMs,
        ),
      describeOwner: async (url) => lock?.describeOwner(url),
      async close() {
        await pglite.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/** One dedicated connection per channel, re-established with backoff after it drops. */
class PostgresListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onMessage: (payload: string) => void,
    private readonly onReconnect: () => void,
  ) {}

  async start(attempt = 0): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onMessage(message.payload ?? '');
    });
    client.on('error', () => this.scheduleReconnect(attempt + 1));
    client.on('end', () => this.scheduleReconnect(attempt + 1));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      if (attempt === 0) throw error;
      this.scheduleReconnect(attempt + 1);
      return;
    }
    this.client = client;
    this.onReconnect();
  }

  private scheduleReconnect(attempt: number) {
    if (this.closed || this.retryTimer) return;
    this.client = undefined;
    const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) void this.start(attempt);
    }, delay);
    this.retryTimer.unref();
  }

  async close() {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => {});
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Serialises writers on a named resource until the transaction ends (audit chain, event ids). */
export function advisoryXactLock(key: number) {
  return sql`select pg_advisory_xact_lock(${key})`;
}
