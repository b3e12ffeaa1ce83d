import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadEvent } from '../../shared/threads.ts';
import { engines } from '../test/databases.ts';
import { newCustomer, seedMessaging, textIn, threadOf } from './fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from './testApp.ts';

describe.each(engines)('the live inbox (threads.onEvent) on %s', (engine) => {
  let app: MessagingTestApp;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;

  beforeAll(async () => {
    app = await createMessagingTestApp(engine);
    seeded = await seedMessaging(app);
  });
  afterAll(() => app?.close());

  it('streams the inbox live, with each reader’s own unread count, and resumes by event id', async () => {
    const customer = newCustomer();
    const start = String(await app.services.events.latestId());
    const alice = await feed(seeded.asAlice, start);
    const carol = await feed(seeded.asCarol, start);
    await textIn(app, customer, 'Is anyone in today?');
    const threadId = (await threadOf(app, customer)).id;
    await seeded.asAlice.threads.addNote({ threadId, body: 'Regular, plays Tuesdays' });
    await seeded.asAlice.threads.markRead({ threadId });
    await textIn(app, customer, 'Hello?');

    const aliceSaw = await alice.until(
      (event) => event.type === 'thread.changed' && event.thread.lastMessage?.preview === 'Hello?',
    );
    expect(aliceSaw.map((event) => event.type)).toEqual([
      'message.created',
      'thread.changed',
      'note.created',
      'thread.read',
      'message.created',
      'thread.changed',
    ]);
    const unreadSeen = aliceSaw.flatMap((event) =>
      event.type === 'thread.changed'
        ? [event.thread.unreadCount]
        : event.type === 'thread.read'
          ? [event.unreadCount]
          : [],
    );
    // Each count is the reader's as the feed delivers the event (here the first may already be 0,
    // if the read committed before it was delivered); the last one is always the current truth.
    expect(unreadSeen.slice(1)).toEqual([0, 1]);
    const carolSaw = await carol.until(
      (event) => event.type === 'thread.changed' && event.thread.unreadCount === 2,
    );
    expect(carolSaw.some((event) => event.type === 'thread.read')).toBe(false);

    // Resuming from the first event replays the rest, in order.
    const firstId = alice.ids[0] ?? '';
    const resumed = await feed(seeded.asAlice, firstId);
    const replayed = await resumed.until(
      (event) => event.type === 'thread.changed' && event.thread.lastMessage?.preview === 'Hello?',
    );
    expect(replayed.map((event) => event.type)).toEqual(aliceSaw.slice(1).map((event) => event.type));
    await Promise.all([alice.close(), carol.close(), resumed.close()]);
  });
});

/** A live threads.onEvent feed, collected until a condition holds. */
async function feed(
  caller: { threads: { onEvent(input: { lastEventId: string }): Promise<AsyncIterable<unknown>> } },
  lastEventId: string,
) {
  const iterator = (await caller.threads.onEvent({ lastEventId }))[Symbol.asyncIterator]();
  const ids: string[] = [];
  const seen: ThreadEvent[] = [];
  return {
    ids,
    async until(done: (event: ThreadEvent) => boolean, timeoutMs = 10_000): Promise<ThreadEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), deadline - Date.now());
        });
        const next = await Promise.race([iterator.next(), timeout]);
        clearTimeout(timer);
        if (next === 'timeout' || next.done) break;
        const [id, event] = next.value as [string, ThreadEvent];
        ids.push(id);
        seen.push(event);
        if (done(event)) return [...seen];
      }
      throw new Error(`the awaited event did not arrive; saw ${seen.map((event) => event.type).join(', ')}`);
    },
    close: async () => {
      await iterator.return?.();
    },
  };
}
