import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

export type Schema = typeof schema;

/**
 * The raw-result shape both drivers share: node-postgres and PGlite each return `{ rows }`, but their
 * row counts differ (`rowCount` vs `affectedRows`), so code relies on `.returning()` instead.
 */
export type RowsResult<Row> = { rows: Row[] };

export interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsResult<this['row']>;
}

/** The drizzle database, whichever engine is underneath (node-postgres or PGlite). */
export type Db = PgDatabase<RowsResultHKT, Schema>;
export type Tx = PgTransaction<RowsResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repositories accept either, so a service decides where the transaction boundary is. */
export type Executor = Db | Tx;
