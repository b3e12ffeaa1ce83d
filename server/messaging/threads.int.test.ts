import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../test/databases.ts';
import { DARTMOUTH, newCustomer, seedMessaging, textIn, threadOf } from './fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from './testApp.ts';

describe.each(engines)('threads API on %s', (engine) => {
  let app: MessagingTestApp;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;

  beforeAll(async () => {
    app = await createMessagingTestApp(engine);
    seeded = await seedMessaging(app);
  });
  afterAll(() => app?.close());

  /** A Bedford thread with `texts` inbound messages; returns its id. */
  const threadWith = async (texts: number, customer = newCustomer()) => {
    for (let i = 1; i <= texts; i++) await textIn(app, customer, `message ${i}`);
    return (await threadOf(app, customer)).id;
  };

  it('pages the inbox newest activity first, with no thread twice and none missed', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await threadWith(1));
      app.clock.advance(1_000);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await seeded.asAlice.threads.list({ limit: 3, cursor });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const ours = seen.filter((id) => ids.includes(id));
    expect(ours).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    await expect(seeded.asAlice.threads.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('filters by facility, status, assignee, unread and needs-a-human', async () => {
    const mine = await threadWith(1);
    const resolved = await threadWith(1);
    const dartmouthCustomer = newCustomer();
    await textIn(app, dartmouthCustomer, 'hello Dartmouth', DARTMOUTH);
    await seeded.asAlice.threads.assign({ threadId: mine, userId: seeded.alice.id });
    await seeded.asAlice.threads.setStatus({ threadId: resolved, status: 'resolved' });
    const ids = async (input: Parameters<typeof seeded.asAlice.threads.list>[0]) =>
      (await seeded.asAlice.threads.list({ limit: 100, ...input })).items.map((item) => item.id);

    expect(await ids({ assignedToMe: true })).toEqual([mine]);
    expect(await ids({ status: 'resolved' })).toContain(resolved);
    expect(await ids({ status: 'open' })).not.toContain(resolved);
    expect(await ids({ needsHuman: true })).toContain(mine);
    expect(await ids({ needsHuman: true })).not.toContain(resolved);
    await seeded.asAlice.threads.markRead({ threadId: mine });
    expect(await ids({ unread: true })).not.toContain(mine);
    expect(await ids({ unread: true })).toContain(resolved);
    // A facility filter outside the caller's facilities is answered like a missing one.
    const dartmouthId = (await threadOf(app, dartmouthCustomer)).facilityId;
    await expect(seeded.asAlice.threads.list({ facilityId: dartmouthId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await seeded.asBob.threads.list({ facilityId: dartmouthId })).items).toHaveLength(1);
  });

  it('keeps unread counts right for each staff member', async () => {
    const threadId = await threadWith(3);
    const unread = async (caller: typeof seeded.asAlice) =>
      (await caller.threads.get({ threadId })).thread.unreadCount;
    expect([await unread(seeded.asAlice), await unread(seeded.asCarol)]).toEqual([3, 3]);
    const view = await seeded.asAlice.threads.get({ threadId });
    const second = view.messages[1];
    expect(await seeded.asAlice.threads.markRead({ threadId, messageId: second?.id })).toEqual({
      unreadCount: 1,
    });
    expect([await unread(seeded.asAlice), await unread(seeded.asCarol)]).toEqual([1, 3]);
    // A stale markRead (an older message, a second tab) never un-reads anything.
    await seeded.asAlice.threads.markRead({ threadId });
    await seeded.asAlice.threads.markRead({ threadId, messageId: view.messages[0]?.id });
    expect(await unread(seeded.asAlice)).toBe(0);
    await textIn(
      app,
      (await app.services.messaging.get(seeded.alice, threadId, {})).thread.customerNumber,
      'one more',
    );
    expect([await unread(seeded.asAlice), await unread(seeded.asCarol)]).toEqual([1, 4]);
  });

  it('pages a thread newest first, each page oldest first', async () => {
    const threadId = await threadWith(7);
    const first = await seeded.asAlice.threads.get({ threadId, limit: 3 });
    expect(first.messages.map((message) => message.body)).toEqual(['message 5', 'message 6', 'message 7']);
    const second = await seeded.asAlice.threads.get({ threadId, limit: 3, before: first.olderCursor ?? '' });
    expect(second.messages.map((message) => message.body)).toEqual(['message 2', 'message 3', 'message 4']);
    const third = await seeded.asAlice.threads.get({ threadId, limit: 3, before: second.olderCursor ?? '' });
    expect(third.messages.map((message) => message.body)).toEqual(['message 1']);
    expect(third.olderCursor).toBeNull();
  });

  it('lets staff take over: a manual reply pauses the AI, and the pause can be set or lifted', async () => {
    const threadId = await threadWith(1);
    const before = app.clock.now().getTime();
    await seeded.asAlice.threads.send({ threadId, body: 'Hi, Alice here', idempotencyKey: randomUUID() });
    const view = await seeded.asAlice.threads.get({ threadId });
    const pausedFor = Date.parse(view.thread.aiPausedUntil ?? '') - before;
    expect(pausedFor).toBeGreaterThanOrEqual(4 * 3_600_000);
    expect(pausedFor).toBeLessThan(4 * 3_600_000 + 60_000);
    expect(view.thread.needsHuman).toBe(false);
    expect(view.messages.at(-1)).toMatchObject({
      kind: 'staff',
      sentBy: { id: seeded.alice.id, name: 'Alice Front' },
    });
    expect((await seeded.asAlice.threads.pauseAi({ threadId, paused: false })).aiPausedUntil).toBeNull();
    const paused = await seeded.asAlice.threads.pauseAi({ threadId, paused: true, hours: 1 });
    expect(Date.parse(paused.aiPausedUntil ?? '') - app.clock.now().getTime()).toBeGreaterThan(3_500_000);
  });

  it('assigns within the facility only, resolves, reopens on a new text, and wakes a snooze', async () => {
    const customer = newCustomer();
    const threadId = await threadWith(1, customer);
    expect(await seeded.asAlice.threads.assign({ threadId, userId: seeded.carol.id })).toMatchObject({
      assignedTo: { id: seeded.carol.id, name: 'Carol Desk' },
    });
    await expect(seeded.asAlice.threads.assign({ threadId, userId: seeded.bob.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await seeded.asAlice.threads.setStatus({ threadId, status: 'resolved' })).toMatchObject({
      status: 'resolved',
      needsHuman: false,
    });
    await textIn(app, customer, 'Actually, one more thing');
    expect((await threadOf(app, customer)).status).toBe('open');

    await expect(seeded.asAlice.threads.setStatus({ threadId, status: 'snoozed' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const until = new Date(app.clock.now().getTime() + 60_000).toISOString();
    expect(
      await seeded.asAlice.threads.setStatus({ threadId, status: 'snoozed', snoozedUntil: until }),
    ).toMatchObject({
      status: 'snoozed',
      snoozedUntil: until,
    });
    app.clock.advance(61_000);
    expect((await app.services.messaging.runSweep()).woken).toBeGreaterThanOrEqual(1);
    expect((await threadOf(app, customer)).status).toBe('open');
  });

  it("keeps one facility's threads from another's staff", async () => {
    const threadId = await threadWith(1);
    const asBob = seeded.asBob.threads;
    const attempts = [
      () => asBob.get({ threadId }),
      () => asBob.send({ threadId, body: 'hi', idempotencyKey: randomUUID() }),
      () => asBob.assign({ threadId, userId: null }),
      () => asBob.setStatus({ threadId, status: 'resolved' }),
      () => asBob.pauseAi({ threadId, paused: true }),
      () => asBob.addNote({ threadId, body: 'note' }),
      () => asBob.markRead({ threadId }),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Thread not found' });
    }
    await expect(seeded.asAlice.threads.get({ threadId: randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('shows notes to staff only', async () => {
    const customer = newCustomer();
    const threadId = await threadWith(1, customer);
    const note = await seeded.asAlice.threads.addNote({ threadId, body: '  Owes for last week  ' });
    expect(note).toMatchObject({
      body: 'Owes for last week',
      author: { id: seeded.alice.id, name: 'Alice Front' },
    });
    expect((await seeded.asCarol.threads.get({ threadId })).thread.notes).toEqual([note]);
    expect(app.openphone.sent.some((message) => message.to === customer)).toBe(false);
  });
});
