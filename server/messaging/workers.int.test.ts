import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../db/schema/index.ts';
import { engines } from '../test/databases.ts';
import { newCustomer, seedMessaging, sentTo, textIn, threadOf } from './fixtures.ts';
import { createMessagingTestApp, eventually, type MessagingTestApp } from './testApp.ts';

// End to end through the real pg-boss workers: nothing here calls a job handler directly.
describe.each(engines)('messaging through the real workers on %s', (engine) => {
  let app: MessagingTestApp;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;

  beforeAll(async () => {
    app = await createMessagingTestApp(engine, { work: true });
    seeded = await seedMessaging(app);
  });
  afterAll(() => app?.close());

  const statusOf = async (id: string) => {
    const [row] = await app.database.handle.db.select().from(messages).where(eq(messages.id, id));
    return row?.status;
  };

  it('answers HELP on its own, and a staff reply reaches OpenPhone and ends delivered', async () => {
    const customer = newCustomer();
    await textIn(app, customer, 'HELP');
    await eventually(async () => (sentTo(app, customer).length === 1 ? true : undefined));
    await textIn(app, customer, 'My bay is frozen');
    const thread = await threadOf(app, customer);
    const reply = await seeded.asAlice.threads.send({
      threadId: thread.id,
      body: 'Restarting it for you now',
      idempotencyKey: randomUUID(),
    });
    await eventually(async () => ((await statusOf(reply.id)) === 'delivered' ? true : undefined));
    expect(sentTo(app, customer).map((message) => message.content)).toEqual([
      'Bedford: Reply to this text to reach our staff or call +1 902-555-0100. Reply STOP to unsubscribe.',
      'Restarting it for you now',
    ]);
  });

  it('retries a failing send with backoff until it goes, once', async () => {
    const customer = newCustomer();
    await textIn(app, customer, 'Hi');
    const thread = await threadOf(app, customer);
    app.openphone.control.failNext({ status: 503, times: 2 });
    const reply = await seeded.asAlice.threads.send({
      threadId: thread.id,
      body: 'Third time lucky',
      idempotencyKey: randomUUID(),
    });
    await eventually(async () => ((await statusOf(reply.id)) === 'delivered' ? true : undefined));
    expect(sentTo(app, customer)).toHaveLength(1);
  });
});

describe.each(engines)('a worker killed between commit and send, on %s', (engine) => {
  let app: MessagingTestApp;
  beforeAll(async () => {
    // No workers: the reply commits with its job, and nothing runs it.
    app = await createMessagingTestApp(engine, { work: false });
  });
  afterAll(() => app?.close());

  it('sends exactly once after the restart', async () => {
    const seeded = await seedMessaging(app);
    const customer = newCustomer();
    await textIn(app, customer, 'Hello?');
    const thread = await threadOf(app, customer);
    const reply = await seeded.asAlice.threads.send({
      threadId: thread.id,
      body: 'Sent after a restart',
      idempotencyKey: randomUUID(),
    });
    await app.jobs.stop(1_000);
    expect(app.openphone.sent).toHaveLength(0);

    await app.newJobQueue({ work: true });
    await eventually(async () => (sentTo(app, customer).length > 0 ? true : undefined), 20_000);
    await eventually(async () => {
      const [row] = await app.database.handle.db.select().from(messages).where(eq(messages.id, reply.id));
      return row?.status === 'delivered' ? true : undefined;
    });
    expect(sentTo(app, customer).map((message) => message.content)).toEqual(['Sent after a restart']);
  });
});
