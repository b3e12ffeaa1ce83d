import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Append-only and hash-chained: a trigger (see the audit_append_only migration) refuses UPDATE,
// DELETE and TRUNCATE, and `hash` covers `prev_hash` plus this row's canonical content.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    actorType: text('actor_type', { enum: ['user', 'ai', 'system'] }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    // No foreign key: audit rows must outlive whatever they describe.
    facilityId: uuid('facility_id'),
    requestId: text('request_id'),
    ip: text('ip'),
    device: text('device'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    index('audit_log_facility_idx').on(table.facilityId, table.id),
    index('audit_log_action_idx').on(table.action, table.id),
    index('audit_log_occurred_idx').on(table.occurredAt),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
