import { type OutboundStatus, outboundStatuses } from '../../shared/sms.ts';
import type { MessageStatus } from '../../shared/threads.ts';

// Delivery statuses only move forward (outboundStatuses is in that order; `failed` is final), so
// status webhooks may arrive in any order, or twice, and the message still ends in the right state.

/** True when `next` is further along than `current`. */
export function isLater(current: MessageStatus, next: OutboundStatus): boolean {
  if (current === 'received') return false;
  return outboundStatuses.indexOf(next) > outboundStatuses.indexOf(current);
}

export function latest(statuses: OutboundStatus[], from: OutboundStatus): OutboundStatus {
  return statuses.reduce((best, status) => (isLater(best, status) ? status : best), from);
}

/** OpenPhone's word for a message's state, in ours; undefined for words that say nothing new. */
export function fromProviderStatus(status: string | undefined): OutboundStatus | undefined {
  switch (status?.toLowerCase()) {
    // Accepted by OpenPhone but not yet handed to the carrier.
    case 'queued':
    case 'accepted':
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'failed':
    case 'undelivered':
      return 'failed';
    default:
      return undefined;
  }
}

/** The status a webhook of this type reports, if it reports one. */
export function statusOfEvent(type: string, objectStatus: string | undefined): OutboundStatus | undefined {
  switch (type) {
    case 'message.sent':
      return 'sent';
    case 'message.delivered':
      return 'delivered';
    case 'message.failed':
      return 'failed';
    case 'message.created':
    case 'message.updated':
      return fromProviderStatus(objectStatus);
    default:
      return undefined;
  }
}
