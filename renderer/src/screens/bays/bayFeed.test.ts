import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { BayView, FacilityBoard } from '../../../../shared/bays.ts';
import { BayFeed, type BayFeedClient } from './bayFeed.ts';
import { actionFixture, bayFixture } from './testBays.ts';

type Handlers = Parameters<BayFeedClient['bays']['onChange']['subscribe']>[1];

const facility = { id: 'fac-1', slug: 'bedford', name: 'Bedford', timezone: 'America/Halifax' };

/** A hand-written stand-in for bays.list and bays.onChange. */
function fakeClient() {
  const subscriptions: { input: { lastEventId?: string }; handlers: Handlers; closed: boolean }[] = [];
  let bays: BayView[] = [bayFixture()];
  const lists: number[] = [];
  const client: BayFeedClient = {
    bays: {
      list: {
        query: async () => {
          lists.push(Date.now());
          return [{ facility, bays }] satisfies FacilityBoard[];
        },
      },
      onChange: {
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
    lists,
    setBays(next: BayView[]) {
      bays = next;
    },
  };
}

const open = (handlers: Handlers | undefined) =>
  handlers?.onConnectionStateChange?.({ state: 'pending', error: null });

describe('BayFeed', () => {
  let onUnauthorized: ReturnType<typeof vi.fn<() => void>>;
  beforeEach(() => {
    vi.useFakeTimers();
    onUnauthorized = vi.fn<() => void>();
  });
  afterEach(() => vi.useRealTimers());

  function start(fake: ReturnType<typeof fakeClient>) {
    const feed = new BayFeed({ client: fake.client, serverUrl: 'http://127.0.0.1:4310', onUnauthorized });
    feed.start();
    return feed;
  }

  test('shows the list, then each change the stream delivers, and announces it', async () => {
    const fake = fakeClient();
    const feed = start(fake);
    await vi.waitFor(() => expect(feed.getSnapshot().board).not.toBeNull());
    const handlers = fake.subscriptions[0]?.handlers;
    open(handlers);
    const running = bayFixture({ currentAction: actionFixture({ state: 'running' }) });
    handlers?.onData?.({ id: '7', data: running });
    expect(feed.getSnapshot().board?.[0]?.bays[0]).toEqual(running);
    expect(feed.getSnapshot().stream).toBe('live');
    expect(feed.getSnapshot().announcement?.text).toBe('Bay 1: Restart simulator running.');
  });

  test('reads the list again every time the stream (re)connects, so a reconnect misses nothing', async () => {
    const fake = fakeClient();
    const feed = start(fake);
    const handlers = fake.subscriptions[0]?.handlers;
    open(handlers);
    await vi.waitFor(() => expect(fake.lists).toHaveLength(2));
    handlers?.onConnectionStateChange?.({ state: 'connecting', error: new Error('network') });
    expect(feed.getSnapshot().stream).toBe('reconnecting');
    const offline = bayFixture({ online: false });
    fake.setBays([offline]);
    open(handlers);
    await vi.waitFor(() => expect(feed.getSnapshot().board?.[0]?.bays[0]).toEqual(offline));
    expect(fake.lists).toHaveLength(3);
    expect(feed.getSnapshot().stream).toBe('live');
  });

  test('a stream that fails outright is subscribed again after the last event it delivered', async () => {
    const fake = fakeClient();
    const feed = start(fake);
    const first = fake.subscriptions[0];
    open(first?.handlers);
    first?.handlers.onData?.({ id: '41', data: bayFixture() });
    first?.handlers.onError?.(
      TRPCClientError.from({
        error: { code: -32603, message: 'x', data: { code: 'INTERNAL_SERVER_ERROR' } },
      }),
    );
    expect(first?.closed).toBe(true);
    expect(feed.getSnapshot().stream).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.subscriptions).toHaveLength(2);
    expect(fake.subscriptions[1]?.input).toEqual({ lastEventId: '41' });
    // Late callbacks from the abandoned stream change nothing.
    first?.handlers.onData?.({ id: '42', data: bayFixture({ online: false }) });
    expect(feed.getSnapshot().board?.[0]?.bays[0]?.online).toBe(true);
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

  test('stop() closes the stream and cancels a pending retry', async () => {
    const fake = fakeClient();
    const feed = start(fake);
    fake.subscriptions[0]?.handlers.onStopped?.();
    feed.stop();
    expect(fake.subscriptions[0]?.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.subscriptions).toHaveLength(1);
  });
});
