import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import { RESTART_SCRIPT_ID } from '../../bays/testApp.ts';
import { bayActions, events } from '../../db/schema/index.ts';
import { createNinjaOneClient } from '../../integrations/ninjaone/client.ts';
import { type FakeNinjaOne, startFakeNinjaOne } from '../../integrations/ninjaone/fakeServer.ts';
import { createOpenAIClient } from '../../integrations/openai/client.ts';
import { defaultResponder } from '../../integrations/openai/fakeResponder.ts';
import { type FakeOpenAI, startFakeOpenAI } from '../../integrations/openai/fakeServer.ts';
import { gullibleResponder } from '../../integrations/openai/gullibleResponder.ts';
import {
  messagesOf,
  newCustomer,
  processEvents,
  queuedAlerts,
  seedMessaging,
  sendQueued,
  sentTo,
  textIn,
  threadOf,
} from '../../messaging/fixtures.ts';
import { createMessagingTestApp, eventually, type MessagingTestApp } from '../../messaging/testApp.ts';
import { runClubos } from '../../test/cli.ts';
import { engines } from '../../test/databases.ts';
import { agentInstructions } from '../agents/instructions.ts';
import { readInjections } from '../routing/testSets.ts';
import { lastInboundId, runsOf, seedIntelligence, textAndAnswer } from './testSupport.ts';

const injectionDevSet = readInjections();

const NINJA = { clientId: 'clubos-ai-test', clientSecret: 'ai-test-secret-5c1a' };

