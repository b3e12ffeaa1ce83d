import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/record.ts';
import { readChainBatch } from '../audit/repository.ts';
import type { AuditContext } from '../audit/types.ts';
import { type DatabaseTarget, openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { runClubos } from '../test/cli.ts';
import { createEmptyPostgresDatabase, engines, withAdmin } from '../test/databases.ts';

const manager: AuditContext = { actor: { type: 'user', id: randomUUID(), label: 'manager@example.com' } };

const clubos = (args: string[], env: NodeJS.ProcessEnv) =>
  runClubos(args, { env: { LOG_LEVEL: 'silent', ...env } });

/** Appends rows the way the server would, then closes so the CLI can open the database itself. */
async function appendRows(target: DatabaseTarget, count: number): Promise<number[]> {
  const database = await openDatabase(target);
  try {
    await migrateDatabase(database);
    for (let i = 0; i < count; i += 1) {
      await database.db.transaction((tx) =>
        recordAudit(tx, manager, { action: 'bay.reset', targetType: 'bay', targetId: String(i) }),
      );
    }
    return (await readChainBatch(database.db, 0, 1000)).map((row) => row.id);
  } finally {
    await database.close();
  }
}

describe('clubos audit', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'clubos-audit-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('explains itself with --help, and shows help when no subcommand is given', async () => {
    const help = await clubos(['audit', '--help'], { CLUBOS_DATA_DIR: dataDir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/verify/);
    const verifyHelp = await clubos(['audit', 'verify', '--help'], { CLUBOS_DATA_DIR: dataDir });
    expect(verifyHelp.code).toBe(0);
    expect(verifyHelp.stdout).toMatch(/hash chain/);
    const bare = await clubos(['audit'], { CLUBOS_DATA_DIR: dataDir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/verify/);
    const unknown = await clubos(['audit', 'fix'], { CLUBOS_DATA_DIR: dataDir });
    expect(unknown.code).toBe(2);
  });

  describe.runIf(engines.includes('pglite'))('on PGlite', () => {
    it('reports an intact chain, then names the row edited behind the trigger', async () => {
      const env = { CLUBOS_DATA_DIR: path.join(dataDir, 'data') };
      const ids = await appendRows({ kind: 'pglite', dataDir: env.CLUBOS_DATA_DIR }, 4);
      const intact = await clubos(['audit', 'verify'], env);
      expect(intact).toEqual({ code: 0, stdout: 'Audit chain intact: 4 rows verified.\n', stderr: '' });

      const database = await openDatabase({ kind: 'pglite', dataDir: env.CLUBOS_DATA_DIR });
      try {
        await database.pglite?.exec(
          `alter table audit_log disable trigger user;
           update audit_log set target_id = 'other bay' where id = ${ids[2]};
           alter table audit_log enable trigger user;`,
        );
      } finally {
        await database.close();
      }
      const broken = await clubos(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toBe('');
      expect(broken.stderr).toBe(`Audit chain BROKEN at row ${ids[2]}: hash does not match content\n`);
    });
  });

  describe.runIf(engines.includes('postgres'))('on PostgreSQL', () => {
    it('reports an intact chain, then names the row a superuser edited', async () => {
      const postgres = await createEmptyPostgresDatabase();
      try {
        const env = { DATABASE_URL: postgres.url, CLUBOS_DATA_DIR: dataDir };
        // The command migrates an empty database first, so an empty chain is intact.
        expect(await clubos(['audit', 'verify'], env)).toMatchObject({
          code: 0,
          stdout: 'Audit chain intact: 0 rows verified.\n',
        });
        const ids = await appendRows({ kind: 'postgres', url: postgres.url }, 5);
        expect(await clubos(['audit', 'verify'], env)).toMatchObject({
          code: 0,
          stdout: 'Audit chain intact: 5 rows verified.\n',
        });

        await withAdmin(async (client) => {
          await client.query('set session_replication_role = replica');
          await client.query(`update audit_log set action = 'tampered' where id = $1`, [ids[3]]);
        }, postgres.url);
        const broken = await clubos(['audit', 'verify'], env);
        expect(broken.code).toBe(1);
        expect(broken.stderr).toBe(`Audit chain BROKEN at row ${ids[3]}: hash does not match content\n`);
      } finally {
        await postgres.drop();
      }
    });
  });
});
