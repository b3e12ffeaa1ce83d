import type { OutboundStatus } from '../../shared/sms.ts';
import type { MessageRow } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';
import type { MessagingContext } from './context.ts';
import { parseEnvelope, type WebhookEnvelope } from './envelope.ts';
import { eventsAbout } from './eventRepository.ts';
import {
  lockMessageByProviderId,
  lockProviderMessageId,
  type MessageChanges,
  updateMessage,
} from './messageRepository.ts';
import { MESSAGE_UPDATED, publishMessage, publishThread } from './publish.ts';
import { isLater, statusOfEvent } from './statuses.ts';
import { findThread, updateThread } from './threadRepository.ts';

type StatusNews = { status: OutboundStatus; providerCreatedAt: Date | undefined };

/** Applies a message.sent / delivered / failed (or created / updated) webhook to our outbound message. */
export async function applyStatusEvent(
  tx: Tx,
  ctx: MessagingContext,
  envelope: WebhookEnvelope,
): Promise<string> {
  const { object } = envelope;
  if (object.direction === 'incoming') return 'ignored: a status of an inbound message';
  const status = statusOfEvent(envelope.type, object.status);
  if (!status) return `ignored: no delivery status in ${envelope.type}`;
  if (!object.id) return 'ignored: no message id';
  await lockProviderMessageId(tx, object.id);
  const message = await lockMessageByProviderId(tx, object.id);
  // Usually a send whose reply has not been recorded yet: recording it applies this event then.
  if (!message) return 'kept: no message has this OpenPhone id yet; applied when its send is recorded';
  return applyNews(tx, ctx, message, { status, providerCreatedAt: object.createdAt });
}

/**
 * Once a send has learned its OpenPhone id: applies the status webhooks that arrived before it did.
 * The caller holds lockProviderMessageId for the id.
 */
export async function applyEarlierStatuses(
  tx: Tx,
  ctx: MessagingContext,
  message: MessageRow,
): Promise<void> {
  if (!message.providerMessageId) return;
  const stored = await eventsAbout(tx, message.providerMessageId);
  let news: StatusNews | undefined;
  for (const event of stored) {
    const envelope = parseEnvelope(event.raw);
    const status = statusOfEvent(envelope.type, envelope.object.status);
    if (!status || envelope.object.direction === 'incoming') continue;
    if (!news || isLater(news.status, status))
      news = { status, providerCreatedAt: envelope.object.createdAt };
  }
  if (news) await applyNews(tx, ctx, message, news);
}

async function applyNews(
  tx: Tx,
  ctx: MessagingContext,
  message: MessageRow,
  news: StatusNews,
): Promise<string> {
  const changes: MessageChanges = {};
  // The provider's time orders the thread; it is learned from the first webhook that carries it.
  if (news.providerCreatedAt && !message.providerCreatedAt) {
    changes.providerCreatedAt = news.providerCreatedAt;
    changes.sortAt = news.providerCreatedAt;
  }
  const moves = isLater(message.status, news.status);
  if (moves) {
    const now = ctx.now();
    changes.status = news.status;
    if (news.status === 'delivered') changes.deliveredAt = now;
    if (news.status === 'failed')
      changes.lastError = 'OpenPhone could not deliver this text to the customer.';
  }
  if (Object.keys(changes).length === 0) return `kept ${message.status}: ${news.status} is not news`;
  await updateMessage(tx, message.id, changes);
  // Row locks before the event's global lock (publish), so this never waits on a thread holding it.
  const where = await findThread(tx, message.threadId);
  const nowFailed = moves && news.status === 'failed' && where && !where.thread.needsHumanSince;
  if (nowFailed)
    await updateThread(tx, message.threadId, { needsHumanSince: ctx.now(), updatedAt: ctx.now() });
  await publishMessage(tx, MESSAGE_UPDATED, message.id);
  if (nowFailed || where?.thread.lastMessageId === message.id) await publishThread(tx, message.threadId);
  return moves ? `${message.status} → ${news.status}` : `kept ${message.status}; learned the provider time`;
}
