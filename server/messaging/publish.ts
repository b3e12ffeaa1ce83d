import type { NoteView } from '../../shared/threads.ts';
import type { Tx } from '../db/types.ts';
import { publishEvent } from '../events/publish.ts';
import { findSummaryRow } from './inboxRepository.ts';
import { findMessage } from './messageRepository.ts';
import { messageView, type ThreadSnapshot, threadSnapshot } from './views.ts';

// Live inbox events, written in the transaction of the change they announce. The stored payloads are
// the same for every subscriber; threads.onEvent adds each staff member's own unread count.

export const THREAD_CHANGED = 'thread.changed';
export const MESSAGE_CREATED = 'message.created';
export const MESSAGE_UPDATED = 'message.updated';
export const NOTE_CREATED = 'note.created';
export const THREAD_READ = 'thread.read';
// Published by the AI (server/intelligence), carried by the same feed.
export const AI_RUN = 'ai.run';
export const AI_EMERGENCY = 'ai.emergency';

export const threadEventTypes = [
  THREAD_CHANGED,
  MESSAGE_CREATED,
  MESSAGE_UPDATED,
  NOTE_CREATED,
  THREAD_READ,
  AI_RUN,
  AI_EMERGENCY,
];

export type StoredThreadRead = {
  threadId: string;
  userId: string;
  readInboundCount: number;
  inboundCount: number;
};

export async function publishThread(tx: Tx, threadId: string): Promise<ThreadSnapshot> {
  const row = await findSummaryRow(tx, threadId);
  if (!row) throw new Error(`thread ${threadId} vanished`);
  const snapshot = threadSnapshot(row);
  await publishEvent(tx, {
    type: THREAD_CHANGED,
    facilityId: snapshot.facilityId,
    payload: { thread: snapshot },
  });
  return snapshot;
}

export async function publishMessage(
  tx: Tx,
  type: typeof MESSAGE_CREATED | typeof MESSAGE_UPDATED,
  messageId: string,
) {
  const row = await findMessage(tx, messageId);
  if (!row) throw new Error(`message ${messageId} vanished`);
  const message = messageView(row);
  await publishEvent(tx, {
    type,
    facilityId: row.message.facilityId,
    payload: { threadId: message.threadId, message },
  });
  return message;
}

export async function publishNote(tx: Tx, facilityId: string, note: NoteView) {
  await publishEvent(tx, { type: NOTE_CREATED, facilityId, payload: { threadId: note.threadId, note } });
}

export async function publishRead(tx: Tx, facilityId: string, read: StoredThreadRead) {
  await publishEvent(tx, { type: THREAD_READ, facilityId, payload: read });
}
