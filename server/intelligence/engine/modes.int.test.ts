import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiModelCalls, auditLog } from '../../db/schema/index.ts';
import { createOpenAIClient } from '../../integrations/openai/client.ts';
import { defaultResponder } from '../../integrations/openai/fakeResponder.ts';
import { type FakeOpenAI, startFakeOpenAI } from '../../integrations/openai/fakeServer.ts';
import { AGENT_REPLY } from '../../integrations/openai/schemas.ts';
import {
  messagesOf,
  newCustomer,
  queuedAlerts,
  seedMessaging,
  sendQueued,
  sentTo,
  threadOf,
} from '../../messaging/fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from '../../messaging/testApp.ts';
import { engines } from '../../test/databases.ts';
import { runsOf, seedIntelligence, textAndAnswer } from './testSupport.ts';

/** A reply the fake model gives for every agent answer (routing stays the demo brain's). */
function replyWith(fake: FakeOpenAI, reply: string) {
  fake.setResponder((request) =>
    request.responseFormat?.name === AGENT_REPLY
      ? { content: JSON.stringify({ reply, handoff: false, handoff_reason: null }) }
      : defaultResponder(request),
  );
}

describe.each(engines)('agent modes and guards on %s', (engine) => {
  let app: MessagingTestApp;
  let fake: FakeOpenAI;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;
  let asManager: Awaited<ReturnType<MessagingTestApp['caller']>>;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    app = await createMessagingTestApp(engine, {
      openai: createOpenAIClient({ apiKey: fake.apiKey, baseURL: fake.url, timeoutMs: 2_000, maxRetries: 0 }),
      env: { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url, CLUBOS_AI_DEBOUNCE_SECONDS: '0' },
    });
    seeded = await seedMessaging(app);
    await seedIntelligence(app);
    await app.services.users.addUser(
      {
        email: 'mia@bedford.test',
        name: 'Mia Manager',
        role: 'manager',
        facilitySlugs: ['bedford'],
        password: 'a long enough password',
      },
      { actor: { type: 'system', label: 'test' } },
    );
    asManager = app.caller(
      (await app.caller().auth.login({ email: 'mia@bedford.test', password: 'a long enough password' }))
        .token,
    );
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  const setMode = (agent: 'booking' | 'tech_support' | 'brand', mode: 'shadow' | 'draft' | 'auto') =>
    asManager.ai.setMode({ facilitySlug: 'bedford', agent, mode });

  it('draft (the default): the answer waits for staff, who send it; provenance names the SOP version', async () => {
    fake.setResponder(defaultResponder);
    const customer = newCustomer();
    const outcome = await textAndAnswer(app, customer, 'My door code is not working, the keypad flashes red');
    expect(outcome).toMatchObject({ kind: 'answered', state: 'draft' });
    await sendQueued(app);
    expect(sentTo(app, customer)).toEqual([]);

    const thread = await threadOf(app, customer);
    const [run] = await seeded.asAlice.ai.threadRuns({ threadId: thread.id });
    expect(run).toMatchObject({ agent: 'booking', via: 'llm', mode: 'draft', state: 'draft' });
    expect(
      run?.provenance.sopSections.some((ref) => ref.path === 'booking/door-access.md' && ref.version === 1),
    ).toBe(true);
    expect(run?.provenance).toMatchObject({ model: expect.any(String), promptTokens: expect.any(Number) });
    expect(run?.provenance.costUsd).toBeGreaterThan(0);

    const sent = await seeded.asAlice.ai.approve({ runId: run?.id ?? '' });
    expect(sent.state).toBe('sent');
    await sendQueued(app);
    expect(sentTo(app, customer).map((message) => message.content)).toEqual([run?.body]);
    const calls = await app.database.handle.db
      .select()
      .from(aiModelCalls)
      .where(eq(aiModelCalls.runId, run?.id ?? ''));
    expect(calls.map((call) => call.purpose).sort()).toEqual(['classify', 'reply']);
  });

  it('auto: a grounded answer is sent through the outbox without anyone touching it', async () => {
    await setMode('booking', 'auto');
    fake.setResponder(defaultResponder);
    const customer = newCustomer();
    const outcome = await textAndAnswer(app, customer, 'My door code is not working, the keypad flashes red');
    expect(outcome).toMatchObject({ state: 'sent' });
    await sendQueued(app);
    const [message] = sentTo(app, customer);
    expect(message?.content.length).toBeGreaterThan(10);
    const thread = await threadOf(app, customer);
    const outbound = (await messagesOf(app, thread.id)).filter((row) => row.direction === 'outbound');
    expect(outbound.map((row) => row.kind)).toEqual(['ai']);
  });

  it('shadow: the answer is stored and shown, never sent', async () => {
    await setMode('brand', 'shadow');
    fake.setResponder(defaultResponder);
    const customer = newCustomer();
    const outcome = await textAndAnswer(app, customer, 'Do you sell gift cards?');
    expect(outcome).toMatchObject({ state: 'shadow' });
    await sendQueued(app);
    expect(sentTo(app, customer)).toEqual([]);
    const [run] = await runsOf(app, (await threadOf(app, customer)).id);
    expect(run?.body).toBeTruthy();
    expect(run?.reason).toMatch(/Shadow mode/);
  });

  it('grounding guard: an invented price or PIN is never auto-sent, it becomes a draft with the reason', async () => {
    await setMode('booking', 'auto');
    for (const [invented, words] of [
      ['An hour for four is $99.', /a price \(\$99\)/],
      ['Your door PIN is 4821, just punch it in.', /a code or PIN \(4821\)/],
    ] as const) {
      replyWith(fake, invented);
      const customer = newCustomer();
      const outcome = await textAndAnswer(app, customer, 'How much is an hour and what is my door code?');
      expect(outcome).toMatchObject({ state: 'draft' });
      const [run] = await runsOf(app, (await threadOf(app, customer)).id);
      expect(run?.reason).toMatch(words);
      await sendQueued(app);
      expect(sentTo(app, customer)).toEqual([]);
    }
  });

  it('a price that is in the facility facts is grounded and goes out in auto mode', async () => {
    await setMode('booking', 'auto');
    replyWith(fake, 'A standard bay hour is $45, for up to the whole group in the bay.');
    const customer = newCustomer();
    const outcome = await textAndAnswer(app, customer, 'What is the price to book an hour for 4 people?');
    const [run] = await runsOf(app, (await threadOf(app, customer)).id);
    expect({
      state: outcome.kind === 'answered' ? outcome.state : outcome.reason,
      reason: run?.reason,
    }).toEqual({
      state: 'sent',
      reason: null,
    });
  });

  it('provider down: the SDK gives up, the customer still gets a human (an offline draft, never silence)', async () => {
    await setMode('booking', 'auto');
    fake.setDown(true);
    try {
      const customer = newCustomer();
      const outcome = await textAndAnswer(app, customer, 'Can I move my 7pm booking to 8?');
      expect(outcome).toMatchObject({ state: 'draft' });
      const thread = await threadOf(app, customer);
      const [run] = await runsOf(app, thread.id);
      expect(run).toMatchObject({ via: 'offline' });
      expect(run?.reason).toMatch(/AI provider/);
      expect(thread.needsHumanSince).toBeInstanceOf(Date);
    } finally {
      fake.setDown(false);
    }
  });

  it('the budget: over it, no model is called, answers are drafts, and managers are told once', async () => {
    await asManager.ai.setBudget({ facilitySlug: 'bedford', dailyBudgetUsd: 0 });
    try {
      const before = fake.requests.length;
      for (const text of ['Are you open on Christmas day?', 'Is there a membership that gives more hours?']) {
        const customer = newCustomer();
        expect(await textAndAnswer(app, customer, text)).toMatchObject({ state: 'draft' });
        const [run] = await runsOf(app, (await threadOf(app, customer)).id);
        expect(run?.reason).toMatch(/budget/);
      }
      expect(fake.requests.length).toBe(before);
      expect(
        (await queuedAlerts(app)).filter((text) => text.includes("reached today's AI budget")),
      ).toHaveLength(1);
      const audit = await app.database.handle.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'ai.budget.exceeded'));
      expect(audit).toHaveLength(1);
    } finally {
      await asManager.ai.setBudget({ facilitySlug: 'bedford', dailyBudgetUsd: 10 });
    }
  });

  it('frontdesk cannot change modes or switches (FORBIDDEN)', async () => {
    await expect(
      seeded.asAlice.ai.setMode({ facilitySlug: 'bedford', agent: 'booking', mode: 'auto' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(seeded.asAlice.ai.killSwitch({ on: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
