import type { ThreadStatus } from '../../../../shared/sms.ts';
import type { MessageView, ThreadEvent, ThreadSummary } from '../../../../shared/threads.ts';
import { describeError, isUnauthorized } from '../../api/errors.ts';
import { ExternalStore } from '../../live/externalStore.ts';
import { type ResumableSource, ResumableStream, type StreamState } from '../../live/resumableStream.ts';
import { announceInbound } from './inboxWording.ts';
import {
  allThreads,
  applyFirstPage,
  applyNextPage,
  applyThreadChanged,
  applyThreadRead,
  beginFirstPage,
  beginNextPage,
  emptyThreadList,
  findThread,
  sameThreadFilter,
  type ThreadFilter,
  type ThreadListState,
  threadListView,
} from './threadList.ts';
import {
  applyUnreadChange,
  applyUnreadList,
  beginUnreadList,
  emptyUnread,
  type UnreadState,
  unreadThreads,
} from './unreadCount.ts';

export type ThreadListInput = {
  facilityId?: string;
  status?: ThreadStatus;
  assignedToMe?: boolean;
  unread?: boolean;
  needsHuman?: boolean;
  cursor?: string;
  limit?: number;
};

/** The two procedures the feed uses; the tRPC client satisfies it, and tests pass a hand-written fake. */
export type InboxFeedClient = {
  threads: {
    list: { query(input: ThreadListInput): Promise<{ items: ThreadSummary[]; nextCursor: string | null }> };
    onEvent: ResumableSource<ThreadEvent>;
  };
};

export type InboxSnapshot = {
  filter: ThreadFilter;
  /** Null until the first page under `filter` has arrived. */
  threads: ThreadSummary[] | null;
  hasMore: boolean;
  loadingFirst: boolean;
  loadingMore: boolean;
  /** Why the last page could not be read; the list keeps what it showed. */
  listError: string | null;
  stream: StreamState;
  /** Bumped each time the stream (re)connects: an open thread reads itself again then. */
  epoch: number;
  /** Conversations with unread messages, for the navigation badge; null until known. */
  unread: { count: number; capped: boolean } | null;
  /** The newest customer text worth announcing; `id` changes even when the words repeat. */
  announcement: { id: number; text: string } | null;
};

export const THREAD_PAGE_SIZE = 50;
/** The badge reads at most this many unread threads, then says "N+". */
const UNREAD_PAGE_SIZE = 100;
const UNREAD_MAX_PAGES = 5;
const DEFAULT_BATCH_MS = 50;

export function listInput(filter: ThreadFilter): ThreadListInput {
  return {
    ...(filter.facilityId !== null && { facilityId: filter.facilityId }),
    ...(filter.status !== null && { status: filter.status }),
    ...(filter.assignedToMe && { assignedToMe: true }),
    ...(filter.unread && { unread: true }),
    ...(filter.needsHuman && { needsHuman: true }),
  };
}

export type { StreamState } from '../../live/resumableStream.ts';

/**
 * The inbox for one signed-in staff member: the thread list under a filter (`threads.list`, paged
 * on the server) with the `threads.onEvent` stream merged over it (threadList.ts), the unread
 * badge, and each event handed on to whoever shows the thread it is about. Like the bay board it
 * never polls: the list is read when the feed starts, when the filter changes, and each time the
 * stream (re)connects; the stream resumes after the last event id it delivered.
 */
export class InboxFeed extends ExternalStore<InboxSnapshot> {
  private list: ThreadListState<string>;
  private unread: UnreadState = emptyUnread;
  private readonly eventListeners = new Set<(eventId: string, event: ThreadEvent) => void>();
  private readonly stream: ResumableStream<ThreadEvent>;
  private stopped = true;
  private epoch = 0;
  private announcements = 0;
  private loadingMore = false;
  /** Customer texts whose thread the stream has not described yet. */
  private readonly unannounced = new Map<string, MessageView>();
  /** Snapshot changes waiting for the next flush. */
  private pending: Partial<InboxSnapshot> = {};
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** The list as last shown, recomputed only when the list state changes. */
  private shownList: { state: ThreadListState<string>; view: ThreadSummary[] | null } | undefined;

  constructor(
    private readonly deps: {
      client: InboxFeedClient;
      serverUrl: string;
      userId: string;
      onUnauthorized(): void;
      /**
       * Changes within this many milliseconds are shown together (default 50): a burst of texts
       * re-sorts a long list once, not once per text. 0 shows each change at once (tests).
       */
      batchMs?: number;
    },
    filter: ThreadFilter = allThreads,
  ) {
    super({
      filter,
      threads: null,
      hasMore: false,
      loadingFirst: false,
      loadingMore: false,
      listError: null,
      stream: 'connecting',
      epoch: 0,
      unread: null,
      announcement: null,
    });
    this.list = emptyThreadList(filter);
    this.stream = new ResumableStream<ThreadEvent>({
      source: deps.client.threads.onEvent,
      onState: (stream) => {
        if (stream !== 'live') {
          this.publish({ stream });
          return;
        }
        this.epoch += 1;
        this.publish({ stream, epoch: this.epoch });
      },
      onLive: () => void this.reload(),
      onEvent: (eventId, event) => this.applyEvent(eventId, event),
      onUnauthorized: () => {
        this.stop();
        deps.onUnauthorized();
      },
    });
  }

