import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BayActionKind, BayActionState } from '../../../shared/bays.ts';
import { bays, facilities } from './facilities.ts';
import { users } from './users.ts';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// What NinjaOne last told us about each bay's PC. Written only when something changes, so
// `updated_at` is when the board last had news about the bay, not when it was last polled.
export const bayStatus = pgTable('bay_status', {
  bayId: uuid('bay_id')
    .primaryKey()
    .references(() => bays.id, { onDelete: 'cascade' }),
  // null until a poll has seen the device.
  online: boolean('online'),
  lastSeenAt: time('last_seen_at'),
  // Set while offline, cleared when back: the board's "offline for 12 min".
  offlineSince: time('offline_since'),
  // Never cleared: a reboot counts as done once the device went offline after it and came back.
  lastOfflineAt: time('last_offline_at'),
  // When the bay last started needing attention; null when it does not. Alerts go out on the change.
  attentionSince: time('attention_since'),
  updatedAt: time('updated_at').notNull().defaultNow(),
});

// One row per staff request. The partial unique index is what makes "one action in flight per bay"
// hold across server instances; the unique idempotency key makes a double-click one request.
export const bayActions = pgTable(
  'bay_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bayId: uuid('bay_id')
      .notNull()
      .references(() => bays.id, { onDelete: 'cascade' }),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<BayActionKind>().notNull(),
    state: text('state').$type<BayActionState>().notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique('bay_actions_idempotency_key_unique'),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestedAt: time('requested_at').notNull(),
    // First time a dispatch job picked the action up.
    startedAt: time('started_at'),
    // When NinjaOne accepted the call; cooldowns and outcome tracking count from here.
    dispatchedAt: time('dispatched_at'),
    finishedAt: time('finished_at'),
    message: text('message'),
    // NinjaOne call attempts so far.
    attempts: integer('attempts').notNull().default(0),
    // A dispatch attempt holds this lease while it calls NinjaOne, so a duplicate job cannot call
    // too. A lease rather than a row lock: PGlite has one connection, which a lock would hold.
    leaseUntil: time('lease_until'),
  },
  (table) => [
    uniqueIndex('bay_actions_one_in_flight')
      .on(table.bayId)
      .where(sql`${table.state} in ('requested', 'running')`),
    index('bay_actions_bay_idx').on(table.bayId, table.requestedAt),
    check('bay_actions_kind_check', sql`${table.kind} in ('restart-sim', 'reboot-pc')`),
    check(
      'bay_actions_state_check',
      sql`${table.state} in ('requested', 'running', 'succeeded', 'failed', 'timedOut')`,
    ),
    check('bay_actions_idempotency_key_check', sql`char_length(${table.idempotencyKey}) between 8 and 100`),
  ],
);

export type BayStatusRow = typeof bayStatus.$inferSelect;
export type BayActionRow = typeof bayActions.$inferSelect;
