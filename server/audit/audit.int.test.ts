import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import type { Executor } from '../db/types.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, engines, type TestDatabase, withAdmin } from '../test/databases.ts';
import { recordAudit } from './record.ts';
import { readChainBatch } from './repository.ts';
import { AuditService } from './service.ts';
import type { AuditContext, AuditEntry } from './types.ts';

const manager: AuditContext = {
  actor: { type: 'user', id: randomUUID(), label: 'manager@example.com' },
  requestId: 'req-1',
  ip: '127.0.0.1',
  device: 'test',
};
const assistant: AuditContext = { actor: { type: 'ai', id: 'sop-assistant', label: 'SOP assistant' } };
const system: AuditContext = { actor: { type: 'system', label: 'setup' } };

function auditService(database: TestDatabase, options: { verifyBatchSize?: number } = {}) {
  const deps = {
    db: database.handle.db,
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(),
  };
  return new AuditService(deps, options);
}

function append(db: Executor, context: AuditContext, entry: AuditEntry) {
  return db.transaction((tx) => recordAudit(tx, context, entry));
}

async function appendSample(db: Executor, count: number) {
  const facilityId = randomUUID();
  const contexts = [manager, assistant, system];
  for (let i = 0; i < count; i += 1) {
    await append(db, contexts[i % contexts.length] ?? system, {
      action: `sample.step${i}`,
      targetType: 'bay',
      targetId: String(i),
      facilityId: i % 2 === 0 ? facilityId : null,
      before: { step: i - 1, nested: { b: [1, 2], a: 'x' } },
      after: { step: i },
    });
  }
}

async function chainIds(db: Executor): Promise<number[]> {
  return (await readChainBatch(db, 0, 10_000)).map((row) => row.id);
}

/** The error text, including the driver error drizzle wraps; fails if the statement succeeded. */
async function failure(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    const messages: string[] = [];
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause)
      messages.push(cause.message);
    return messages.join(' | ');
  }
  throw new Error('expected the statement to fail');
}

/** Edits audit_log as a superuser with triggers off, as someone covering their tracks would. */
async function tamper(database: TestDatabase, statement: string) {
  if (database.engine === 'postgres') {
    await withAdmin(async (client) => {
      // Replica mode skips ordinary triggers, so the append-only trigger does not fire.
      await client.query('set session_replication_role = replica');
      await client.query(statement);
    }, database.url);
    return;
  }
  const pglite = database.handle.pglite;
  if (!pglite) throw new Error('PGlite handle without its client');
  await pglite.exec(
    `set session_replication_role = replica; ${statement}; set session_replication_role = default;`,
  );
}

