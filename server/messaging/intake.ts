import { createHash } from 'node:crypto';
import type { SignatureScheme } from '../integrations/openphone/webhookSignature.ts';
import type { MessagingContext } from './context.ts';
import { parseEnvelope } from './envelope.ts';
import { insertEvent } from './eventRepository.ts';
import { receiveMessage } from './inbound.ts';
import { EVENT_QUEUE, type EventJob } from './jobs.ts';

export type IntakeResult = { duplicate: boolean; webhookEventId: number | undefined };

/**
 * A verified webhook, made durable: the raw event, the inbound message (for message.received) and
 * the job that handles the rest, in ONE transaction. The caller acknowledges only after it commits.
 * A redelivery (same event id or webhook-id) finds the event stored and changes nothing.
 */
export async function intakeWebhook(
  ctx: MessagingContext,
  input: { json: unknown; rawBody: Buffer; scheme: SignatureScheme; deliveryId: string | null },
): Promise<IntakeResult> {
  const jobs = ctx.jobs;
  if (!jobs) throw new Error('webhook intake needs the job queue');
  const envelope = parseEnvelope(input.json);
  // Without an event id, a delivery id still dedupes; without either, identical bytes do.
  const eventId =
    envelope.eventId ??
    (input.deliveryId
      ? `delivery:${input.deliveryId}`
      : `sha256:${createHash('sha256').update(input.rawBody).digest('hex')}`);
  return ctx.db.transaction(async (tx) => {
    const webhookEventId = await insertEvent(tx, {
      eventId,
      deliveryId: input.deliveryId,
      scheme: input.scheme,
      type: envelope.type,
      subjectId: envelope.object.id ?? null,
      raw: input.json ?? {},
      receivedAt: ctx.now(),
    });
    if (webhookEventId === undefined) return { duplicate: true, webhookEventId: undefined };
    if (envelope.type === 'message.received') await receiveMessage(tx, ctx, envelope);
    const job: EventJob = { webhookEventId };
    await jobs.send(EVENT_QUEUE, job, { deleteAfterSeconds: 3_600 }, tx);
    return { duplicate: false, webhookEventId };
  });
}