  /** Every stream event, for the open thread. */
  onThreadEvent(listener: (eventId: string, event: ThreadEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The newest known state of a thread the list has seen. */
  thread(threadId: string): ThreadSummary | undefined {
    return findThread(this.list, threadId);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.reload();
    this.stream.start();
  }

  stop(): void {
    this.stopped = true;
    this.stream.stop();
  }

  setFilter(filter: ThreadFilter): void {
    if (sameThreadFilter(filter, this.list.filter)) return;
    void this.readFirstPage(filter);
  }

  /** Reads the list (and the unread threads) again from the top. */
  async reload(): Promise<void> {
    await Promise.all([this.readFirstPage(this.list.filter), this.readUnread()]);
  }

  /** The next page of the list, when there is one and none is being read. */
  async loadMore(): Promise<void> {
    const cursor = this.list.nextCursor;
    if (this.stopped || this.loadingMore || cursor === null || this.list.pendingFirst !== null) return;
    const filter = this.list.filter;
    const started = beginNextPage(this.list);
    this.list = started.state;
    this.loadingMore = true;
    this.publish({});
    try {
      const page = await this.deps.client.threads.list.query({
        ...listInput(filter),
        cursor,
        limit: THREAD_PAGE_SIZE,
      });
      this.list = applyNextPage(this.list, started.token, filter, cursor, {
        threads: page.items,
        nextCursor: page.nextCursor,
      });
      this.loadingMore = false;
      this.publish({ listError: null });
    } catch (error) {
      this.loadingMore = false;
      this.failedRead(error);
    }
  }

  private async readFirstPage(filter: ThreadFilter): Promise<void> {
    if (this.stopped) return;
    const started = beginFirstPage(this.list, filter);
    this.list = started.state;
    this.publish({});
    try {
      const page = await this.deps.client.threads.list.query({
        ...listInput(filter),
        limit: THREAD_PAGE_SIZE,
      });
      if (this.stopped) return;
      this.list = applyFirstPage(this.list, started.token, filter, {
        threads: page.items,
        nextCursor: page.nextCursor,
      });
      this.publish({ listError: null });
    } catch (error) {
      if (this.list.pendingFirst === started.token) this.list = { ...this.list, pendingFirst: null };
      this.failedRead(error);
    }
  }

  private async readUnread(): Promise<void> {
    if (this.stopped) return;
    const started = beginUnreadList(this.unread);
    this.unread = started.state;
    const threads: ThreadSummary[] = [];
    let cursor: string | null = null;
    let pages = 0;
    try {
      do {
        const page: { items: ThreadSummary[]; nextCursor: string | null } =
          await this.deps.client.threads.list.query({
            unread: true,
            limit: UNREAD_PAGE_SIZE,
            ...(cursor !== null && { cursor }),
          });
        threads.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < UNREAD_MAX_PAGES && !this.stopped);
    } catch (error) {
      // The badge keeps what it knew; the list's own read reports the trouble.
      if (isUnauthorized(error)) this.failedRead(error);
      return;
    }
    if (this.stopped) return;
    this.unread = applyUnreadList(this.unread, started.token, threads, cursor !== null);
    this.publish({});
  }

  private failedRead(error: unknown): void {
    if (this.stopped) return;
    if (isUnauthorized(error)) {
      this.stop();
      this.deps.onUnauthorized();
      return;
    }
    this.publish({ listError: describeError(error, this.deps.serverUrl) });
  }

  private applyEvent(eventId: string, event: ThreadEvent): void {
    let announcement: InboxSnapshot['announcement'] | undefined;
    switch (event.type) {
      case 'thread.changed': {
        this.list = applyThreadChanged(this.list, eventId, event.thread);
        this.unread = applyUnreadChange(this.unread, event.thread.id, event.thread.unreadCount);
        const waiting = this.unannounced.get(event.thread.id);
        if (waiting) {
          this.unannounced.delete(event.thread.id);
          announcement = { id: ++this.announcements, text: announceInbound(event.thread, waiting) };
        }
        break;
      }
      case 'thread.read':
        this.list = applyThreadRead(this.list, eventId, event.threadId, event.unreadCount);
        this.unread = applyUnreadChange(this.unread, event.threadId, event.unreadCount);
        break;
      case 'message.created':
        if (event.message.direction === 'inbound') {
          const thread = this.thread(event.threadId);
          // A new customer's thread is told of right after its first message: announce them by name then.
          if (thread) {
            announcement = { id: ++this.announcements, text: announceInbound(thread, event.message) };
          } else {
            this.unannounced.set(event.threadId, event.message);
          }
        }
        break;
      case 'message.updated':
      case 'note.created':
      case 'ai.run':
      case 'ai.emergency':
        break;
      default: {
        const unexpected: never = event;
        throw new Error(`unknown thread event ${JSON.stringify(unexpected)}`);
      }
    }
    for (const listener of this.eventListeners) listener(eventId, event);
    this.publish(announcement ? { announcement } : {});
  }

  private listView(): ThreadSummary[] | null {
    if (this.shownList?.state !== this.list) {
      this.shownList = { state: this.list, view: threadListView(this.list, this.deps.userId) };
    }
    return this.shownList.view;
  }

  private publish(change: Partial<InboxSnapshot>): void {
    this.pending = { ...this.pending, ...change };
    const batchMs = this.deps.batchMs ?? DEFAULT_BATCH_MS;
    if (batchMs <= 0) {
      this.flush();
      return;
    }
    this.flushTimer ??= setTimeout(() => this.flush(), batchMs);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const change = this.pending;
    this.pending = {};
    this.emit({
      ...this.getSnapshot(),
      ...change,
      filter: this.list.filter,
      threads: this.listView(),
      hasMore: this.list.nextCursor !== null,
      loadingFirst: this.list.pendingFirst !== null,
      loadingMore: this.loadingMore,
      unread: unreadThreads(this.unread),
    });
  }
}
