import type { AiRunView, EmergencyAlert } from '../../shared/ai.ts';
import type { LiveEvent } from '../../shared/events.ts';
import type { MessageView, NoteView, ThreadEvent } from '../../shared/threads.ts';
import {
  AI_EMERGENCY,
  AI_RUN,
  MESSAGE_CREATED,
  MESSAGE_UPDATED,
  NOTE_CREATED,
  type StoredThreadRead,
  THREAD_CHANGED,
  THREAD_READ,
} from './publish.ts';
import type { MessagingService } from './service.ts';
import { type ThreadSnapshot, threadSummary } from './views.ts';

/**
 * Turns stored inbox events into what one staff member's feed shows. Stored payloads are the same for
 * everyone; each feed adds its reader's unread counts from read markers it learns once per thread and
 * then keeps current from its own `thread.read` events. Another person's reads are not shown.
 */
export function createInboxFeed(messaging: MessagingService, userId: string) {
  const reads = new Map<string, number>();
  const readCount = async (threadId: string) => {
    let count = reads.get(threadId);
    if (count === undefined) {
      count = await messaging.readCount(userId, threadId);
      reads.set(threadId, count);
    }
    return count;
  };
  return async (event: LiveEvent): Promise<ThreadEvent | undefined> => {
    switch (event.type) {
      case THREAD_CHANGED: {
        const { thread } = event.payload as { thread: ThreadSnapshot };
        return { type: THREAD_CHANGED, thread: threadSummary(thread, await readCount(thread.id)) };
      }
      case MESSAGE_CREATED:
      case MESSAGE_UPDATED: {
        const payload = event.payload as { threadId: string; message: MessageView };
        return { type: event.type, threadId: payload.threadId, message: payload.message };
      }
      case NOTE_CREATED: {
        const payload = event.payload as { threadId: string; note: NoteView };
        return { type: NOTE_CREATED, threadId: payload.threadId, note: payload.note };
      }
      case THREAD_READ: {
        const read = event.payload as StoredThreadRead;
        if (read.userId !== userId) return undefined;
        reads.set(read.threadId, Math.max(reads.get(read.threadId) ?? 0, read.readInboundCount));
        return {
          type: THREAD_READ,
          threadId: read.threadId,
          unreadCount: Math.max(0, read.inboundCount - read.readInboundCount),
        };
      }
      case AI_RUN: {
        const payload = event.payload as { threadId: string; run: AiRunView };
        return { type: AI_RUN, threadId: payload.threadId, run: payload.run };
      }
      case AI_EMERGENCY:
        return { type: AI_EMERGENCY, alert: event.payload as EmergencyAlert };
      default:
        return undefined;
    }
  };
}
