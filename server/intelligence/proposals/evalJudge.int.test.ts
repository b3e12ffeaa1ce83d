import { and, eq, gte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../../shared/proposals.ts';
import { systemActor } from '../../audit/types.ts';
import { loadConfig } from '../../config.ts';
import { aiModelCalls, sopProposals } from '../../db/schema/index.ts';
import { createAnthropicClient } from '../../integrations/anthropic/client.ts';
import { type FakeAnthropic, startFakeAnthropic } from '../../integrations/anthropic/fakeServer.ts';
import { createOpenAIClient } from '../../integrations/openai/client.ts';
import { type FakeOpenAI, startFakeOpenAI } from '../../integrations/openai/fakeServer.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';
import { createTestApp } from '../../test/harness.ts';
import { SOPS_DIR } from '../engine/testSupport.ts';
import { SopService } from '../sops/service.ts';
import { evaluateProposal } from './evalGate.ts';
import { evalCustomer, seedAnswer } from './evalTestSupport.ts';
import { FAILURES_BEFORE_GIVING_UP } from './judge.ts';
import { JUDGE_VERDICT, RECORD_VERDICT } from './judgeSchema.ts';
import { ProposalService } from './service.ts';
import { type ProposalContext, submitProposal } from './submit.ts';

// The eval gate's model judge against the fake OpenAI and fake Anthropic, through the real SDKs.

const audit = systemActor('eval-judge-test');
const GPT = 'gpt-4o';
const CLAUDE = 'claude-sonnet-4-6';

describe.each(engines)('the eval gate judged by a model on %s', (engine) => {
  let database: TestDatabase;
  let sops: SopService;
  let openai: FakeOpenAI;
  let claude: FakeAnthropic;
  const config = loadConfig({ LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    sops = new SopService({
      db: database.handle.db,
      config,
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    });
    await sops.importDirectory(SOPS_DIR, audit);
    [openai, claude] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
  });
  afterAll(async () => {
    await Promise.all([openai?.close(), claude?.close()]);
    await database?.drop();
  });

  const db = () => database.handle.db;
  const gpt = (dailyBudgetUsd = 5, timeoutMs = 3_000) => ({
    openai: {
      client: createOpenAIClient({
        apiKey: openai.apiKey,
        baseURL: openai.url,
        timeoutMs: 5_000,
        maxRetries: 0,
      }),
      model: GPT,
      dailyBudgetUsd,
    },
    timeoutMs,
    maxRetries: 0,
  });
  const sonnet = (dailyBudgetUsd = 5) => ({
    anthropic: {
      client: createAnthropicClient({
        apiKey: claude.apiKey,
        baseURL: claude.url,
        timeoutMs: 5_000,
        maxRetries: 0,
      }),
      model: CLAUDE,
      dailyBudgetUsd,
    },
    timeoutMs: 3_000,
    maxRetries: 0,
  });
  /** One call per side, or one for both when the change left the answer as it was. */
  const callsFor = (report: EvalReport) =>
    report.cases.reduce((sum, entry) => sum + (entry.before.answer === entry.after.answer ? 1 : 2), 0);
  const doorAccess = async () => (await sops.get({ path: 'booking/door-access.md' })).content;
  const withoutDoorSteps = async () =>
    (await doorAccess()).replace(/## Door code not working[\s\S]*?(?=\n## )/, '');
  const judgeCalls = async (since: Date) =>
    db()
      .select()
      .from(aiModelCalls)
      .where(and(eq(aiModelCalls.purpose, 'judge'), gte(aiModelCalls.createdAt, since)));

  it('GPT judges both sides of every case with a json_schema verdict; each call is accounted, the total reported', async () => {
    const since = new Date();
    const sent = openai.requests.length;
    const report = await evaluateProposal(
      { db: db(), sops, judge: gpt() },
      { agent: 'booking', sopPath: 'booking/door-access.md', newContent: await withoutDoorSteps() },
    );
    expect(report).toMatchObject({ judge: GPT, fallbacks: 0, notes: expect.any(Array) });
    // The fake grades by the same rubric, so the broken golden case is still found, by the model.
    expect(report.broken).toContain('door-code-red');
    expect(report.cases.find((entry) => entry.id === 'door-code-red')).toMatchObject({
      before: { pass: true },
      after: { pass: false },
    });
    const requests = openai.requests.slice(sent);
    // door-code-red answers differently after the change (two calls); most cases answer the same (one).
    expect(callsFor(report)).toBeGreaterThan(report.cases.length);
    expect(callsFor(report)).toBeLessThan(report.cases.length * 2);
    expect(requests).toHaveLength(callsFor(report));
    expect(requests.every((request) => request.responseFormat?.name === JUDGE_VERDICT)).toBe(true);
    expect(requests.every((request) => request.responseFormat?.strict === true)).toBe(true);

    const calls = await judgeCalls(since);
    expect(calls).toHaveLength(callsFor(report));
    expect(calls.every((call) => call.ok && call.provider === 'openai' && call.promptTokens > 0)).toBe(true);
    expect(report.costUsd).toBeGreaterThan(0);
    expect(report.costUsd).toBeCloseTo(
      calls.reduce((sum, call) => sum + call.costUsd, 0),
      5,
    );
  });

  it('through redaction, the model grades every hand-written case as the offline rubric does', async () => {
    // Rubrics quote emails, links and prices ("hello@…", "$240"): redacted alike in rubric and answer.
    const paths = {
      booking: 'booking/hours-and-prices.md',
      tech_support: 'tech-support/sound.md',
      brand: 'brand/community-and-careers.md',
      emergency: 'emergency/basics.md',
    } as const;
    for (const [agent, sopPath] of Object.entries(paths) as Array<[keyof typeof paths, string]>) {
      const content = (await sops.get({ path: sopPath })).content;
      const report = await evaluateProposal(
        { db: db(), sops, judge: gpt() },
        { agent, sopPath, newContent: content },
      );
      const golden = report.cases.filter((entry) => entry.source === 'golden');
      expect(golden.length, agent).toBeGreaterThan(0);
      expect(report.fallbacks, agent).toBe(0);
      expect(
        golden.filter((entry) => !entry.before.pass || !entry.after.pass).map((entry) => entry.id),
        agent,
      ).toEqual([]);
    }
  });

  it('through submission, the judge cost is stored in eval_cost_usd and shown on the proposal', async () => {
    const ctx: ProposalContext & { evalJudge: ReturnType<typeof gpt> } = {
      db: db(),
      now: () => new Date(),
      sops,
      cooldownMs: 0,
      evalJudge: gpt(),
    };
    const outcome = await submitProposal(
      ctx,
      {
        agent: 'tech_support',
        sopPath: 'tech-support/sound.md',
        summary: 'Say where the volume is',
        rationale: 'test',
        evidence: ['fb-1'],
        newContent: `${(await sops.get({ path: 'tech-support/sound.md' })).content}\n`,
        source: 'correction',
        staffCorrections: [],
      },
      audit,
    );
    expect(outcome.status).toBe('pending_review');
    const [row] = await db().select().from(sopProposals).where(eq(sopProposals.id, outcome.proposalId));
    expect(row?.evalCostUsd).toBeGreaterThan(0);
    const proposals = new ProposalService(
      { db: db(), config, logger: createLogger({ level: 'silent' }), now: () => new Date() },
      sops,
      undefined,
    );
    const detail = await proposals.get(outcome.proposalId);
    expect(detail.evalCostUsd).toBe(row?.evalCostUsd);
    expect(detail.evalReport).toMatchObject({ judge: GPT, costUsd: row?.evalCostUsd });
  });

  it('no seeded personal data reaches either model, though the history cases quote the customer', async () => {
    const seeded = {
      name: 'Marguerite Okonkwo-Tremblay',
      phone: '+19025550147',
      otherPhone: '(902) 555-0163',
      email: 'marguerite.ot@example.com',
      card: '4111 1111 1111 1111',
      pin: '4827',
    };
    const at = await evalCustomer(db(), { name: seeded.name, phone: seeded.phone });
    await seedAnswer(db(), at, {
      agent: 'booking',
      query: `Hi it's ${seeded.name}, my door PIN ${seeded.pin} fails. Call ${seeded.otherPhone} or ${seeded.email}, card ${seeded.card}`,
      body: `Sorry ${seeded.name.split(' ')[0]}, enter the code slowly; it works from 10 minutes before.`,
    });
    await seedAnswer(db(), at, {
      agent: 'booking',
      query: `My code ${seeded.pin} is wrong, this is ${seeded.name}`,
      body: 'Try again.',
      feedback: { correction: `Call ${seeded.name} back on ${seeded.phone}; codes work 10 minutes before.` },
    });
    const fromOpenAI = openai.requests.length;
    const fromClaude = claude.received.length;
    const proposal = {
      agent: 'booking' as const,
      sopPath: 'booking/door-access.md',
      newContent: await doorAccess(),
    };
    const viaGpt = await evaluateProposal({ db: db(), sops, judge: gpt() }, proposal);
    const viaClaude = await evaluateProposal({ db: db(), sops, judge: sonnet() }, proposal);
    expect(viaGpt.fallbacks).toBe(0);
    expect(viaClaude.fallbacks).toBe(0);

    const bodies = [
      ...openai.requests.slice(fromOpenAI).map((request) => request.rawBody ?? ''),
      ...claude.received.slice(fromClaude).map((request) => request.rawBody.toString('utf8')),
    ];
    expect(bodies.length).toBe(callsFor(viaGpt) + callsFor(viaClaude));
    // The history cases did go out, redacted.
    expect(bodies.some((body) => body.includes('[NAME_1]') && body.includes('expected_answer'))).toBe(true);
    const forbidden = [
      seeded.name,
      'Marguerite',
      'Okonkwo',
      seeded.phone,
      '9025550147',
      '555-0163',
      seeded.email,
      seeded.card,
      '4111111111111111',
      seeded.pin,
    ];
    for (const body of bodies) {
      for (const value of forbidden) expect(body).not.toContain(value);
    }
  });

  it('a 429 or a timeout on one call falls back to the rubric for that case only, and says so', async () => {
    const since = new Date();
    const proposal = { agent: 'brand' as const, sopPath: 'brand/gift-cards.md', newContent: '' };
    proposal.newContent = (await sops.get({ path: proposal.sopPath })).content;

    openai.failNext(1, { status: 429 });
    const limited = await evaluateProposal({ db: db(), sops, judge: gpt() }, proposal);
    expect(limited.fallbacks).toBe(1);
    const fellBack = limited.cases.filter((entry) => entry.before.fallback !== undefined);
    expect(fellBack).toHaveLength(1);
    expect(fellBack[0]?.before.fallback).toMatch(
      /^gpt-4o could not judge this case \(.*429.*\); the offline rubric did$/,
    );
    expect(fellBack[0]?.after.fallback).toBe(fellBack[0]?.before.fallback);
    expect(limited.notes[0]).toMatch(/^1 of \d+ cases were judged by the offline rubric instead: /);

    openai.failNext(1, 'timeout');
    const slow = await evaluateProposal({ db: db(), sops, judge: gpt(5, 500) }, proposal);
    expect(slow.fallbacks).toBe(1);
    expect(slow.cases.find((entry) => entry.before.fallback)?.before.fallback).toMatch(/Timeout/);

    const failed = (await judgeCalls(since)).filter((call) => !call.ok);
    expect(failed).toHaveLength(2);
    expect(failed.every((call) => call.error && !call.error.includes('gift'))).toBe(true);
  });

  it('a full outage neither blocks a harmless change nor lets a breaking one through', async () => {
    openai.setDown(true);
    try {
      const sent = openai.requests.length;
      const harmless = await evaluateProposal(
        { db: db(), sops, judge: gpt() },
        { agent: 'booking', sopPath: 'booking/door-access.md', newContent: await doorAccess() },
      );
      expect(harmless.broken).toEqual([]);
      expect(harmless.fallbacks).toBe(harmless.cases.length);
      expect(harmless.cases.every((entry) => entry.before.fallback && entry.after.fallback)).toBe(true);
      expect(harmless.notes[0]).toContain('judged by the offline rubric instead');
      // After a few failures in a row the model is not asked again: no long wait case after case.
      expect(harmless.notes[0]).toContain(`not asked: its last ${FAILURES_BEFORE_GIVING_UP} calls failed`);
      expect(openai.requests.length - sent).toBeLessThan(harmless.cases.length);

      const breaking = await evaluateProposal(
        { db: db(), sops, judge: gpt() },
        { agent: 'booking', sopPath: 'booking/door-access.md', newContent: await withoutDoorSteps() },
      );
      expect(breaking.broken).toContain('door-code-red');
      expect(breaking.judge).toBe(GPT);
    } finally {
      openai.setDown(false);
    }
  });

  it('Claude judges when only Anthropic is configured, through a forced record_verdict call', async () => {
    const since = new Date();
    const sent = claude.received.length;
    const report = await evaluateProposal(
      { db: db(), sops, judge: sonnet() },
      { agent: 'booking', sopPath: 'booking/door-access.md', newContent: await withoutDoorSteps() },
    );
    expect(report).toMatchObject({ judge: CLAUDE, fallbacks: 0 });
    expect(report.broken).toContain('door-code-red');
    const bodies = claude.received.slice(sent).map((request) => request.body as Record<string, unknown>);
    expect(bodies).toHaveLength(callsFor(report));
    expect(
      bodies.every(
        (body) => JSON.stringify(body.tool_choice) === JSON.stringify({ type: 'tool', name: RECORD_VERDICT }),
      ),
    ).toBe(true);
    const calls = await judgeCalls(since);
    expect(calls.every((call) => call.provider === 'anthropic' && call.ok)).toBe(true);
    expect(report.costUsd).toBeCloseTo(
      calls.reduce((sum, call) => sum + call.costUsd, 0),
      5,
    );
  });

  it('over a budget nothing is sent: the rubric judges and the report says why', async () => {
    const claudeSent = claude.received.length;
    const overClaude = await evaluateProposal(
      { db: db(), sops, judge: sonnet(0) },
      {
        agent: 'emergency',
        sopPath: 'emergency/basics.md',
        newContent: (await sops.get({ path: 'emergency/basics.md' })).content,
      },
    );
    expect(claude.received.length).toBe(claudeSent);
    expect(overClaude.fallbacks).toBe(overClaude.cases.length);
    expect(overClaude.notes[0]).toContain('the daily Claude budget of $0.00 is used');

    const at = await evalCustomer(db(), { name: 'Budget Person', phone: '+19025550181' });
    const gptSent = openai.requests.length;
    const overFacility = await evaluateProposal(
      { db: db(), sops, judge: gpt(0) },
      {
        agent: 'emergency',
        sopPath: 'emergency/basics.md',
        newContent: (await sops.get({ path: 'emergency/basics.md' })).content,
        facilityId: at.facilityId,
      },
    );
    expect(openai.requests.length).toBe(gptSent);
    expect(overFacility.notes[0]).toContain("Eval Golf's daily AI budget of $0.00 is used");
  });

  it('the app wires it: with OPENAI_API_KEY set, a submitted proposal is judged by GPT', async () => {
    // Regression: the services built the gate without its judge, so it judged offline whatever the config.
    const app = await createTestApp(engine, { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url });
    try {
      await app.services.sops.importDirectory(SOPS_DIR, audit);
      const sent = openai.requests.length;
      const sop = await app.services.sops.get({ path: 'brand/gift-cards.md' });
      const { proposalId, status } = await app.services.proposals.submit(
        {
          agent: 'brand',
          sopPath: 'brand/gift-cards.md',
          summary: 'Gift cards at the desk',
          rationale: 'Asked often',
          evidence: [],
          newContent: `${sop.content.trimEnd()}\n\n## Buying at the desk\nGift cards can also be bought at the front desk.\n`,
          source: 'claude',
          staffCorrections: [],
        },
        audit,
      );
      expect(status).toBe('pending_review');
      const detail = await app.services.proposals.get(proposalId);
      expect(detail.evalReport?.judge).toBe(GPT);
      expect(openai.requests.length).toBeGreaterThan(sent);
      expect(detail.evalCostUsd).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
