import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, threads, webhookEvents } from '../db/schema/index.ts';
import { messageEvent, newMessage } from '../integrations/openphone/fakeState.ts';
import { engines } from '../test/databases.ts';
import {
  BEDFORD,
  jobCount,
  messagesOf,
  newCustomer,
  processEvents,
  seedMessaging,
  sendQueued,
  textIn,
  threadOf,
} from './fixtures.ts';
import { EVENT_QUEUE } from './jobs.ts';
import { createMessagingTestApp, type MessagingTestApp } from './testApp.ts';

describe.each(engines)('webhook intake on %s', (engine) => {
  describe.each(['legacy', 'standard'] as const)('%s signatures', (scheme) => {
    let app: MessagingTestApp;
    let seeded: Awaited<ReturnType<typeof seedMessaging>>;

    beforeAll(async () => {
      // Status webhooks are posted by hand here, in the order each test wants.
      app = await createMessagingTestApp(engine, {
        scheme,
        statusDelaysMs: { sent: 600_000, delivered: 600_000 },
      });
      seeded = await seedMessaging(app);
    });
    afterAll(() => app?.close());

    const db = () => app.database.handle.db;

    it('puts a signed inbound text in its thread, live, for the facility only', async () => {
      const customer = newCustomer();
      const latest = String(await app.services.events.latestId());
      const stream = (await seeded.asAlice.threads.onEvent({ lastEventId: latest }))[Symbol.asyncIterator]();
      const event = await textIn(app, customer, 'My door code is not working');
      const thread = await threadOf(app, customer);
      expect(thread).toMatchObject({ facilityNumber: BEDFORD, status: 'open', inboundCount: 1 });
      // createCaller yields the tracked envelope, [id, event].
      const [first, second] = [await stream.next(), await stream.next()].map(
        (next) => (next.value as unknown as [string, unknown] | undefined)?.[1],
      );
      await stream.return?.();
      expect(first).toMatchObject({
        type: 'message.created',
        threadId: thread.id,
        message: { direction: 'inbound', body: 'My door code is not working', status: 'received' },
      });
      expect(second).toMatchObject({
        type: 'thread.changed',
        thread: { id: thread.id, unreadCount: 1, needsHuman: true, customerNumber: customer },
      });
      const [row] = await db().select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id));
      expect(row).toMatchObject({ type: 'message.received', scheme, processedAt: null });
      const list = await seeded.asAlice.threads.list({});
      expect(list.items.map((item) => item.id)).toContain(thread.id);
      expect((await seeded.asBob.threads.list({})).items.map((item) => item.id)).not.toContain(thread.id);
    });

    it('answers one event posted 50 times at once with 50 × 2xx, one message and one job', async () => {
      const customer = newCustomer();
      const event = messageEvent(
        'message.received',
        newMessage({
          direction: 'incoming',
          line: { id: 'PNbedford', number: BEDFORD },
          customer,
          content: 'Is bay 2 free at 7?',
          now: app.clock.now(),
        }),
        scheme === 'legacy' ? 'v3' : '2026-03-30',
        app.clock.now(),
      );
      const jobsBefore = await jobCount(app, EVENT_QUEUE);
      const results = await Promise.all(Array.from({ length: 50 }, () => app.openphone.control.post(event)));
      expect(results.map((result) => result.status)).toEqual(Array(50).fill(200));
      const thread = await threadOf(app, customer);
      expect(await messagesOf(app, thread.id)).toHaveLength(1);
      expect(thread.inboundCount).toBe(1);
      const stored = await db()
        .select({ n: count() })
        .from(webhookEvents)
        .where(eq(webhookEvents.eventId, event.id));
      expect(stored[0]?.n).toBe(1);
      expect((await jobCount(app, EVENT_QUEUE)) - jobsBefore).toBe(1);
    });

    it('ends a reply in the right status when its status webhooks arrive in reverse order', async () => {
      const customer = newCustomer();
      await textIn(app, customer, 'Can you unlock bay 3?');
      const thread = await threadOf(app, customer);
      await seeded.asAlice.threads.send({
        threadId: thread.id,
        body: 'Unlocked, enjoy!',
        idempotencyKey: randomUUID(),
      });
      expect(await sendQueued(app)).toMatchObject([{ kind: 'sent' }]);
      const accepted = app.openphone.sent.at(-1);
      if (!accepted) throw new Error('nothing reached the fake');
      const version = scheme === 'legacy' ? 'v3' : '2026-03-30';
      const at = app.clock.now();
      for (const status of ['delivered', 'sent', 'queued'] as const) {
        const event = messageEvent(
          `message.${status === 'queued' ? 'updated' : status}`,
          { ...accepted, status },
          version,
          at,
        );
        expect((await app.openphone.control.post(event)).status).toBe(200);
      }
      await processEvents(app);
      const [reply] = (await messagesOf(app, thread.id)).filter(
        (message) => message.direction === 'outbound',
      );
      expect(reply).toMatchObject({ status: 'delivered', providerMessageId: accepted.id });
      expect(reply?.deliveredAt).toBeInstanceOf(Date);
    });

    it('acknowledges and keeps an event type it does not know', async () => {
      const event = {
        id: `EV${randomUUID().replaceAll('-', '')}`,
        object: 'event' as const,
        apiVersion: 'v3',
        createdAt: app.clock.now().toISOString(),
        type: 'call.summary.completed',
        data: { object: { id: 'CS123', object: 'callSummary', summary: ['Asked about prices'] } },
      };
      expect((await app.openphone.control.post(event)).status).toBe(200);
      const outcomes = await processEvents(app);
      expect(outcomes.at(-1)).toEqual({
        kind: 'processed',
        outcome: 'kept: call.summary.completed is not handled',
      });
      const [row] = await db().select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id));
      expect(row?.raw).toEqual(event);
    });

    it('refuses a bad signature with 401 and stores nothing', async () => {
      const customer = newCustomer();
      const event = messageEvent(
        'message.received',
        newMessage({
          direction: 'incoming',
          line: { id: 'PNbedford', number: BEDFORD },
          customer,
          content: 'hello',
          now: app.clock.now(),
        }),
        'v3',
        app.clock.now(),
      );
      for (const signature of ['invalid', 'none'] as const) {
        const result = await app.openphone.control.post(event, { signature });
        expect(result.status).toBe(401);
      }
      const stored = await db()
        .select({ n: count() })
        .from(webhookEvents)
        .where(eq(webhookEvents.eventId, event.id));
      expect(stored[0]?.n).toBe(0);
      expect(await db().select().from(threads).where(eq(threads.customerNumber, customer))).toEqual([]);
    });

    it('refuses a body over 1 MB with 413 before reading it all', async () => {
      const response = await fetch(app.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
      });
      expect(response.status).toBe(413);
      expect(await db().select({ n: count() }).from(messages).where(eq(messages.body, 'x'))).toEqual([
        { n: 0 },
      ]);
    });
  });
});
