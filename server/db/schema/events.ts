import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// The durable side of the live event bus. Rows are inserted in the same transaction as the change
// they announce; NOTIFY only wakes listeners, who then read rows past their high-water mark.
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    facilityId: uuid('facility_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('events_facility_idx').on(table.facilityId, table.id)],
);

export type EventRow = typeof events.$inferSelect;
