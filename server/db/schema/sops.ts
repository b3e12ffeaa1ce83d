import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  customType,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Agent } from '../../../shared/agents.ts';
import { users } from './users.ts';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export type SopVersionSource = 'import' | 'edit' | 'proposal' | 'rollback';

// One SOP file, by its path under sops/ ("booking/door-access.md"). The files are only the seed:
// after the first import the database is the source of truth, and `current_version_id` is what the
// agents read. Rolling back moves that pointer to a new version holding old content.
export const sopDocuments = pgTable(
  'sop_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    path: text('path').notNull().unique('sop_documents_path_unique'),
    agent: text('agent').$type<Agent>().notNull(),
    title: text('title').notNull(),
    currentVersionId: uuid('current_version_id').references((): AnyPgColumn => sopVersions.id),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check(
      'sop_documents_agent_check',
      sql`${table.agent} in ('emergency', 'booking', 'tech_support', 'brand')`,
    ),
  ],
);

// Every version ever live (or proposed and approved). Never updated or deleted: provenance points here.
export const sopVersions = pgTable(
  'sop_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => sopDocuments.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    contentHash: text('content_hash').notNull(),
    source: text('source').$type<SopVersionSource>().notNull(),
    // What changed, in words (an import, an edit's summary, a rollback's target).
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    // Set on versions an approval wrote: who approved it and which proposal it was. No foreign key to
    // sop_proposals (that table points here already); the id stays readable if a proposal is purged.
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    proposalId: uuid('proposal_id'),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (table) => [
    unique('sop_versions_document_version_unique').on(table.documentId, table.version),
    check('sop_versions_source_check', sql`${table.source} in ('import', 'edit', 'proposal', 'rollback')`),
  ],
);

// A version split at its `##` headings, indexed for full-text search. Sections belong to a version, so
// an answer's provenance (section + version) stays true after the SOP changes.
export const sopSections = pgTable(
  'sop_sections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => sopVersions.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => sopDocuments.id, { onDelete: 'cascade' }),
    agent: text('agent').$type<Agent>().notNull(),
    ordinal: integer('ordinal').notNull(),
    heading: text('heading').notNull(),
    body: text('body').notNull(),
    // Headings weigh more than body text. 'english' stems on PostgreSQL 15 and PGlite alike.
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`setweight(to_tsvector('english', ${sopSections.heading}), 'A') || setweight(to_tsvector('english', ${sopSections.body}), 'B')`,
      ),
  },
  (table) => [
    index('sop_sections_search_idx').using('gin', table.search),
    index('sop_sections_version_idx').on(table.versionId, table.ordinal),
  ],
);

export type SopDocumentRow = typeof sopDocuments.$inferSelect;
export type SopVersionRow = typeof sopVersions.$inferSelect;
export type SopSectionRow = typeof sopSections.$inferSelect;
