import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contacts, facilities } from '../db/schema/index.ts';
import { engines } from '../test/databases.ts';
import {
  DARTMOUTH,
  messagesOf,
  newCustomer,
  processEvents,
  seedMessaging,
  sendQueued,
  sentTo,
  textIn,
  threadOf,
} from './fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from './testApp.ts';

describe.each(engines)('SMS rules on %s', (engine) => {
  let app: MessagingTestApp;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;

  beforeAll(async () => {
    app = await createMessagingTestApp(engine);
    seeded = await seedMessaging(app);
  });
  afterAll(() => app?.close());

  const db = () => app.database.handle.db;
  const contactOf = async (phone: string) => {
    const [row] = await db().select().from(contacts).where(eq(contacts.phone, phone));
    return row;
  };
  /** Processes the events, sends what they queued, and returns what reached the customer. */
  const settle = async (customer: string) => {
    await processEvents(app);
    await sendQueued(app);
    return sentTo(app, customer).map((message) => message.content);
  };
  const reply = (threadId: string, body = 'Are you still there?') =>
    seeded.asAlice.threads.send({ threadId, body, idempotencyKey: randomUUID() });

  it('STOP: recorded before the webhook is acknowledged, confirmed once, and staff cannot text them', async () => {
    const customer = newCustomer();
    await textIn(app, customer, 'Hi, is the door open?');
    await textIn(app, customer, 'STOP');
    // Before any job has run.
    expect((await contactOf(customer))?.optedOutAt).toBeInstanceOf(Date);
    const thread = await threadOf(app, customer);
    expect(await settle(customer)).toEqual([
      "Bedford: You're unsubscribed and will get no more texts from us. Reply START to resubscribe.",
    ]);
    await textIn(app, customer, 'stop');
    expect(await settle(customer)).toHaveLength(1);

    const refused = reply(thread.id);
    await expect(refused).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(refused).rejects.toThrow(
      /^Not sent: \+1902555\d{4} opted out of texts on .+ \(they replied STOP\)\. Nothing can be sent to them until they text START\.$/,
    );
    const view = await seeded.asAlice.threads.get({ threadId: thread.id });
    expect(view.thread).toMatchObject({ optedOut: true, optedOutAt: expect.any(String) });
    const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'contact.opted_out'));
    expect(audit.some((row) => (row.after as { phone: string }).phone === customer)).toBe(true);
  });

  it('hears "stop texting me" as STOP', async () => {
    const customer = newCustomer();
    await textIn(app, customer, 'Please stop texting me!');
    expect((await contactOf(customer))?.optedOutAt).toBeInstanceOf(Date);
    expect(await settle(customer)).toHaveLength(1);
    await expect(reply((await threadOf(app, customer)).id)).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('refuses at send time a reply queued before the customer opted out, saying why in the thread', async () => {
    const customer = newCustomer();
    await textIn(app, customer, 'What are your prices?');
    const thread = await threadOf(app, customer);
    const queued = await reply(thread.id, 'Our prices are on the website.');
    await textIn(app, customer, 'UNSUBSCRIBE');
    await processEvents(app);
    expect(await app.services.messaging.runSend(queued.id)).toMatchObject({ kind: 'refused' });
    await sendQueued(app);
    expect(sentTo(app, customer).map((message) => message.content)).toEqual([
      "Bedford: You're unsubscribed and will get no more texts from us. Reply START to resubscribe.",
    ]);
    const view = await seeded.asAlice.threads.get({ threadId: thread.id });
    expect(view.messages.find((message) => message.id === queued.id)).toMatchObject({
      status: 'failed',
      deadLettered: false,
      error: expect.stringMatching(/^Not sent: .* opted out/),
    });
  });

  it('START re-subscribes, with a confirmation, and staff can text again', async () => {
    const customer = newCustomer();
    await textIn(app, customer, 'STOP');
    await settle(customer);
    await textIn(app, customer, 'START');
    expect((await contactOf(customer))?.optedOutAt).toBeNull();
    expect(await settle(customer)).toEqual([
      "Bedford: You're unsubscribed and will get no more texts from us. Reply START to resubscribe.",
      "Bedford: You're subscribed to texts again. Reply HELP for help, STOP to unsubscribe.",
    ]);
    const thread = await threadOf(app, customer);
    await reply(thread.id, 'Welcome back');
    expect(await settle(customer)).toHaveLength(3);
  });

  it('HELP gets the facility name and how to reach a person, and is not left for staff', async () => {
    const customer = newCustomer();
    await textIn(app, customer, 'HELP');
    expect(await settle(customer)).toEqual([
      'Bedford: Reply to this text to reach our staff or call +1 902-555-0100. Reply STOP to unsubscribe.',
    ]);
    expect((await threadOf(app, customer)).needsHumanSince).toBeNull();
  });

  it('leaves ordinary messages that contain keywords to staff', async () => {
    const customer = newCustomer();
    await textIn(app, customer, "I can't stop slicing, any tips?");
    await textIn(app, customer, 'yes');
    expect(await settle(customer)).toEqual([]);
    expect((await contactOf(customer))?.optedOutAt).toBeNull();
    expect((await threadOf(app, customer)).needsHumanSince).toBeInstanceOf(Date);
  });

  it('texts a missed caller once per hour, in the facility’s own words', async () => {
    await db()
      .update(facilities)
      .set({ settings: { messaging: { missedCallText: 'Dartmouth here: sorry we missed your call!' } } })
      .where(eq(facilities.phoneNumber, DARTMOUTH));
    const customer = newCustomer();
    await app.openphone.control.missedCall({ from: customer, to: DARTMOUTH });
    await app.openphone.control.missedCall({ from: customer, to: DARTMOUTH, type: 'call.missed' });
    expect(await settle(customer)).toEqual(['Dartmouth here: sorry we missed your call!']);
    expect(sentTo(app, customer)[0]).toMatchObject({ from: DARTMOUTH });
    app.clock.advance(61 * 60_000);
    await app.openphone.control.missedCall({ from: customer, to: DARTMOUTH });
    expect(await settle(customer)).toHaveLength(2);
    const thread = await threadOf(app, customer);
    expect((await messagesOf(app, thread.id)).map((message) => message.kind)).toEqual([
      'missed_call',
      'missed_call',
    ]);
  });

  it('holds a missed-call text until 08:00 when the call comes at night, and sends it then', async () => {
    // The clock starts at 13:00 in Halifax; 10 hours on is 23:00.
    app.clock.advance(10 * 3_600_000);
    const customer = newCustomer();
    await app.openphone.control.missedCall({ from: customer, to: '+19025550100' });
    expect(await settle(customer)).toEqual([]);
    const [auto] = await messagesOf(app, (await threadOf(app, customer)).id);
    const due = auto?.nextAttemptAt;
    expect(due).toBeInstanceOf(Date);
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/Halifax',
      hour: '2-digit',
      minute: '2-digit',
    }).format(due ?? 0);
    expect(local).toBe('08:00');
    expect(await app.services.messaging.runSend(auto?.id ?? '')).toMatchObject({ kind: 'waiting' });
    app.clock.advance((due?.getTime() ?? 0) - app.clock.now().getTime() + 1_000);
    expect(await app.services.messaging.runSend(auto?.id ?? '')).toMatchObject({ kind: 'sent' });
    expect(sentTo(app, customer)).toHaveLength(1);
    // Back to the afternoon for whatever runs next.
    app.clock.advance(5 * 3_600_000);
  });
});
