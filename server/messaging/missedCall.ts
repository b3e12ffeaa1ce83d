import type { Tx } from '../db/types.ts';
import type { MessagingContext } from './context.ts';
import type { WebhookEnvelope } from './envelope.ts';
import { enqueueSend } from './outbox.ts';
import { messagingSettings } from './settings.ts';
import { facilityByNumber, updateContact, upsertContact, upsertThread } from './threadRepository.ts';

/** `call.missed`, or a `call.completed` inbound call nobody answered (`answeredAt: null`). */
export function isMissedCall(envelope: WebhookEnvelope): boolean {
  if (envelope.type === 'call.missed') return true;
  if (envelope.type !== 'call.completed') return false;
  const { object } = envelope;
  if (object.direction !== 'incoming') return false;
  return object.answered === false || object.status === 'missed' || object.status === 'no-answer';
}

/**
 * Texts a caller nobody answered, at most once per number per interval (per facility setting, else
 * CLUBOS_MISSED_CALL_TEXT_INTERVAL_MINUTES). The contact's row lock makes two missed calls at once
 * send one text. An auto-text is business-initiated, so the outbox holds it until quiet hours end.
 */
export async function textMissedCall(
  tx: Tx,
  ctx: MessagingContext,
  event: { eventId: string },
  envelope: WebhookEnvelope,
): Promise<string> {
  const customer = envelope.object.from;
  const facility = await facilityByNumber(tx, envelope.object.to);
  if (!facility?.phoneNumber || !customer) return 'ignored: not a call to a facility number';
  const now = ctx.now();
  const contact = await upsertContact(tx, facility.id, customer, now);
  if (contact.optedOutAt) return 'not texted: the number has opted out';
  const settings = messagingSettings(facility);
  const intervalMs = settings.missedCallTextIntervalMs ?? ctx.settings.missedCallTextIntervalMs;
  const last = contact.lastMissedCallTextAt;
  if (last && now.getTime() - last.getTime() < intervalMs) {
    return `not texted: already texted at ${last.toISOString()}`;
  }
  await updateContact(tx, contact.id, { lastMissedCallTextAt: now, updatedAt: now });
  const thread = await upsertThread(
    tx,
    {
      facilityId: facility.id,
      contactId: contact.id,
      facilityNumber: facility.phoneNumber,
      customerNumber: customer,
    },
    now,
  );
  const { message } = await enqueueSend(tx, ctx, {
    threadId: thread.id,
    body: settings.missedCallText,
    kind: 'missed_call',
    idempotencyKey: `missed_call:${event.eventId}`,
  });
  return message.nextAttemptAt
    ? `auto-text queued for ${message.nextAttemptAt.toISOString()} (quiet hours)`
    : 'auto-text queued';
}
