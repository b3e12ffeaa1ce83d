import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ThreadStatus } from '../../../shared/sms.ts';
import type { MessageKind, MessageStatus } from '../../../shared/threads.ts';
import { facilities } from './facilities.ts';
import { users } from './users.ts';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// A customer as one facility knows them. Opt-out is per facility number (the only number that ever
// texted them), and is checked by the outbox on every send.
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    name: text('name'),
    optedOutAt: time('opted_out_at'),
    optedInAt: time('opted_in_at'),
    // Written under the contact's row lock, so two missed calls at once still send one auto-text.
    lastMissedCallTextAt: time('last_missed_call_text_at'),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [unique('contacts_facility_phone_unique').on(table.facilityId, table.phone)],
);

// One conversation per (facility number, customer number), whatever happens to either side.
export const threads = pgTable(
  'threads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    facilityNumber: text('facility_number').notNull(),
    customerNumber: text('customer_number').notNull(),
    status: text('status').$type<ThreadStatus>().notNull().default('open'),
    assignedTo: uuid('assigned_to').references(() => users.id, { onDelete: 'set null' }),
    aiPausedUntil: time('ai_paused_until'),
    snoozedUntil: time('snoozed_until'),
    // Set when the customer is waiting on a person (a message nobody answered, a failed send).
    needsHumanSince: time('needs_human_since'),
    // Counts inbound messages. A reader's marker stores the count it has seen, so unread is one
    // subtraction: always right, and never a count over messages.
    inboundCount: integer('inbound_count').notNull().default(0),
    lastMessageId: uuid('last_message_id'),
    lastActivityAt: time('last_activity_at').notNull(),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    unique('threads_numbers_unique').on(table.facilityNumber, table.customerNumber),
    // The inbox's keyset paging: newest activity first, id as the tie-breaker.
    index('threads_facility_activity_idx').on(table.facilityId, table.lastActivityAt.desc(), table.id.desc()),
    index('threads_activity_idx').on(table.lastActivityAt.desc(), table.id.desc()),
    index('threads_assigned_idx').on(table.assignedTo),
    check('threads_status_check', sql`${table.status} in ('open', 'pending', 'resolved', 'snoozed')`),
  ],
);

// Inbound and outbound messages. An outbound row is also its outbox entry: the send worker claims it
// with a lease, and its idempotency key makes a repeated request the same message.
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Insertion order: breaks ties between equal provider times and pages the thread view.
    seq: bigserial('seq', { mode: 'number' }).notNull().unique('messages_seq_unique'),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    kind: text('kind').$type<MessageKind>().notNull(),
    body: text('body').notNull(),
    // Plain UNIQUE: PostgreSQL treats NULLs as distinct, so queued messages without an id coexist.
    providerMessageId: text('provider_message_id').unique('messages_provider_message_id_unique'),
    providerCreatedAt: time('provider_created_at'),
    // The provider's createdAt when known, else when we created the row: what the thread is ordered by.
    sortAt: time('sort_at').notNull(),
    status: text('status').$type<MessageStatus>().notNull(),
    sentByUserId: uuid('sent_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    idempotencyKey: text('idempotency_key').unique('messages_idempotency_key_unique'),
    // The inbound message's position among the thread's inbound messages (1, 2, …), for read markers.
    inboundOrdinal: integer('inbound_ordinal'),
    // What intake did about an opt-out, opt-in or HELP keyword; the event job replies to it once.
    complianceAction: text('compliance_action', { enum: ['opted_out', 'opted_in', 'help'] }),
    // OpenPhone calls made for this send (sends and reconciling lookups).
    attempts: integer('attempts').notNull().default(0),
    // Set before each send call and cleared once its outcome is known. Still set at the next attempt
    // means the last call may have gone through (a timeout, a crash): look it up before sending again.
    outcomeUnknown: boolean('outcome_unknown').notNull().default(false),
    nextAttemptAt: time('next_attempt_at'),
    // A send attempt holds this while it calls OpenPhone. A lease, not a row lock: PGlite has one
    // connection, which a lock held across the call would block.
    leaseUntil: time('lease_until'),
    lastAttemptAt: time('last_attempt_at'),
    lastError: text('last_error'),
    deadLetteredAt: time('dead_lettered_at'),
    sentAt: time('sent_at'),
    deliveredAt: time('delivered_at'),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (table) => [
    index('messages_thread_order_idx').on(table.threadId, table.sortAt, table.seq),
    check('messages_direction_check', sql`${table.direction} in ('inbound', 'outbound')`),
    check(
      'messages_status_check',
      sql`${table.status} in ('received', 'queued', 'sending', 'sent', 'delivered', 'failed')`,
    ),
    // OpenPhone's limit applies to what we send; an inbound body is whatever arrived (even empty, for media).
    check(
      'messages_body_check',
      sql`${table.direction} = 'inbound' or char_length(${table.body}) between 1 and 1600`,
    ),
  ],
);

// Every verified webhook, kept as received. `event_id` (the body's id) and `delivery_id` (Standard
// Webhooks' webhook-id) are both unique, so a redelivery under either is recognised.
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: text('event_id').notNull().unique('webhook_events_event_id_unique'),
    deliveryId: text('delivery_id').unique('webhook_events_delivery_id_unique'),
    scheme: text('scheme', { enum: ['legacy', 'standard'] }).notNull(),
    type: text('type').notNull(),
    // The OpenPhone object the event is about (a message or call id): status events wait here for
    // the send that will learn that id.
    subjectId: text('subject_id'),
    raw: jsonb('raw').notNull(),
    receivedAt: time('received_at').notNull().defaultNow(),
    processedAt: time('processed_at'),
    // What processing did, in words, for whoever reads the table later.
    outcome: text('outcome'),
  },
  (table) => [index('webhook_events_subject_idx').on(table.subjectId)],
);

export const threadNotes = pgTable(
  'thread_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (table) => [index('thread_notes_thread_idx').on(table.threadId, table.createdAt)],
);

// How far each staff member has read each thread; unread = threads.inbound_count - read_inbound_count.
export const threadReads = pgTable(
  'thread_reads',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    readInboundCount: integer('read_inbound_count').notNull().default(0),
    lastReadMessageId: uuid('last_read_message_id'),
    readAt: time('read_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.threadId] })],
);

// The shared send-rate limit: one row per API key (a hash, never the key), holding the next free
// send slot. Every instance reserves slots with one atomic UPDATE, so together they keep the limit.
export const sendRateLimits = pgTable('send_rate_limits', {
  key: text('key').primaryKey(),
  nextSlotAt: time('next_slot_at').notNull(),
});

export type ContactRow = typeof contacts.$inferSelect;
export type ThreadRow = typeof threads.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type WebhookEventRow = typeof webhookEvents.$inferSelect;
export type ThreadNoteRow = typeof threadNotes.$inferSelect;