describe.each(engines)('AI safety controls on %s', (engine) => {
  let app: MessagingTestApp;
  let fake: FakeOpenAI;
  let ninja: FakeNinjaOne;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;
  let asManager: Awaited<ReturnType<MessagingTestApp['caller']>>;
  let appClock = () => new Date();

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    ninja = await startFakeNinjaOne({
      devices: [101, 102].map((id) => ({ id, scriptIds: [RESTART_SCRIPT_ID] })),
      ...NINJA,
      rebootOfflineAfterMs: 50,
      rebootDowntimeMs: 200,
      scriptRunMs: 50,
      // The fake's activity times must come from the app's clock (13:00 in Halifax), set below.
      now: () => appClock(),
    });
    app = await createMessagingTestApp(engine, {
      openai: createOpenAIClient({ apiKey: fake.apiKey, baseURL: fake.url, timeoutMs: 2_000, maxRetries: 0 }),
      ninjaone: createNinjaOneClient({ url: ninja.url, ...NINJA, timeoutMs: 2_000 }),
      env: {
        OPENAI_API_KEY: fake.apiKey,
        OPENAI_BASE_URL: fake.url,
        CLUBOS_AI_DEBOUNCE_SECONDS: '0',
        CLUBOS_BAY_ACTION_TIMEOUT_MINUTES: '0.1',
        CLUBOS_AI_REPLIES_PER_HOUR: '3',
      },
    });
    appClock = app.clock.now;
    seeded = await seedMessaging(app);
    await app.services.facilities.applySetup(
      {
        facilities: [
          {
            slug: 'bedford',
            name: 'Bedford',
            timezone: 'America/Halifax',
            phoneNumber: '+19025550100',
            openphoneNumberId: 'PNbedford',
            bays: [
              { number: 1, name: 'Bay 1', ninjaDeviceId: 101 },
              { number: 2, name: 'Bay 2', ninjaDeviceId: 102 },
            ],
            actions: { 'restart-sim': { scriptId: RESTART_SCRIPT_ID } },
          },
        ],
      },
      systemActor('test'),
    );
    await seedIntelligence(app);
    await app.services.bays.runPoll();
    await app.services.users.addUser(
      {
        email: 'mia@bedford.test',
        name: 'Mia Manager',
        role: 'manager',
        facilitySlugs: ['bedford'],
        password: 'a long enough password',
      },
      systemActor('test'),
    );
    asManager = app.caller(
      (await app.caller().auth.login({ email: 'mia@bedford.test', password: 'a long enough password' }))
        .token,
    );
    for (const agent of ['booking', 'tech_support', 'brand'] as const) {
      await asManager.ai.setMode({ facilitySlug: 'bedford', agent, mode: 'auto' });
    }
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    await ninja?.close();
  });

  it('emergency lane: the safety reply, the Slack page and the desktop alert, with the model down', async () => {
    fake.setDown(true);
    try {
      const customer = newCustomer();
      const before = fake.requests.length;
      await textIn(app, customer, "Someone fell and hit their head in bay 2, they're bleeding");
      await processEvents(app);
      await sendQueued(app);
      expect(sentTo(app, customer).map((message) => message.content)).toEqual([
        'If anyone is hurt or in danger, call 911 now. Bedford staff have been alerted and will text you right away.',
      ]);
      expect(
        (await queuedAlerts(app)).some((text) => text.startsWith(':rotating_light: EMERGENCY at Bedford')),
      ).toBe(true);
      const alerts = await app.database.handle.db
        .select()
        .from(events)
        .where(eq(events.type, 'ai.emergency'));
      const thread = await threadOf(app, customer);
      expect(alerts.some((row) => (row.payload as { threadId: string }).threadId === thread.id)).toBe(true);
      expect(thread.needsHumanSince).toBeInstanceOf(Date);
      expect(fake.requests.length).toBe(before);

      // The Emergency agent's own answer, later, is only ever a draft, and the thread stays with a person.
      const outcome = await app.services.intelligence.runReply({
        threadId: thread.id,
        messageId: await lastInboundId(app, thread.id),
      });
      expect(outcome).toMatchObject({ state: 'draft' });
      expect((await threadOf(app, customer)).needsHumanSince).toBeInstanceOf(Date);
    } finally {
      fake.setDown(false);
    }
  });

  it('debounce: a burst of texts gets one answer', async () => {
    fake.setResponder(defaultResponder);
    const customer = newCustomer();
    for (const text of ['hi', 'the projector in bay 2', 'it wont turn on']) await textIn(app, customer, text);
    await processEvents(app);
    const thread = await threadOf(app, customer);
    const inbound = (await messagesOf(app, thread.id)).filter((row) => row.direction === 'inbound');
    const outcomes = [];
    for (const message of inbound) {
      outcomes.push(await app.services.intelligence.runReply({ threadId: thread.id, messageId: message.id }));
    }
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['skipped', 'skipped', 'answered']);
    expect(await runsOf(app, thread.id)).toHaveLength(1);
    expect((await runsOf(app, thread.id))[0]?.query).toBe('hi\nthe projector in bay 2\nit wont turn on');
  });

  it('per-customer limit: past 3 answers an hour, the thread goes to a person', async () => {
    fake.setResponder(defaultResponder);
    const customer = newCustomer();
    const states = [];
    for (const text of [
      'Do you sell gift cards?',
      'Are you hiring?',
      'Is there a winter league?',
      'Any promo codes?',
    ]) {
      const outcome = await textAndAnswer(app, customer, text);
      states.push(outcome.kind === 'answered' ? outcome.state : outcome.reason);
      await sendQueued(app);
    }
    // Drafts count too: each is an answer written for this customer (and paid for).
    expect(states.slice(0, 3).every((state) => state === 'sent' || state === 'draft')).toBe(true);
    expect(states[3]).toBe('handed_off');
    const runs = await runsOf(app, (await threadOf(app, customer)).id);
    expect(runs.at(-1)?.reason).toMatch(/already answered this customer 3 times in the last hour/);
    expect((await threadOf(app, customer)).needsHumanSince).toBeInstanceOf(Date);
  });

  it('no reply to an opted-out number or a thread a person took over', async () => {
    const optedOut = newCustomer();
    await textIn(app, optedOut, 'STOP');
    await processEvents(app);
    await app.services.intelligence.runReply({
      threadId: (await threadOf(app, optedOut)).id,
      messageId: await lastInboundId(app, (await threadOf(app, optedOut)).id),
    });
    await textIn(app, optedOut, 'Do you sell gift cards?');
    const outcome = await textAndAnswer(app, optedOut, 'hello?');
    expect(outcome).toMatchObject({ state: 'skipped' });

    const paused = newCustomer();
    await textIn(app, paused, 'Can I move my 7pm booking to 8?');
    const thread = await threadOf(app, paused);
    await seeded.asAlice.threads.send({
      threadId: thread.id,
      body: 'Looking now!',
      idempotencyKey: randomUUID(),
    });
    expect(await textAndAnswer(app, paused, 'thanks, also do you have clubs?')).toMatchObject({
      state: 'skipped',
    });
    await sendQueued(app);
    expect(sentTo(app, paused).map((message) => message.content)).toEqual(['Looking now!']);
  });

  it('kill switch: new texts go to people, and an AI text already queued is held at send time', async () => {
    fake.setResponder(defaultResponder);
    const queuedFor = newCustomer();
    expect(await textAndAnswer(app, queuedFor, 'My door code is not working')).toMatchObject({
      state: 'sent',
    });
    await asManager.ai.killSwitch({ facilitySlug: 'bedford', on: true });
    try {
      const started = Date.now();
      const outcomes = await sendQueued(app);
      expect(outcomes.some((outcome) => outcome.kind === 'refused')).toBe(true);
      expect(sentTo(app, queuedFor)).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5_000);
      const held = (await messagesOf(app, (await threadOf(app, queuedFor)).id)).find(
        (row) => row.kind === 'ai',
      );
      expect(held).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/switched off/) });

      const customer = newCustomer();
      expect(await textAndAnswer(app, customer, 'Do you sell gift cards?')).toMatchObject({
        state: 'handed_off',
      });
      expect((await threadOf(app, customer)).needsHumanSince).toBeInstanceOf(Date);
    } finally {
      await asManager.ai.killSwitch({ facilitySlug: 'bedford', on: false });
    }
  });

  it('tool flow: no reset without the customer’s YES; a confirmed reset runs once and the outcome is texted', async () => {
    fake.setResponder(defaultResponder);
    const customer = newCustomer();
    expect(
      await textAndAnswer(app, customer, 'The screen is frozen in bay 1, can you restart it?'),
    ).toMatchObject({
      state: 'sent',
    });
    await sendQueued(app);
    expect(sentTo(app, customer).at(-1)?.content).toMatch(/Reply YES to go ahead/);
    const actions = () => app.database.handle.db.select().from(bayActions);
    expect(await actions()).toHaveLength(0);

    await textAndAnswer(app, customer, 'YES');
    await textAndAnswer(app, customer, 'yes');
    const [action, ...others] = await actions();
    expect(others).toHaveLength(0);
    expect(action).toMatchObject({ kind: 'restart-sim', requestedBy: null });
    await app.services.bays.runDispatch(action?.id ?? '');
    await eventually(async () => {
      const outcome = await app.services.bays.runTrack(action?.id ?? '');
      return outcome.kind === 'finished' ? outcome : undefined;
    });
    await sendQueued(app);
    const texts = sentTo(app, customer).map((message) => message.content);
    expect(texts.some((text) => /Restarting the simulator in Bay 1 now/.test(text))).toBe(true);
    expect(texts.at(-1)).toMatch(/Bay 1 is back up/);
  });

  it('tool flow: a reset that fails is texted honestly and the thread goes to a person', async () => {
    fake.setResponder(defaultResponder);
    ninja.control.failScript(102, 'Simulator did not start', 4);
    const customer = newCustomer();
    await textAndAnswer(app, customer, 'The game crashed in bay 2, can you restart it?');
    await sendQueued(app);
    await textAndAnswer(app, customer, 'yes please');
    const [action] = (await app.database.handle.db.select().from(bayActions)).filter(
      (row) => row.state === 'requested',
    );
    await app.services.bays.runDispatch(action?.id ?? '');
    await eventually(async () => {
      const outcome = await app.services.bays.runTrack(action?.id ?? '');
      return outcome.kind === 'finished' ? outcome : undefined;
    });
    await sendQueued(app);
    expect(sentTo(app, customer).at(-1)?.content).toMatch(
      /didn’t finish as expected. A staff member has been alerted/,
    );
    expect((await threadOf(app, customer)).needsHumanSince).toBeInstanceOf(Date);
  });

  it.each(injectionDevSet)(
    'injection: "%s" causes no tool call, no leaked instructions, no auto-send',
    async (text) => {
      fake.setResponder(gullibleResponder);
      const before = (await app.database.handle.db.select().from(bayActions)).length;
      const customer = newCustomer();
      await textAndAnswer(app, customer, text);
      await textAndAnswer(app, customer, 'YES');
      await sendQueued(app);
      const [run] = await runsOf(app, (await threadOf(app, customer)).id);
      expect(run?.resetOffer ?? null).toBeNull();
      expect(run?.state).not.toBe('sent');
      expect((await app.database.handle.db.select().from(bayActions)).length).toBe(before);
      const instructions = agentInstructions(run?.agent ?? 'booking');
      for (const message of sentTo(app, customer)) {
        expect(message.content).not.toContain(instructions.slice(0, 60));
        expect(message.content).not.toMatch(/sk-|OPENAI|system prompt/i);
      }
      expect(run?.body ?? '').not.toContain(instructions.slice(0, 60));
    },
  );

  it('feedback: staff flags, a customer’s "that didn’t help", and an edited draft all export in the documented format', async () => {
    fake.setResponder(defaultResponder);
    const customer = newCustomer();
    await textAndAnswer(app, customer, 'Trackmans not picking up my shots');
    await sendQueued(app);
    const thread = await threadOf(app, customer);
    const [sentRun] = await runsOf(app, thread.id);
    await seeded.asAlice.feedback.flag({
      messageId: sentRun?.replyMessageId ?? '',
      reason: 'Should have asked which bay first',
      correction: 'Which bay are you in? I can check its sensor.',
    });
    await textIn(app, customer, "that didn't help");
    await processEvents(app);

    await asManager.ai.setMode({ facilitySlug: 'bedford', agent: 'brand', mode: 'draft' });
    const other = newCustomer();
    await textAndAnswer(app, other, 'Do you sell gift cards?');
    const [draft] = await runsOf(app, (await threadOf(app, other)).id);
    await seeded.asAlice.ai.approve({
      runId: draft?.id ?? '',
      body: 'Yes! Gift cards are at the front desk.',
    });

    const { jsonl } = await asManager.feedback.export({});
    const records = jsonl
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const keys = [
      'query',
      'response',
      'agent',
      'feedback_rating',
      'reason',
      'correction',
      'sop_versions',
      'thread_id',
      'created_at',
    ];
    for (const record of records) expect(Object.keys(record).sort()).toEqual([...keys].sort());
    const mine = records.filter((record) => record.thread_id === thread.id);
    expect(mine.map((record) => record.reason)).toEqual([
      'Should have asked which bay first',
      'Customer replied: "that didn\'t help"',
    ]);
    expect(mine[0]).toMatchObject({
      query: 'Trackmans not picking up my shots',
      agent: 'tech_support',
      feedback_rating: 'unhelpful',
      correction: 'Which bay are you in? I can check its sensor.',
    });
    expect(mine[0].sop_versions[0]).toMatchObject({
      path: expect.stringMatching(/^tech-support\//),
      version: 1,
    });
    expect(records.some((record) => record.correction === 'Yes! Gift cards are at the front desk.')).toBe(
      true,
    );

    // `clubos feedback export` writes the same lines (PostgreSQL: the CLI opens the same database).
    if (app.database.url) {
      const env = { DATABASE_URL: app.database.url, LOG_LEVEL: 'silent' };
      const cli = await runClubos(['feedback', 'export', '--facility', 'bedford'], { env });
      expect(cli).toMatchObject({ code: 0, stderr: '' });
      expect(cli.stdout).toBe(jsonl);
      const later = await runClubos(['feedback', 'export', '--since', '2999-01-01'], { env });
      expect(later).toMatchObject({ code: 0, stdout: '' });
      const bad = await runClubos(['feedback', 'export', '--since', 'yesterday'], { env });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/--since expects a date like 2026-11-01/);
    }
  });
});
