import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Agent } from '../../../shared/agents.ts';
import { facilities } from './facilities.ts';
import { sopDocuments, sopVersions } from './sops.ts';
import { users } from './users.ts';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Where a proposed SOP change came from. */
export type ProposalSource = 'claude' | 'correction' | 'manager_edit';

/**
 * A proposal's life. Only `pending_review` and `blocked_by_eval` reach a manager; nothing is live
 * until `approved`, which writes a new SOP version.
 */
export type ProposalStatus =
  | 'guardrail_rejected'
  | 'evaluating'
  | 'pending_review'
  | 'blocked_by_eval'
  | 'approved'
  | 'rejected'
  | 'superseded';

export type GuardrailRefusalRecord = { rule: string; reason: string };

// A proposed change to one SOP file: Claude's, the offline path's (a staff correction), or a
// manager's direct edit. The partial unique index is "at most one open proposal per SOP", enforced
// by the database across server instances; `diff_key` finds duplicates of open or rejected ones.
export const sopProposals = pgTable(
  'sop_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sopPath: text('sop_path').notNull(),
    agent: text('agent').$type<Agent>().notNull(),
    // Null when the proposal adds a new file.
    documentId: uuid('document_id').references(() => sopDocuments.id, { onDelete: 'cascade' }),
    // The version it was written against; approval refuses if the SOP moved on since.
    baseVersionId: uuid('base_version_id').references(() => sopVersions.id, { onDelete: 'set null' }),
    source: text('source').$type<ProposalSource>().notNull(),
    status: text('status').$type<ProposalStatus>().notNull(),
    summary: text('summary').notNull(),
    rationale: text('rationale').notNull(),
    // Feedback ids (interaction ids) the proposal cites.
    evidence: jsonb('evidence').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    newContent: text('new_content').notNull(),
    diffKey: text('diff_key').notNull(),
    changedLines: integer('changed_lines').notNull().default(0),
    refusals: jsonb('refusals').$type<GuardrailRefusalRecord[]>().notNull().default(sql`'[]'::jsonb`),
    evalReport: jsonb('eval_report'),
    model: text('model'),
    costUsd: numeric('cost_usd', { precision: 12, scale: 6, mode: 'number' }).notNull().default(0),
    // What the eval gate's model judge cost (0 with the offline rubric); shown beside costUsd.
    evalCostUsd: numeric('eval_cost_usd', { precision: 12, scale: 6, mode: 'number' }).notNull().default(0),
    // Which facility's feedback it came from, when one (analysis can run per facility).
    facilityId: uuid('facility_id').references(() => facilities.id, { onDelete: 'set null' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: time('decided_at'),
    decisionReason: text('decision_reason'),
    // Set when a manager approved despite a failed eval; audited.
    overrideReason: text('override_reason'),
    appliedVersionId: uuid('applied_version_id').references(() => sopVersions.id, { onDelete: 'set null' }),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('sop_proposals_one_open_per_sop')
      .on(table.sopPath)
      .where(sql`${table.status} in ('evaluating', 'pending_review', 'blocked_by_eval')`),
    index('sop_proposals_diff_key_idx').on(table.diffKey),
    index('sop_proposals_status_idx').on(table.status, table.createdAt),
    check(
      'sop_proposals_status_check',
      sql`${table.status} in ('guardrail_rejected', 'evaluating', 'pending_review', 'blocked_by_eval', 'approved', 'rejected', 'superseded')`,
    ),
    check('sop_proposals_source_check', sql`${table.source} in ('claude', 'correction', 'manager_edit')`),
  ],
);

export type SopProposalRow = typeof sopProposals.$inferSelect;

export type QualityAlertState = 'open' | 'rolled_back' | 'dismissed';

// "Replies on the new version are flagged more often than on the old one": raised once per SOP
// version by the quality watch, shown to managers with a one-click rollback until someone acts.
export const sopQualityAlerts = pgTable(
  'sop_quality_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => sopDocuments.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => sopVersions.id, { onDelete: 'cascade' }),
    // The version it is compared with (the one current before it), and the version a rollback restores.
    previousVersionId: uuid('previous_version_id')
      .notNull()
      .references(() => sopVersions.id, { onDelete: 'cascade' }),
    replies: integer('replies').notNull(),
    flagged: integer('flagged').notNull(),
    previousReplies: integer('previous_replies').notNull(),
    previousFlagged: integer('previous_flagged').notNull(),
    state: text('state').$type<QualityAlertState>().notNull().default('open'),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: time('resolved_at'),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (table) => [
    unique('sop_quality_alerts_version_unique').on(table.versionId),
    index('sop_quality_alerts_state_idx').on(table.state, table.createdAt),
    check('sop_quality_alerts_state_check', sql`${table.state} in ('open', 'rolled_back', 'dismissed')`),
  ],
);

export type SopQualityAlertRow = typeof sopQualityAlerts.$inferSelect;
