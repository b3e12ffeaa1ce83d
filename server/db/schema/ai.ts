import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Agent } from '../../../shared/agents.ts';
import { facilities } from './facilities.ts';
import { messages, threads } from './messaging.ts';
import { users } from './users.ts';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type AgentMode = 'shadow' | 'draft' | 'auto';
export type AiRunKind = 'safety' | 'reply';
export type AiRunState = 'shadow' | 'draft' | 'sent' | 'discarded' | 'handed_off' | 'skipped';
export type AiRouteVia = 'rules' | 'llm' | 'offline';
/** One SOP section an answer stood on, as it was when the answer was written. */
export type SopReference = {
  sectionId: string;
  documentId: string;
  path: string;
  heading: string;
  version: number;
};
/** The Tech Support agent's reset offer, and what became of it. */
export type ResetOffer = {
  bayId: string;
  bayNumber: number;
  state: 'offered' | 'confirmed' | 'declined' | 'expired' | 'refused';
  actionId: string | null;
  outcome: string | null;
};

const agentCheck = (column: unknown) => sql`${column} in ('emergency', 'booking', 'tech_support', 'brand')`;

// How each agent answers at each facility. A missing row means the default, `draft`.
export const aiAgentModes = pgTable(
  'ai_agent_modes',
  {
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    agent: text('agent').$type<Agent>().notNull(),
    mode: text('mode').$type<AgentMode>().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.facilityId, table.agent] }),
    check('ai_agent_modes_agent_check', agentCheck(table.agent)),
    check('ai_agent_modes_mode_check', sql`${table.mode} in ('shadow', 'draft', 'auto')`),
  ],
);

// The kill switches and budgets. `facility_id` null is the one global row; a missing row is "off".
export const aiControls = pgTable(
  'ai_controls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .unique('ai_controls_facility_unique')
      .references(() => facilities.id, { onDelete: 'cascade' }),
    // 1 on the global row only, so a unique index allows exactly one (NULL facility ids are distinct).
    globalRow: smallint('global_row').unique('ai_controls_global_unique'),
    killSwitch: boolean('kill_switch').notNull().default(false),
    // USD per day in the facility's timezone; null uses CLUBOS_AI_DAILY_BUDGET_USD.
    dailyBudgetUsd: numeric('daily_budget_usd', { precision: 10, scale: 2, mode: 'number' }),
    // The facility-local day managers were last told the budget ran out: one alert per day.
    budgetAlertedOn: date('budget_alerted_on', { mode: 'string' }),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check(
      'ai_controls_scope_check',
      sql`(${table.facilityId} is null) = (${table.globalRow} is not null) and coalesce(${table.globalRow}, 1) = 1`,
    ),
  ],
);

// One AI answer to a customer (or the fixed emergency reply), with everything needed to judge it:
// the route, the SOP sections and versions it stood on, the model, tokens, cost and latency. A run
// is keyed by the message that triggered it, so a retried job finds its run instead of answering twice.
export const aiRuns = pgTable(
  'ai_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    triggerMessageId: uuid('trigger_message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<AiRunKind>().notNull(),
    state: text('state').$type<AiRunState>().notNull(),
    // The customer text the run answered (the burst, joined), kept for feedback export and evals.
    query: text('query').notNull(),
    via: text('via').$type<AiRouteVia>().notNull(),
    agent: text('agent').$type<Agent>().notNull(),
    emergency: boolean('emergency').notNull().default(false),
    routeConfidence: real('route_confidence'),
    mode: text('mode').$type<AgentMode>(),
    // What the agent wrote; `final_body` is what was sent when staff edited it first.
    body: text('body'),
    finalBody: text('final_body'),
    // Why this is a draft, a hand-off or a skip, in words staff can act on.
    reason: text('reason'),
    replyMessageId: uuid('reply_message_id').references(() => messages.id, { onDelete: 'set null' }),
    sopRefs: jsonb('sop_refs').$type<SopReference[]>().notNull().default(sql`'[]'::jsonb`),
    model: text('model'),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    cachedTokens: integer('cached_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    costUsd: numeric('cost_usd', { precision: 12, scale: 6, mode: 'number' }).notNull().default(0),
    latencyMs: integer('latency_ms'),
    resetOffer: jsonb('reset_offer').$type<ResetOffer>(),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: time('decided_at'),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (table) => [
    unique('ai_runs_trigger_kind_unique').on(table.triggerMessageId, table.kind),
    index('ai_runs_thread_idx').on(table.threadId, table.createdAt),
    index('ai_runs_facility_idx').on(table.facilityId, table.createdAt),
    // The thread view joins its AI messages to their runs for provenance.
    index('ai_runs_reply_message_idx').on(table.replyMessageId),
    // "Which replies stood on this SOP version": sop_refs @> '[{"documentId": …, "version": …}]'.
    index('ai_runs_sop_refs_idx').using('gin', sql`${table.sopRefs} jsonb_path_ops`),
    check('ai_runs_kind_check', sql`${table.kind} in ('safety', 'reply')`),
    check(
      'ai_runs_state_check',
      sql`${table.state} in ('shadow', 'draft', 'sent', 'discarded', 'handed_off', 'skipped')`,
    ),
    check('ai_runs_agent_check', agentCheck(table.agent)),
    check('ai_runs_via_check', sql`${table.via} in ('rules', 'llm', 'offline')`),
  ],
);

// Token accounting for every model call, successful or not: budgets are summed from here.
export const aiModelCalls = pgTable(
  'ai_model_calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    facilityId: uuid('facility_id').references(() => facilities.id, { onDelete: 'cascade' }),
    runId: uuid('run_id').references(() => aiRuns.id, { onDelete: 'set null' }),
    // classify, reply, judge, analysis…
    purpose: text('purpose').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    cachedTokens: integer('cached_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    costUsd: numeric('cost_usd', { precision: 12, scale: 6, mode: 'number' }).notNull().default(0),
    latencyMs: integer('latency_ms').notNull(),
    ok: boolean('ok').notNull(),
    error: text('error'),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (table) => [index('ai_model_calls_facility_idx').on(table.facilityId, table.createdAt)],
);

export type FeedbackSource = 'staff' | 'customer' | 'edit';

// "Unhelpful" marks on AI answers: from staff (with a reason and maybe a corrected answer), from the
// customer ("that didn't help"), or implied when staff edit a draft before sending it.
export const aiFeedback = pgTable(
  'ai_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => aiRuns.id, { onDelete: 'cascade' }),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    source: text('source').$type<FeedbackSource>().notNull(),
    rating: text('rating', { enum: ['unhelpful'] })
      .notNull()
      .default('unhelpful'),
    reason: text('reason').notNull(),
    correction: text('correction'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    // Set once the SOP analysis has read it, so it is sent to the analyst once.
    analysedAt: time('analysed_at'),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (table) => [
    index('ai_feedback_created_idx').on(table.createdAt),
    index('ai_feedback_run_idx').on(table.runId),
    check('ai_feedback_source_check', sql`${table.source} in ('staff', 'customer', 'edit')`),
  ],
);

export type AiAgentModeRow = typeof aiAgentModes.$inferSelect;
export type AiControlsRow = typeof aiControls.$inferSelect;
export type AiRunRow = typeof aiRuns.$inferSelect;
export type AiModelCallRow = typeof aiModelCalls.$inferSelect;
export type AiFeedbackRow = typeof aiFeedback.$inferSelect;
