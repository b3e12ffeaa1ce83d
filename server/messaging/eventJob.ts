import type { Tx } from '../db/types.ts';
import { replyToKeyword } from './complianceReplies.ts';
import type { MessagingContext } from './context.ts';
import { parseEnvelope, type WebhookEnvelope } from './envelope.ts';
import { lockEvent, markProcessed } from './eventRepository.ts';
import { lockMessageByProviderId } from './messageRepository.ts';
import { isMissedCall, textMissedCall } from './missedCall.ts';
import { applyStatusEvent } from './statusEvents.ts';

export type EventOutcome = { kind: 'skipped'; reason: string } | { kind: 'processed'; outcome: string };

/**
 * Handles one stored webhook event, exactly once: the event row is locked, the work and
 * `processed_at` commit together, and a processed event is skipped. Every effect is a database
 * write (sends go through the outbox), so nothing here waits on OpenPhone.
 */
export async function runEvent(ctx: MessagingContext, webhookEventId: number): Promise<EventOutcome> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockEvent(tx, webhookEventId);
    if (!row) return { kind: 'skipped', reason: 'no such event' };
    if (row.processedAt) return { kind: 'skipped', reason: 'already processed' };
    const envelope = parseEnvelope(row.raw);
    const outcome = await handle(tx, ctx, row, envelope);
    await markProcessed(tx, row.id, outcome, ctx.now());
    return { kind: 'processed', outcome };
  });
}

/** A keyword gets its compliance reply; any other text goes to whoever listens (the AI). */
async function receiveCustomerText(tx: Tx, ctx: MessagingContext, envelope: WebhookEnvelope) {
  const outcome = await replyToKeyword(tx, ctx, envelope);
  const handler = ctx.customerMessages.handler;
  if (outcome !== 'received' || !handler || !envelope.object.id) return outcome;
  const message = await lockMessageByProviderId(tx, envelope.object.id);
  return message ? `received; ${await handler(tx, message)}` : outcome;
}

function handle(tx: Tx, ctx: MessagingContext, row: { eventId: string }, envelope: WebhookEnvelope) {
  if (envelope.type === 'message.received') return receiveCustomerText(tx, ctx, envelope);
  if (envelope.type.startsWith('message.')) return applyStatusEvent(tx, ctx, envelope);
  if (isMissedCall(envelope)) return textMissedCall(tx, ctx, row, envelope);
  // Kept in webhook_events for whoever needs it later (call summaries, transcripts, contacts).
  return Promise.resolve(`kept: ${envelope.type} is not handled`);
}
