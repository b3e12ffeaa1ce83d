import { recordAudit } from '../audit/record.ts';
import type { ContactRow } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';
import { classifyKeyword } from './compliance.ts';
import { type MessagingContext, messagingActor } from './context.ts';
import type { WebhookEnvelope } from './envelope.ts';
import { insertMessage } from './messageRepository.ts';
import { MESSAGE_CREATED, publishMessage, publishThread } from './publish.ts';
import {
  facilityByNumber,
  updateContact,
  updateThread,
  upsertContact,
  upsertThread,
} from './threadRepository.ts';
import { statusAfterInbound } from './threadStatus.ts';

type ComplianceAction = 'opted_out' | 'opted_in' | 'help';

/**
 * A customer's text, written in the webhook's own transaction: the message in its thread (created or
 * reopened), and an opt-out or opt-in recorded at once, before the webhook is acknowledged. Replies
 * (the one confirmation, HELP) are the event job's, so a retried job cannot send them twice.
 */
export async function receiveMessage(
  tx: Tx,
  ctx: MessagingContext,
  envelope: WebhookEnvelope,
): Promise<void> {
  const { object } = envelope;
  const facility = await facilityByNumber(tx, object.to);
  const customer = object.from;
  if (!facility?.phoneNumber || !customer || !object.id) return;
  const now = ctx.now();
  // Contact before thread, everywhere: one lock order, no deadlocks between concurrent webhooks.
  const contact = await upsertContact(tx, facility.id, customer, now);
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
  const keyword = classifyKeyword(object.body);
  const action = complianceAction(keyword, contact);
  const ordinal = thread.inboundCount + 1;
  const message = await insertMessage(tx, {
    threadId: thread.id,
    facilityId: facility.id,
    direction: 'inbound',
    kind: 'customer',
    body: object.body,
    providerMessageId: object.id,
    providerCreatedAt: object.createdAt ?? null,
    sortAt: object.createdAt ?? now,
    status: 'received',
    inboundOrdinal: ordinal,
    complianceAction: action,
    createdAt: now,
  });
  // The same message under another event id: already in the thread.
  if (!message) return;

  if (action === 'opted_out' || action === 'opted_in') {
    const changes: Partial<ContactRow> =
      action === 'opted_out'
        ? { optedOutAt: now, updatedAt: now }
        : { optedOutAt: null, optedInAt: now, updatedAt: now };
    await updateContact(tx, contact.id, changes);
    await recordAudit(tx, messagingActor, {
      action: action === 'opted_out' ? 'contact.opted_out' : 'contact.opted_in',
      targetType: 'contact',
      targetId: contact.id,
      facilityId: facility.id,
      after: { phone: customer, messageId: message.id, text: object.body.slice(0, 160) },
    });
  }
  await updateThread(tx, thread.id, {
    inboundCount: ordinal,
    lastMessageId: message.id,
    lastActivityAt: now,
    status: statusAfterInbound(thread.status),
    snoozedUntil: null,
    // Keywords are handled automatically (a repeated STOP too); anything else is the customer waiting on us.
    needsHumanSince:
      action || keyword === 'opt_out' ? thread.needsHumanSince : (thread.needsHumanSince ?? now),
    updatedAt: now,
  });
  await publishMessage(tx, MESSAGE_CREATED, message.id);
  await publishThread(tx, thread.id);
}

/**
 * What a keyword changes. An opt-in word only counts from someone opted out ("yes" is usually just
 * yes), and a second STOP changes nothing, so the confirmation goes out once.
 */
function complianceAction(
  keyword: ReturnType<typeof classifyKeyword>,
  contact: ContactRow,
): ComplianceAction | null {
  switch (keyword) {
    case 'opt_out':
      return contact.optedOutAt ? null : 'opted_out';
    case 'opt_in':
      return contact.optedOutAt ? 'opted_in' : null;
    case 'help':
      return 'help';
    case null:
      return null;
    default: {
      const unreachable: never = keyword;
      throw new Error(`unknown keyword ${String(unreachable)}`);
    }
  }
}
