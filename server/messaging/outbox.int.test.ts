import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, messages, sendRateLimits } from '../db/schema/index.ts';
import { engines } from '../test/databases.ts';
import {
  jobCount,
  newCustomer,
  processEvents,
  queuedAlerts,
  seedMessaging,
  sentTo,
  textIn,
  threadOf,
} from './fixtures.ts';
import { SEND_QUEUE } from './jobs.ts';
import { createMessagingTestApp, eventually, type MessagingTestApp } from './testApp.ts';

const MAX_ATTEMPTS = 3;

describe.each(engines)('the outbox on %s', (engine) => {
  let app: MessagingTestApp;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;

  beforeAll(async () => {
    app = await createMessagingTestApp(engine, { env: { CLUBOS_OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS) } });
    seeded = await seedMessaging(app);
  });
  afterAll(() => app?.close());

  const messageRow = async (id: string) => {
    const [row] = await app.database.handle.db.select().from(messages).where(eq(messages.id, id));
    if (!row) throw new Error(`no message ${id}`);
    return row;
  };
  /** A Bedford customer who texted in, and Alice's reply to them, queued. */
  const replyQueued = async (body = 'On it!') => {
    const customer = newCustomer();
    await textIn(app, customer, 'Hello?');
    const thread = await threadOf(app, customer);
    const reply = await seeded.asAlice.threads.send({
      threadId: thread.id,
      body,
      idempotencyKey: randomUUID(),
    });
    return { customer, thread, reply };
  };
  /** Moves the clock to the message's next attempt and runs it. */
  const nextAttempt = async (id: string) => {
    const row = await messageRow(id);
    if (row.nextAttemptAt)
      app.clock.advance(Math.max(0, row.nextAttemptAt.getTime() - app.clock.now().getTime()) + 1);
    return app.services.messaging.runSend(id);
  };

  it('writes one row and one job for a repeated request, and sends it once', async () => {
    const customer = newCustomer();
    await textIn(app, customer, 'Hi');
    const thread = await threadOf(app, customer);
    const jobsBefore = await jobCount(app, SEND_QUEUE);
    const idempotencyKey = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        seeded.asAlice.threads.send({ threadId: thread.id, body: 'Welcome!', idempotencyKey }),
      ),
    );
    expect(new Set(replies.map((reply) => reply.id)).size).toBe(1);
    expect((await jobCount(app, SEND_QUEUE)) - jobsBefore).toBe(1);
    const id = replies[0]?.id ?? '';
    const outcomes = await Promise.all([1, 2, 3].map(() => app.services.messaging.runSend(id)));
    expect(outcomes.filter((outcome) => outcome.kind === 'sent')).toHaveLength(1);
    expect(await app.services.messaging.runSend(id)).toMatchObject({ kind: 'skipped' });
    expect(sentTo(app, customer).map((message) => message.content)).toEqual(['Welcome!']);
    expect(sentTo(app, customer)[0]).toMatchObject({ from: '+19025550100', phoneNumberId: 'PNbedford' });
  });

  it('honours Retry-After on a 429, for this message and for every other send', async () => {
    const { customer, reply } = await replyQueued('After the 429');
    app.openphone.control.failNext({ status: 429, retryAfterSeconds: 3 });
    const first = await app.services.messaging.runSend(reply.id);
    expect(first).toMatchObject({ kind: 'retrying', attempt: 1 });
    if (first.kind !== 'retrying') return;
    expect(first.delayMs).toBeGreaterThanOrEqual(3_000);
    const row = await messageRow(reply.id);
    expect(row.status).toBe('queued');
    expect(row.nextAttemptAt?.getTime()).toBeGreaterThanOrEqual(app.clock.now().getTime() + 2_900);
    const jobs = await app.jobs.pgBoss.findJobs(SEND_QUEUE, { data: { messageId: reply.id } });
    const latest = jobs.map((job) => new Date(job.startAfter).getTime()).sort((a, b) => b - a)[0] ?? 0;
    expect(latest).toBeGreaterThanOrEqual(Date.now() + 2_000);
    // Early: nothing is sent before the wait is over.
    expect(await app.services.messaging.runSend(reply.id)).toMatchObject({ kind: 'waiting' });
    // The shared limit is held back too, for every instance.
    const [limit] = await app.database.handle.db.select().from(sendRateLimits);
    expect(limit?.nextSlotAt.getTime()).toBeGreaterThan(Date.now() + 2_000);
    await app.database.handle.db.update(sendRateLimits).set({ nextSlotAt: new Date(0) });
    expect(await nextAttempt(reply.id)).toMatchObject({ kind: 'sent' });
    expect(sentTo(app, customer)).toHaveLength(1);
  });

  it('dead-letters a text OpenPhone keeps failing: failed in the thread, audited, Slack told, one click to retry', async () => {
    const { customer, thread, reply } = await replyQueued('Through the outage');
    app.openphone.control.failNext({ status: 500, times: MAX_ATTEMPTS });
    const outcomes = [await app.services.messaging.runSend(reply.id)];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) outcomes.push(await nextAttempt(reply.id));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['retrying', 'retrying', 'dead_lettered']);
    expect(sentTo(app, customer)).toEqual([]);

    const view = await seeded.asAlice.threads.get({ threadId: thread.id });
    const failed = view.messages.find((message) => message.id === reply.id);
    expect(failed).toMatchObject({ status: 'failed', deadLettered: true, attempts: MAX_ATTEMPTS });
    expect(failed?.error).toMatch(/^OpenPhone was unavailable \(POST \/v1\/messages: OpenPhone replied 500/);
    expect(view.thread.needsHuman).toBe(true);
    const alerts = await queuedAlerts(app);
    expect(alerts.at(-1)).toMatch(
      new RegExp(
        `^A text from Bedford to …${customer.slice(-4)} was not sent after 3 attempts: OpenPhone was unavailable`,
      ),
    );
    expect(alerts.at(-1)).not.toContain(customer);
    const audit = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'message.dead_lettered'));
    expect(audit.map((row) => (row.after as { messageId: string }).messageId)).toContain(reply.id);

    const retried = await seeded.asAlice.threads.retrySend({ messageId: reply.id });
    expect(retried).toMatchObject({ status: 'queued', deadLettered: false, attempts: 0, error: null });
    expect(await app.services.messaging.runSend(reply.id)).toMatchObject({ kind: 'sent' });
    expect(sentTo(app, customer).map((message) => message.content)).toEqual(['Through the outage']);
    await expect(seeded.asAlice.threads.retrySend({ messageId: reply.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(seeded.asBob.threads.retrySend({ messageId: reply.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reconciles a send whose reply was lost instead of texting twice, and catches up on its statuses', async () => {
    const { customer, reply } = await replyQueued('Lost in the post');
    app.openphone.control.acceptButLoseReply();
    const first = await app.services.messaging.runSend(reply.id);
    expect(first).toMatchObject({ kind: 'retrying' });
    expect(await messageRow(reply.id)).toMatchObject({
      status: 'sending',
      outcomeUnknown: true,
      providerMessageId: null,
    });
    // OpenPhone's status webhooks for the text arrive before ClubOS knows its id.
    const accepted = sentTo(app, customer)[0];
    await eventually(async () =>
      app.openphone.control.deliveries.filter((d) => d.type === 'message.delivered').length > 0 &&
      accepted?.status === 'delivered'
        ? true
        : undefined,
    );
    await processEvents(app);
    const second = await nextAttempt(reply.id);
    expect(second).toEqual({ kind: 'sent', providerMessageId: accepted?.id, reconciled: true });
    expect(sentTo(app, customer)).toHaveLength(1);
    expect(await messageRow(reply.id)).toMatchObject({
      status: 'delivered',
      outcomeUnknown: false,
      attempts: 2,
    });
  });

  it('resends once after a timeout OpenPhone never acted on', async () => {
    const { customer, reply } = await replyQueued('After the timeout');
    app.openphone.control.timeoutNext();
    expect(await app.services.messaging.runSend(reply.id)).toMatchObject({ kind: 'retrying' });
    expect(sentTo(app, customer)).toEqual([]);
    expect(await nextAttempt(reply.id)).toMatchObject({ kind: 'sent', reconciled: false });
    expect(sentTo(app, customer)).toHaveLength(1);
  });

  it('sends once when a worker dies after taking the message and before calling OpenPhone', async () => {
    const { customer, reply } = await replyQueued('After the crash');
    const crash = app.services.messaging.runSend(reply.id, {
      afterClaim: () => {
        throw new Error('worker killed');
      },
    });
    await expect(crash).rejects.toThrow('worker killed');
    expect(await app.services.messaging.runSend(reply.id)).toMatchObject({ kind: 'busy' });
    app.clock.advance(61_000);
    expect(await app.services.messaging.runSend(reply.id)).toMatchObject({ kind: 'sent', reconciled: false });
    expect(sentTo(app, customer)).toHaveLength(1);
  });

  it('re-queues a send whose job was lost, from the sweep', async () => {
    const { customer, reply } = await replyQueued('Found by the sweep');
    app.clock.advance(3 * 60_000);
    const jobsBefore = await jobCount(app, SEND_QUEUE);
    expect((await app.services.messaging.runSweep()).requeued).toBeGreaterThanOrEqual(1);
    expect(await jobCount(app, SEND_QUEUE)).toBeGreaterThan(jobsBefore);
    expect(await app.services.messaging.runSend(reply.id)).toMatchObject({ kind: 'sent' });
    expect(sentTo(app, customer)).toHaveLength(1);
  });
});
