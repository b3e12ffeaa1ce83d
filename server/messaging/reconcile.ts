import type { Db } from '../db/types.ts';
import type { OpenPhoneApi, OpenPhoneMessage } from '../integrations/openphone/types.ts';
import { takenProviderIds } from './messageRepository.ts';

// OpenPhone has no idempotency key, so after a send whose outcome is unknown (a timeout, a lost
// reply, a worker that died mid-call) the only safe next step is to look: if OpenPhone lists an
// outgoing copy of this text to this customer, sent since the message was queued and not already
// matched to another message of ours, that copy is ours and nothing is sent again.

// OpenPhone's clock and ours may differ a little.
const CLOCK_SKEW_MS = 2 * 60_000;
const LOOK_BACK = 50;

export type Lookup = {
  phoneNumberId: string;
  to: string;
  body: string;
  /** When the message was queued: no copy of it can be older. */
  queuedAt: Date;
};

export async function findSentCopy(
  db: Db,
  api: OpenPhoneApi,
  lookup: Lookup,
): Promise<OpenPhoneMessage | undefined> {
  const listed = await api.listMessages({
    phoneNumberId: lookup.phoneNumberId,
    participant: lookup.to,
    maxResults: LOOK_BACK,
  });
  const since = lookup.queuedAt.getTime() - CLOCK_SKEW_MS;
  const candidates = listed.filter((message) => {
    const to = Array.isArray(message.to) ? message.to : [message.to];
    const createdAt = Date.parse(message.createdAt);
    return (
      message.direction === 'outgoing' &&
      (message.body ?? message.text) === lookup.body &&
      to.includes(lookup.to) &&
      (Number.isNaN(createdAt) || createdAt >= since)
    );
  });
  const taken = await takenProviderIds(
    db,
    candidates.map((message) => message.id),
  );
  // The oldest unmatched copy: two identical texts queued close together each claim their own.
  return candidates
    .filter((message) => !taken.has(message.id))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0];
}
