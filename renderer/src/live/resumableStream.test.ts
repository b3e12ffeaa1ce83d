import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type ResumableSource, ResumableStream, type StreamState } from './resumableStream.ts';

type Event = { text: string };
type Handlers = Parameters<ResumableSource<Event>['subscribe']>[1];

/** A hand-written stand-in for a tracked tRPC subscription. */
function fakeSource() {
  const subscriptions: { input: { lastEventId?: string }; handlers: Handlers; closed: boolean }[] = [];
  const source: ResumableSource<Event> = {
    subscribe(input, handlers) {
      const entry = { input, handlers, closed: false };
      subscriptions.push(entry);
      return {
        unsubscribe() {
          entry.closed = true;
        },
      };
    },
  };
  return { source, subscriptions };
}

const open = (handlers: Handlers | undefined) =>
  handlers?.onConnectionStateChange?.({ state: 'pending', error: null });

const serverError = () =>
  TRPCClientError.from({ error: { code: -32603, message: 'x', data: { code: 'INTERNAL_SERVER_ERROR' } } });

describe('ResumableStream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function start(fake: ReturnType<typeof fakeSource>) {
    const seen: (StreamState | 'onLive' | 'onUnauthorized' | `event ${string}: ${string}`)[] = [];
    const stream = new ResumableStream<Event>({
      source: fake.source,
      onState: (state) => seen.push(state),
      onLive: () => seen.push('onLive'),
      onEvent: (eventId, event) => seen.push(`event ${eventId}: ${event.text}`),
      onUnauthorized: () => seen.push('onUnauthorized'),
    });
    stream.start();
    return { stream, seen };
  }

  test('reports each state once, in order, and runs onLive after every (re)connect', async () => {
    const fake = fakeSource();
    const { seen } = start(fake);
    const handlers = fake.subscriptions[0]?.handlers;
    open(handlers);
    open(handlers);
    handlers?.onData?.({ id: '1', data: { text: 'a' } });
    handlers?.onConnectionStateChange?.({ state: 'connecting', error: new Error('network') });
    handlers?.onConnectionStateChange?.({ state: 'connecting', error: new Error('network') });
    handlers?.onError?.(serverError());
    await vi.advanceTimersByTimeAsync(1_000);
    open(fake.subscriptions[1]?.handlers);
    expect(seen).toEqual(['live', 'onLive', 'event 1: a', 'reconnecting', 'live', 'onLive']);
  });

  test('a stream that fails outright is subscribed again after the last event it delivered', async () => {
    const fake = fakeSource();
    const { seen } = start(fake);
    expect(fake.subscriptions[0]?.input).toEqual({});
    const first = fake.subscriptions[0];
    open(first?.handlers);
    first?.handlers.onData?.({ id: '41', data: { text: 'a' } });
    first?.handlers.onStopped?.();
    expect(first?.closed).toBe(true);
    expect(seen.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.subscriptions).toHaveLength(2);
    expect(fake.subscriptions[1]?.input).toEqual({ lastEventId: '41' });
    // Late callbacks from the abandoned stream change nothing.
    first?.handlers.onData?.({ id: '42', data: { text: 'late' } });
    first?.handlers.onError?.(serverError());
    expect(seen).not.toContain('event 42: late');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.subscriptions).toHaveLength(2);
  });

  test('retries back off 1s, 2s, 4s, then 5s at most, and start over once a stream opens', async () => {
    const fake = fakeSource();
    start(fake);
    const failLatest = () => fake.subscriptions.at(-1)?.handlers.onError?.(serverError());
    for (const delay of [1_000, 2_000, 4_000, 5_000, 5_000]) {
      const count = fake.subscriptions.length;
      failLatest();
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(fake.subscriptions).toHaveLength(count);
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.subscriptions).toHaveLength(count + 1);
    }
    open(fake.subscriptions.at(-1)?.handlers);
    const count = fake.subscriptions.length;
    failLatest();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.subscriptions).toHaveLength(count + 1);
  });

  test('a refused session stops the stream and hands over, without retrying', async () => {
    const fake = fakeSource();
    const { seen } = start(fake);
    fake.subscriptions[0]?.handlers.onError?.(
      TRPCClientError.from({ error: { code: -32001, message: 'no', data: { code: 'UNAUTHORIZED' } } }),
    );
    expect(seen).toEqual(['onUnauthorized']);
    expect(fake.subscriptions[0]?.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.subscriptions).toHaveLength(1);
  });

  test('stop() closes the stream, cancels a pending retry, and ignores what arrives after', async () => {
    const fake = fakeSource();
    const { stream, seen } = start(fake);
    const handlers = fake.subscriptions[0]?.handlers;
    handlers?.onStopped?.();
    stream.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.subscriptions).toHaveLength(1);
    stream.start();
    expect(fake.subscriptions).toHaveLength(2);
    const second = fake.subscriptions[1];
    stream.stop();
    expect(second?.closed).toBe(true);
    open(second?.handlers);
    second?.handlers.onData?.({ id: '1', data: { text: 'after stop' } });
    expect(seen).toEqual(['reconnecting']);
  });
});
