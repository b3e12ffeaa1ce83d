import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ApiClient } from '../api/client.ts';
import type { LiveState } from '../state/live.ts';
import { LiveConnection } from './liveConnection.ts';

type Handlers = {
  onConnectionStateChange(state: { state: string; error: unknown }): void;
  onData(value: {
    id: string;
    data: { id: string; type: string; facilityId: null; createdAt: string };
  }): void;
  onError(error: unknown): void;
  onStopped(): void;
};

/** A hand-written stand-in for the three procedures the connection uses. */
function fakeClient(options: { latestId?: string; me?: () => Promise<unknown> } = {}) {
  const subscriptions: { input: { lastEventId: string | null }; handlers: Handlers; closed: boolean }[] = [];
  const client = {
    auth: { me: { query: options.me ?? (async () => ({ id: 'u1' })) } },
    events: {
      latestId: { query: async () => options.latestId ?? '41' },
      subscribe: {
        subscribe(input: { lastEventId: string | null }, handlers: Handlers) {
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
  return { client: client as unknown as ApiClient, subscriptions };
}

function serverError(code: string) {
  return TRPCClientError.from({ error: { code: -32001, message: code, data: { code } } });
}

function event(id: string) {
  return { id, data: { id, type: 'test.event', facilityId: null, createdAt: new Date().toISOString() } };
}

describe('LiveConnection', () => {
  let states: LiveState['kind'][];
  let onUnauthorized: ReturnType<typeof vi.fn<() => void>>;

  beforeEach(() => {
    vi.useFakeTimers();
    states = [];
    onUnauthorized = vi.fn<() => void>();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function connect(fake: ReturnType<typeof fakeClient>) {
    const connection = new LiveConnection({
      client: fake.client,
      serverUrl: 'http://127.0.0.1:4310',
      onState: (state) => states.push(state.kind),
      onEvent: () => {},
      onUnauthorized,
    });
    connection.start();
    return connection;
  }

  test('starts from the latest event id and says Connected once the stream is open', async () => {
    const fake = fakeClient({ latestId: '41' });
    connect(fake);
    await vi.waitFor(() => expect(fake.subscriptions).toHaveLength(1));
    expect(fake.subscriptions[0]?.input).toEqual({ lastEventId: '41' });
    fake.subscriptions[0]?.handlers.onConnectionStateChange({ state: 'pending', error: null });
    expect(states).toEqual(['connecting', 'connected']);
  });

  test('a dropped stream shows Disconnected until it is open again, without flickering to Connecting', async () => {
    const fake = fakeClient();
    connect(fake);
    await vi.waitFor(() => expect(fake.subscriptions).toHaveLength(1));
    const handlers = fake.subscriptions[0]?.handlers;
    handlers?.onConnectionStateChange({ state: 'pending', error: null });
    handlers?.onConnectionStateChange({ state: 'connecting', error: new Error('fetch failed') });
    handlers?.onConnectionStateChange({ state: 'connecting', error: null });
    handlers?.onConnectionStateChange({ state: 'pending', error: null });
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connected']);
  });

  test('a stream that fails outright is re-subscribed after the last event it delivered', async () => {
    const fake = fakeClient({ latestId: '41' });
    connect(fake);
    await vi.waitFor(() => expect(fake.subscriptions).toHaveLength(1));
    const first = fake.subscriptions[0];
    first?.handlers.onConnectionStateChange({ state: 'pending', error: null });
    first?.handlers.onData(event('42'));
    first?.handlers.onData(event('43'));
    first?.handlers.onError(serverError('SERVICE_UNAVAILABLE'));
    expect(states.at(-1)).toBe('disconnected');
    expect(first?.closed).toBe(true);

    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(fake.subscriptions).toHaveLength(2));
    expect(fake.subscriptions[1]?.input).toEqual({ lastEventId: '43' });
    // Late callbacks from the abandoned stream change nothing.
    first?.handlers.onConnectionStateChange({ state: 'pending', error: null });
    expect(states.at(-1)).toBe('disconnected');
    fake.subscriptions[1]?.handlers.onConnectionStateChange({ state: 'pending', error: null });
    expect(states.at(-1)).toBe('connected');
  });

  test('an unreachable server is retried with a growing, capped delay', async () => {
    let calls = 0;
    const fake = fakeClient({
      me: async () => {
        calls += 1;
        throw TRPCClientError.from(new TypeError('fetch failed'));
      },
    });
    connect(fake);
    await vi.waitFor(() => expect(calls).toBe(1));
    expect(states).toEqual(['connecting', 'disconnected']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toBe(3);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(calls).toBe(4);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(5);
    expect(fake.subscriptions).toHaveLength(0);
  });

  test('a refused session stops retrying and hands over to sign-in', async () => {
    const fake = fakeClient();
    connect(fake);
    await vi.waitFor(() => expect(fake.subscriptions).toHaveLength(1));
    fake.subscriptions[0]?.handlers.onError(serverError('UNAUTHORIZED'));
    expect(onUnauthorized).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.subscriptions).toHaveLength(1);
    expect(states.at(-1)).toBe('idle');
  });

  test('stop() closes the stream and cancels a pending retry', async () => {
    const fake = fakeClient();
    const connection = connect(fake);
    await vi.waitFor(() => expect(fake.subscriptions).toHaveLength(1));
    fake.subscriptions[0]?.handlers.onStopped();
    connection.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.subscriptions).toHaveLength(1);
    expect(states.at(-1)).toBe('idle');
  });
});
