import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ThreadSummary } from '../../../../shared/threads.ts';
import { InboxFeed, type InboxFeedClient, type ThreadListInput } from './inboxFeed.ts';
import { messageFixture, threadAt } from './testThreads.ts';
import { allThreads } from './threadList.ts';

type Handlers = Parameters<InboxFeedClient['threads']['onEvent']['subscribe']>[1];

/** A hand-written stand-in for threads.list and threads.onEvent. */
function fakeClient() {
  const subscriptions: { input: { lastEventId?: string }; handlers: Handlers; closed: boolean }[] = [];
  const queries: ThreadListInput[] = [];
  let threads: ThreadSummary[] = [threadAt('a', 1)];
  const client: InboxFeedClient = {
    threads: {
      list: {
        query: async (input) => {
          queries.push(input);
          const matching = threads.filter((thread) => !input.unread || thread.unreadCount > 0);
          return { items: matching, nextCursor: null };
        },
      },
      onEvent: {
        subscribe(input, handlers) {
          const entry = { input, handlers, closed: false };
          subscriptions.push(entry);
          return {
            unsubscribe() {
              entry.closed = true;
            },
          };
        },
      },
    },
  };
  return {
    client,
    subscriptions,
    queries,
    setThreads(next: ThreadSummary[]) {
      threads = next;
    },
  };
}

const open = (handlers: Handlers | undefined) =>
  handlers?.onConnectionStateChange?.({ state: 'pending', error: null });

describe('InboxFeed', () => {
  let onUnauthorized: ReturnType<typeof vi.fn<() => void>>;
  beforeEach(() => {
    vi.useFakeTimers();
    onUnauthorized = vi.fn<() => void>();
  });
  afterEach(() => vi.useRealTimers());

  function start(fake: ReturnType<typeof fakeClient>, batchMs = 0) {
    const feed = new InboxFeed({
      client: fake.client,
      serverUrl: 'http://127.0.0.1:4310',
      userId: 'me',
      onUnauthorized,
      batchMs,
    });
    feed.start();
    return feed;
  }

  test('a new customer’s text shows on top at once, is announced by name, and counts on the badge', async () => {
    const fake = fakeClient();
    const feed = start(fake);
    const handlers = fake.subscriptions[0]?.handlers;
    open(handlers);
    await vi.waitFor(() => expect(feed.getSnapshot().unread).toEqual({ count: 0, capped: false }));
    const thread = threadAt('new', 5, { unreadCount: 1, customerNumber: '+19025550177' });
    // The server tells of the message first, then of its (new) thread.
    handlers?.onData?.({
      id: '7',
      data: {
        type: 'message.created',
        threadId: 'new',
        message: messageFixture({ threadId: 'new', body: 'Hi!' }),
      },
    });
    expect(feed.getSnapshot().announcement).toBeNull();
    handlers?.onData?.({ id: '8', data: { type: 'thread.changed', thread } });
    const snapshot = feed.getSnapshot();
    expect(snapshot.threads?.map((t) => t.id)).toEqual(['new', 'a']);
    expect(snapshot.announcement?.text).toBe('New message from +1 902 555 0177: Hi!');
    expect(snapshot.unread).toEqual({ count: 1, capped: false });

    handlers?.onData?.({ id: '9', data: { type: 'thread.read', threadId: 'new', unreadCount: 0 } });
    expect(feed.getSnapshot().unread).toEqual({ count: 0, capped: false });
    expect(feed.getSnapshot().threads?.[0]?.unreadCount).toBe(0);
  });

  test('every event reaches whoever shows the thread', async () => {
    const fake = fakeClient();
    const feed = start(fake);
    const seen: string[] = [];
    const stop = feed.onThreadEvent((id, event) => seen.push(`${id}:${event.type}`));
    const handlers = fake.subscriptions[0]?.handlers;
    handlers?.onData?.({
      id: '3',
      data: { type: 'message.updated', threadId: 'a', message: messageFixture() },
    });
    stop();
    handlers?.onData?.({
      id: '4',
      data: { type: 'message.updated', threadId: 'a', message: messageFixture() },
    });
    expect(seen).toEqual(['3:message.updated']);
  });

  test('a filter change reads the list again with that filter, on the server', async () => {
    const fake = fakeClient();
    const feed = start(fake);
    await vi.waitFor(() => expect(feed.getSnapshot().threads).not.toBeNull());
    feed.setFilter({ ...allThreads, status: 'open', needsHuman: true });
    expect(feed.getSnapshot().threads).toBeNull();
    await vi.waitFor(() => expect(feed.getSnapshot().threads).not.toBeNull());
    expect(fake.queries.at(-1)).toEqual({ status: 'open', needsHuman: true, limit: 50 });
  });

  test('reads the list again every time the stream (re)connects, and resumes after the last event', async () => {
    const fake = fakeClient();
    const feed = start(fake);
    const first = fake.subscriptions[0];
    open(first?.handlers);
    expect(feed.getSnapshot().epoch).toBe(1);
    first?.handlers.onData?.({ id: '41', data: { type: 'thread.changed', thread: threadAt('a', 2) } });
    first?.handlers.onError?.(
      TRPCClientError.from({
        error: { code: -32603, message: 'x', data: { code: 'INTERNAL_SERVER_ERROR' } },
      }),
    );
    expect(feed.getSnapshot().stream).toBe('reconnecting');
    fake.setThreads([threadAt('b', 9), threadAt('a', 2)]);
    await vi.advanceTimersByTimeAsync(1_000);
    const second = fake.subscriptions[1];
    expect(second?.input).toEqual({ lastEventId: '41' });
    open(second?.handlers);
    await vi.waitFor(() => expect(feed.getSnapshot().threads?.map((t) => t.id)).toEqual(['b', 'a']));
    expect(feed.getSnapshot()).toMatchObject({ stream: 'live', epoch: 2 });
  });

  test('a refused session stops the feed and hands over to sign-in', async () => {
    const fake = fakeClient();
    start(fake);
    fake.subscriptions[0]?.handlers.onError?.(
      TRPCClientError.from({ error: { code: -32001, message: 'no', data: { code: 'UNAUTHORIZED' } } }),
    );
    expect(onUnauthorized).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.subscriptions).toHaveLength(1);
  });

  test('a burst of changes is shown together: one re-sort of the list, not one per text', async () => {
    const fake = fakeClient();
    const feed = start(fake, 50);
    open(fake.subscriptions[0]?.handlers);
    await vi.advanceTimersByTimeAsync(50);
    let shown = 0;
    feed.subscribe(() => {
      shown += 1;
    });
    for (let minute = 10; minute < 40; minute += 1) {
      fake.subscriptions[0]?.handlers.onData?.({
        id: String(minute),
        data: { type: 'thread.changed', thread: threadAt(`t${minute}`, minute) },
      });
    }
    expect(shown).toBe(0);
    await vi.advanceTimersByTimeAsync(50);
    expect(shown).toBe(1);
    expect(feed.getSnapshot().threads?.[0]?.id).toBe('t39');
    expect(feed.getSnapshot().threads).toHaveLength(31);
  });
});
