import type {
  MessageView,
  NoteView,
  ThreadDetail,
  ThreadEvent,
  ThreadSummary,
} from '../../../../shared/threads.ts';
import { describeError, isUnauthorized } from '../../api/errors.ts';
import { ExternalStore } from '../../live/externalStore.ts';
import {
  applyMessage,
  applyNote,
  applyOlder,
  applyRead,
  applySummary,
  beginOlder,
  beginRead,
  type ConversationState,
  conversationThread,
  emptyConversation,
  type TimelineItem,
  timeline,
} from './conversation.ts';

export type ConversationClient = {
  threads: {
    get: {
      query(input: { threadId: string; before?: string; limit?: number }): Promise<{
        thread: ThreadDetail;
        messages: MessageView[];
        olderCursor: string | null;
      }>;
    };
  };
};

export type ConversationSnapshot = {
  threadId: string;
  /** Null until the first read. */
  thread: ThreadDetail | null;
  items: TimelineItem[];
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Why the thread could not be read; what it showed stays. */
  error: string | null;
  /** The newest customer message shown: what "read" means now. */
  newestInboundId: string | null;
};

export const MESSAGE_PAGE_SIZE = 50;

/**
 * One open thread: `threads.get` when it opens (and again after each reconnect of the inbox
 * stream), older pages on demand, and the stream's events for it as they come. A send's own
 * answer is laid in too, so the new message shows the moment the server has it (its real state,
 * queued), even before the stream's copy arrives.
 */
export class ConversationFeed extends ExternalStore<ConversationSnapshot> {
  private state: ConversationState<string>;
  private loadingOlder = false;
  private error: string | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      client: ConversationClient;
      serverUrl: string;
      threadId: string;
      onUnauthorized(): void;
    },
  ) {
    const state = emptyConversation<string>(deps.threadId);
    super(conversationView(deps.threadId, state, false, null));
    this.state = state;
  }

  /** Undoes stop() (React may mount, unmount and mount again the same view). */
  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
  }

  async read(): Promise<void> {
    if (this.stopped) return;
    const started = beginRead(this.state);
    this.state = started.state;
    try {
      const answer = await this.deps.client.threads.get.query({
        threadId: this.deps.threadId,
        limit: MESSAGE_PAGE_SIZE,
      });
      this.state = applyRead(this.state, started.token, answer.thread, {
        messages: answer.messages,
        olderCursor: answer.olderCursor,
      });
      this.error = null;
    } catch (error) {
      if (this.failed(error)) return;
    }
    this.publish();
  }

  async loadOlder(): Promise<void> {
    const cursor = this.state.olderCursor;
    if (this.stopped || this.loadingOlder || cursor === null) return;
    const started = beginOlder(this.state);
    this.state = started.state;
    this.loadingOlder = true;
    this.publish();
    try {
      const answer = await this.deps.client.threads.get.query({
        threadId: this.deps.threadId,
        before: cursor,
        limit: MESSAGE_PAGE_SIZE,
      });
      this.state = applyOlder(this.state, started.token, cursor, {
        messages: answer.messages,
        olderCursor: answer.olderCursor,
      });
      this.error = null;
    } catch (error) {
      if (this.failed(error)) return;
    } finally {
      this.loadingOlder = false;
    }
    this.publish();
  }

  /** An event from the inbox stream; those about other threads change nothing. */
  applyEvent(eventId: string, event: ThreadEvent): void {
    const before = this.state;
    switch (event.type) {
      case 'thread.changed':
        this.state = applySummary(this.state, eventId, event.thread);
        break;
      case 'thread.read': {
        const thread = conversationThread(this.state);
        if (thread && event.threadId === thread.id) {
          this.state = applySummary(this.state, eventId, { ...thread, unreadCount: event.unreadCount });
        }
        break;
      }
      case 'message.created':
      case 'message.updated':
        this.state = applyMessage(this.state, eventId, event.message);
        break;
      case 'note.created':
        this.state = applyNote(this.state, event.note);
        break;
      // The AI panel follows these itself.
      case 'ai.run':
      case 'ai.emergency':
        break;
      default: {
        const unexpected: never = event;
        throw new Error(`unknown thread event ${JSON.stringify(unexpected)}`);
      }
    }
    if (this.state !== before) this.publish();
  }

  /** The server's answer to this desk's own send, retry, note or change to the thread. */
  applyOwn(change: { message: MessageView } | { note: NoteView } | { thread: ThreadSummary }): void {
    if ('message' in change) this.state = applyMessage(this.state, null, change.message);
    else if ('note' in change) this.state = applyNote(this.state, change.note);
    else this.state = applySummary(this.state, null, change.thread);
    this.publish();
  }

  /** True when the failure ends the feed (the session is over). */
  private failed(error: unknown): boolean {
    if (this.stopped) return true;
    if (isUnauthorized(error)) {
      this.stopped = true;
      this.deps.onUnauthorized();
      return true;
    }
    this.error = describeError(error, this.deps.serverUrl);
    return false;
  }

  private publish(): void {
    if (this.stopped) return;
    this.emit(conversationView(this.deps.threadId, this.state, this.loadingOlder, this.error));
  }
}

// Outside the class: the constructor needs the first snapshot before `this` exists.
function conversationView(
  threadId: string,
  state: ConversationState<string>,
  loadingOlder: boolean,
  error: string | null,
): ConversationSnapshot {
  const items = timeline(state);
  let newestInboundId: string | null = null;
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (item?.kind === 'message' && item.message.direction === 'inbound') {
      newestInboundId = item.id;
      break;
    }
  }
  return {
    threadId,
    thread: conversationThread(state),
    items,
    hasOlder: state.olderCursor !== null,
    loadingOlder,
    error,
    newestInboundId,
  };
}
