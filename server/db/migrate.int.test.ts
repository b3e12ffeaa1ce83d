import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../test/databases.ts';
import { migrateDatabase } from './migrate.ts';

describe.each(engines)('migrations on %s', (engine) => {
  it('apply cleanly to an empty database and are idempotent', async () => {
    const database = await createTestDatabase(engine);
    try {
      await migrateDatabase(database.handle);
      const result = await database.handle.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      expect(result.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(['audit_log', 'bays', 'events', 'facilities', 'sessions', 'users']),
      );
    } finally {
      await database.drop();
    }
  });
});