describe.each(engines)('audit chain on %s', (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(engine);
  });
  afterEach(async () => {
    await database.drop();
  });

  it('verifies an empty chain', async () => {
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 0 });
  });

  it('verifies rows from different actors and facilities, across batch boundaries', async () => {
    await appendSample(database.handle.db, 7);
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 7 });
    expect(await auditService(database, { verifyBatchSize: 2 }).verify()).toEqual({ ok: true, rows: 7 });
  });

  it('verifies values that the drivers would decode differently from what was written', async () => {
    await append(database.handle.db, manager, { action: 'odd.json-string', after: '42', before: 'true' });
    await append(database.handle.db, manager, {
      action: 'odd.values',
      before: { when: new Date('2025-01-01T00:00:00.000Z'), gone: undefined, list: [null, 1.5, 1e21] },
      after: { text: 'quote " backslash \\ newline \n emoji ⛳', empty: {}, none: null },
    });
    await append(database.handle.db, system, { action: 'odd.nulls', before: null });
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 3 });
  });

  it('regression: an upper-case facility id does not read back as a broken row', async () => {
    await append(database.handle.db, manager, {
      action: 'bay.reset',
      facilityId: randomUUID().toUpperCase(),
    });
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 1 });
  });

  it('regression: a lone surrogate in client-supplied text does not read back as a broken row', async () => {
    await append(database.handle.db, manager, {
      action: 'auth.login_failed',
      targetId: 'bad\uD800@example.com',
      after: { name: 'x\uDC00y' },
    });
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 1 });
  });

  it('leaves no audit row when the transaction of the action rolls back', async () => {
    await appendSample(database.handle.db, 2);
    const rolledBack = database.handle.db.transaction(async (tx) => {
      await recordAudit(tx, manager, { action: 'bay.reset', targetId: '1' });
      throw new Error('the action failed');
    });
    await expect(rolledBack).rejects.toThrow('the action failed');
    expect(await chainIds(database.handle.db)).toHaveLength(2);
    // The rolled-back insert used up a sequence value; the gap in ids must not count as a break.
    await appendSample(database.handle.db, 1);
    const ids = await chainIds(database.handle.db);
    expect(ids[2]).toBeGreaterThan((ids[1] ?? 0) + 1);
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 3 });
  });

  it('does not fork the chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.handle.db.transaction(async (tx) => {
          await recordAudit(tx, manager, { action: 'bay.reset', targetId: String(i) });
          // Keep the transaction open a little after appending, so others queue on the chain lock.
          await tx.execute(sql`select pg_sleep(0.005)`);
        }),
      ),
    );
    const rows = await readChainBatch(database.handle.db, 0, 100);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.prevHash)).size).toBe(20);
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 20 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE from the application', async () => {
    await appendSample(database.handle.db, 3);
    const db = database.handle.db;
    expect(await failure(db.execute(sql`update audit_log set action = 'edited'`))).toMatch(/append-only/);
    expect(await failure(db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
    expect(await failure(db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
    expect(await chainIds(db)).toHaveLength(3);
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 3 });
  });

  it('names exactly the row a superuser edited behind the triggers', async () => {
    await appendSample(database.handle.db, 6);
    const ids = await chainIds(database.handle.db);
    const third = ids[2];
    await tamper(database, `update audit_log set action = 'tampered' where id = ${third}`);
    const expected = { ok: false, rows: 2, brokenRowId: third, reason: 'hash does not match content' };
    expect(await auditService(database).verify()).toEqual(expected);
    expect(await auditService(database, { verifyBatchSize: 2 }).verify()).toEqual(expected);
  });

  it('names the row whose timestamp was moved by a microsecond', async () => {
    await appendSample(database.handle.db, 3);
    const ids = await chainIds(database.handle.db);
    await tamper(
      database,
      `update audit_log set occurred_at = occurred_at + interval '1 microsecond' where id = ${ids[1]}`,
    );
    expect(await auditService(database).verify()).toMatchObject({ ok: false, brokenRowId: ids[1] });
  });

  it('names the row after a deleted one, and a first row that does not start the chain', async () => {
    await appendSample(database.handle.db, 5);
    const ids = await chainIds(database.handle.db);
    await tamper(database, `delete from audit_log where id = ${ids[2]}`);
    expect(await auditService(database).verify()).toEqual({
      ok: false,
      rows: 2,
      brokenRowId: ids[3],
      reason: `prev_hash does not link to row ${ids[1]}`,
    });
    await tamper(database, `delete from audit_log where id = ${ids[0]}`);
    expect(await auditService(database).verify()).toEqual({
      ok: false,
      rows: 0,
      brokenRowId: ids[1],
      reason: 'prev_hash does not link to the start of the chain',
    });
  });
});

describe.runIf(engines.includes('postgres'))('audit_log privileges on postgres', () => {
  let database: TestDatabase;
  const role = `clubos_app_${randomBytes(6).toString('hex')}`;
  beforeEach(async () => {
    database = await createTestDatabase('postgres');
    await database.handle.db.execute(sql.raw(`create role ${role} login`));
  });
  afterEach(async () => {
    // Roles are cluster-wide: drop what it was granted here, then the role itself.
    await database.handle.db.execute(sql.raw(`drop owned by ${role}`));
    await database.handle.db.execute(sql.raw(`drop role ${role}`));
    await database.drop();
  });

  it('lets an application role append but never rewrite audit rows', async () => {
    await database.handle.db.execute(sql.raw(`grant select, insert on audit_log to ${role}`));
    await database.handle.db.execute(sql.raw(`grant usage on sequence audit_log_id_seq to ${role}`));
    const url = new URL(database.url ?? '');
    url.username = role;
    url.password = '';
    const app = await openDatabase({ kind: 'postgres', url: url.toString() });
    try {
      await appendSample(app.db, 3);
      const statements = [
        sql`update audit_log set action = 'edited'`,
        sql`delete from audit_log`,
        sql`truncate audit_log`,
      ];
      for (const statement of statements) {
        expect(await failure(app.db.execute(statement))).toMatch(/permission denied/);
      }

      // Even an over-broad grant does not help: the trigger still refuses, and only the table's
      // owner or a superuser could switch it off.
      await database.handle.db.execute(sql.raw(`grant all on audit_log to ${role}`));
      for (const statement of statements) {
        expect(await failure(app.db.execute(statement))).toMatch(/append-only/);
      }
      expect(await failure(app.db.execute(sql`alter table audit_log disable trigger user`))).toMatch(
        /must be owner/,
      );
      expect(await failure(app.db.execute(sql`set session_replication_role = replica`))).toMatch(
        /permission denied/,
      );
      expect(await chainIds(app.db)).toHaveLength(3);
    } finally {
      await app.close();
    }
    expect(await auditService(database).verify()).toEqual({ ok: true, rows: 3 });
  });
});
