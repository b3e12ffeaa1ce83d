import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../shared/events.ts';
import { events } from '../db/schema/index.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, engines, type TestDatabase } from '../test/databases.ts';
import { EventBus, type EventFilter } from './bus.ts';
import { publishEvent } from './publish.ts';

const logger = createLogger({ level: 'silent' });

/** Reads until `count` events arrived, the stream ended, or the deadline passed (then fewer come back). */
async function take(stream: AsyncIterable<LiveEvent>, count: number, controller: AbortController) {
  const received: LiveEvent[] = [];
  const deadline = setTimeout(() => controller.abort(), 10_000);
  try {
    for await (const event of stream) {
      received.push(event);
      if (received.length >= count) break;
    }
  } finally {
    clearTimeout(deadline);
  }
  return received;
}

describe.each(engines)('event bus on %s', (engine) => {
  let database: TestDatabase;
  let bus: EventBus;
  const facilityA = randomUUID();
  const facilityB = randomUUID();

  const publish = (type: string, facilityId: string | null, payload: unknown = {}) =>
    database.handle.db.transaction((tx) => publishEvent(tx, { type, facilityId, payload }));

  function subscribe(filter: EventFilter) {
    const controller = new AbortController();
    return { controller, stream: bus.subscribe(filter, controller.signal) };
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    bus = new EventBus(database.handle, logger);
    await bus.start();
  });

  afterAll(async () => {
    await bus.stop();
    await database.drop();
  });

  it('delivers an event published inside a transaction to a local subscriber', async () => {
    const { controller, stream } = subscribe({ facilityScope: 'all' });
    const id = await publish('bay.updated', facilityA, { bay: 3 });
    const [event] = await take(stream, 1, controller);
    expect(event).toMatchObject({
      id: String(id),
      type: 'bay.updated',
      facilityId: facilityA,
      payload: { bay: 3 },
    });
    expect(new Date(event?.createdAt ?? '').getTime()).not.toBeNaN();
    controller.abort();
  });

  it('announces nothing for a rolled-back transaction', async () => {
    const { controller, stream } = subscribe({ facilityScope: 'all' });
    await expect(
      database.handle.db.transaction(async (tx) => {
        await publishEvent(tx, { type: 'rolled.back', facilityId: facilityA, payload: {} });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    await publish('committed', facilityA);
    const [event] = await take(stream, 1, controller);
    expect(event?.type).toBe('committed');
    expect(await bus.readAfter(0, { facilityScope: 'all', types: ['rolled.back'] }, 10)).toEqual([]);
    controller.abort();
  });

  it("never shows one facility's events to a subscriber scoped to another", async () => {
    const onlyA = subscribe({ facilityScope: [facilityA] });
    const all = subscribe({ facilityScope: 'all' });
    await publish('b.first', facilityB);
    await publish('notice', null);
    await publish('b.second', facilityB);
    await publish('a.only', facilityA);
    // Delivery is in id order, so B's events would have arrived before A's last one.
    const seenByA = await take(onlyA.stream, 2, onlyA.controller);
    expect(seenByA.map((event) => event.type)).toEqual(['notice', 'a.only']);
    const seenByAll = await take(all.stream, 4, all.controller);
    expect(seenByAll.map((event) => event.type)).toEqual(['b.first', 'notice', 'b.second', 'a.only']);
    const replayForA = await bus.readAfter(Number(seenByAll[0]?.id) - 1, { facilityScope: [facilityA] }, 10);
    expect(replayForA.map((event) => event.type)).toEqual(['notice', 'a.only']);
    onlyA.controller.abort();
    all.controller.abort();
  });

  it('filters by type when asked', async () => {
    const { controller, stream } = subscribe({ facilityScope: 'all', types: ['wanted'] });
    await publish('unwanted', facilityA);
    await publish('wanted', facilityA);
    const [event] = await take(stream, 1, controller);
    expect(event?.type).toBe('wanted');
    controller.abort();
  });

  it('delivers concurrent publishes in increasing id order, each once', async () => {
    const { controller, stream } = subscribe({ facilityScope: 'all', types: ['burst'] });
    const ids = await Promise.all(Array.from({ length: 30 }, (_, n) => publish('burst', facilityA, { n })));
    const received = await take(stream, ids.length, controller);
    const sorted = [...ids].sort((a, b) => a - b);
    expect(received.map((event) => Number(event.id))).toEqual(sorted);
    controller.abort();
  });

  it('catches up on a backlog in several batches, in order', async () => {
    const batched = new EventBus(database.handle, logger, { batchSize: 2 });
    await batched.start();
    try {
      const controller = new AbortController();
      const stream = batched.subscribe({ facilityScope: 'all', types: ['backlog'] }, controller.signal);
      // Seven rows but one notification: the bus must keep reading batches, not stop after the first.
      const ids = await database.handle.db.transaction(async (tx) => {
        const silent = await tx
          .insert(events)
          .values(
            Array.from({ length: 6 }, (_, n) => ({ type: 'backlog', facilityId: facilityA, payload: { n } })),
          )
          .returning({ id: events.id });
        const last = await publishEvent(tx, { type: 'backlog', facilityId: facilityA, payload: { n: 6 } });
        return [...silent.map((row) => row.id), last];
      });
      const received = await take(stream, ids.length, controller);
      expect(received.map((event) => Number(event.id))).toEqual([...ids].sort((x, y) => x - y));
      controller.abort();
      expect(batched.subscriberCount).toBe(0);
    } finally {
      await batched.stop();
    }
  });

  it('ends an overflowing subscriber with an error after what it had queued, instead of dropping', async () => {
    const small = new EventBus(database.handle, logger, { bufferSize: 3 });
    await small.start();
    try {
      const controller = new AbortController();
      const stream = small.subscribe({ facilityScope: 'all', types: ['flood'] }, controller.signal);
      const marker = new AbortController();
      const markerStream = small.subscribe({ facilityScope: 'all', types: ['flood.done'] }, marker.signal);
      const ids: number[] = [];
      for (let n = 0; n < 5; n++) ids.push(await publish('flood', facilityA, { n }));
      await publish('flood.done', facilityA);
      // Once the marker arrives, the bus has offered all five floods to a reader that took none.
      expect(await take(markerStream, 1, marker)).toHaveLength(1);
      marker.abort();
      const received: string[] = [];
      const reading = (async () => {
        for await (const event of stream) received.push(event.id);
      })();
      await expect(reading).rejects.toMatchObject({ code: 'unavailable' });
      expect(received).toEqual(ids.slice(0, 3).map(String));
    } finally {
      await small.stop();
    }
  });

  it('ends subscriber streams with a reconnectable error when stopped', async () => {
    const other = new EventBus(database.handle, logger);
    await other.start();
    const stream = other.subscribe({ facilityScope: 'all' }, new AbortController().signal);
    const reading = (async () => {
      for await (const _ of stream) {
        // no events expected
      }
    })();
    await other.stop();
    await expect(reading).rejects.toMatchObject({ code: 'unavailable' });
    // Stopping is final, so a client reconnecting mid-shutdown is sent elsewhere, not re-listened.
    await expect(other.start()).rejects.toMatchObject({ code: 'unavailable' });
    const late = other.subscribe({ facilityScope: 'all' }, new AbortController().signal);
    await expect(late[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'unavailable' });
    expect(other.subscriberCount).toBe(0);
  });

  it('ends the stream when the signal aborts', async () => {
    const { controller, stream } = subscribe({ facilityScope: 'all' });
    const reading = (async () => {
      const seen: LiveEvent[] = [];
      for await (const event of stream) seen.push(event);
      return seen;
    })();
    controller.abort();
    expect(await reading).toEqual([]);
  });
});
