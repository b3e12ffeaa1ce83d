import { readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../shared/agents.ts';
import { systemActor } from '../../audit/types.ts';
import { loadConfig } from '../../config.ts';
import { aiFeedback, aiModelCalls, sopProposals } from '../../db/schema/index.ts';
import { createAnthropicClient } from '../../integrations/anthropic/client.ts';
import { defaultResponder, gullibleResponder } from '../../integrations/anthropic/fakeResponder.ts';
import { type FakeAnthropic, startFakeAnthropic } from '../../integrations/anthropic/fakeServer.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';
import { evalPath } from '../../test/evalData.ts';
import { SOPS_DIR } from '../engine/testSupport.ts';
import { SopService } from '../sops/service.ts';
import { type AnalysisDeps, runAnalysis } from './analysis.ts';
import { evalCustomer, seedAnswer } from './evalTestSupport.ts';

const audit = systemActor('analysis-test');
const MODEL = 'claude-sonnet-4-6';

type Flag = {
  agent: Agent;
  sopPath: string;
  query: string;
  answer?: string;
  reason?: string;
  correction?: string;
};

describe.each(engines)('the SOP analysis on %s', (engine) => {
  let database: TestDatabase;
  let sops: SopService;
  let fake: FakeAnthropic;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const deps = {
      db: database.handle.db,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    };
    sops = new SopService(deps);
    await sops.importDirectory(SOPS_DIR, audit);
    fake = await startFakeAnthropic();
  });
  afterAll(async () => {
    await fake?.close();
    await database?.drop();
  });

  const db = () => database.handle.db;

  function deps(overrides: Partial<AnalysisDeps> = {}): AnalysisDeps {
    const client = createAnthropicClient({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    return {
      db: db(),
      now: () => new Date(),
      sops,
      anthropic: { client, model: MODEL },
      budgetUsd: 5,
      cooldownMs: 24 * 3_600_000,
      ...overrides,
    };
  }

  /** A facility with one customer (name and phone known to us) whose flagged answers these are. */
  const customer = (contact: { name: string; phone: string }) => evalCustomer(db(), contact);

  /** The customer texts, the agent answers from `sopPath`, and the answer is flagged unhelpful. */
  async function flag(at: { facilityId: string; threadId: string }, input: Flag): Promise<string> {
    const { feedbackId } = await seedAnswer(db(), at, {
      agent: input.agent,
      query: input.query,
      body: input.answer ?? 'Sorry, I am not sure about that.',
      sopPath: input.sopPath,
      feedback: { reason: input.reason ?? 'Not helpful', correction: input.correction ?? null },
    });
    return feedbackId ?? '';
  }

  const bodiesSince = (count: number) =>
    fake.received.slice(count).map((request) => request.rawBody.toString('utf8'));
  const versions = async () => Object.fromEntries((await sops.list()).map((doc) => [doc.path, doc.version]));

  it('redaction acceptance: seeded personal data never reaches Claude', async () => {
    const seeded = {
      name: 'Marguerite Okonkwo-Tremblay',
      phone: '+19025550147',
      otherPhone: '(902) 555-0163',
      email: 'marguerite.ot@example.com',
      card: '4111 1111 1111 1111',
      pin: '4827',
    };
    const at = await customer({ name: seeded.name, phone: seeded.phone });
    await flag(at, {
      agent: 'booking',
      sopPath: 'booking/door-access.md',
      query: `Hi it's ${seeded.name}, my door PIN ${seeded.pin} fails. Call me on ${seeded.otherPhone} or ${seeded.email}. Card ${seeded.card}`,
      answer: `Sorry ${seeded.name.split(' ')[0]}, try the code again.`,
      reason: `Customer ${seeded.name} (${seeded.phone}) was locked out`,
      correction: `Tell ${seeded.name} to use the code from the booking text; a new code comes by text.`,
    });
    const before = fake.received.length;
    const result = await runAnalysis(deps(), { facilityId: at.facilityId }, audit);
    const sent = bodiesSince(before);
    expect(sent).toHaveLength(1);
    expect(result.analysed).toBe(1);
    for (const value of [
      ...Object.values(seeded),
      seeded.name.split(' ')[0] ?? '',
      '9025550147',
      '4111111111111111',
    ]) {
      expect(sent[0], value).not.toContain(value);
    }
    expect(sent[0]).toContain('[NAME_1]');
  });

  it('Claude path: a proposal is queued with feedback ids as evidence, cost recorded, feedback analysed once', async () => {
    const at = await customer({ name: 'Jo Bloggs', phone: '+19025550111' });
    const corrected = await flag(at, {
      agent: 'booking',
      sopPath: 'booking/memberships.md',
      query: 'Can two people share one membership?',
      correction: 'Memberships are for one person; guests pay the bay rate.',
    });
    const plain = await flag(at, { agent: 'booking', sopPath: 'booking/memberships.md', query: 'ok thanks' });
    const result = await runAnalysis(deps(), { facilityId: at.facilityId }, audit);
    expect(result.skipped).toEqual([]);
    expect(result.analysed).toBe(2);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.proposals).toEqual([expect.objectContaining({ status: 'pending_review', refusals: [] })]);
    const [stored] = await db()
      .select()
      .from(sopProposals)
      .where(eq(sopProposals.id, result.proposals[0]?.proposalId ?? ''));
    expect(stored).toMatchObject({
      source: 'claude',
      sopPath: 'booking/memberships.md',
      evidence: [corrected],
    });
    expect(stored?.newContent).toContain('Memberships are for one person; guests pay the bay rate.');

    const calls = await db().select().from(aiModelCalls).where(eq(aiModelCalls.facilityId, at.facilityId));
    expect(calls).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        purpose: 'analysis',
        ok: true,
        costUsd: expect.any(Number),
      }),
    ]);
    expect(calls[0]?.costUsd).toBeGreaterThan(0);
    const marked = await db()
      .select()
      .from(aiFeedback)
      .where(inArray(aiFeedback.id, [corrected, plain]));
    expect(marked.every((row) => row.analysedAt !== null)).toBe(true);

    const before = fake.received.length;
    const again = await runAnalysis(deps(), { facilityId: at.facilityId }, audit);
    expect(again).toMatchObject({ analysed: 0, proposals: [], skipped: [] });
    expect(fake.received.length).toBe(before);
  });

  it('budget: with a budget of 0 nothing is sent and the reason says so', async () => {
    const at = await customer({ name: 'Budgetta Vlasova', phone: '+19025550112' });
    const id = await flag(at, {
      agent: 'tech_support',
      sopPath: 'tech-support/sound.md',
      query: 'No sound in bay 2',
      correction: 'Turn the amplifier on under the desk.',
    });
    const before = fake.received.length;
    const result = await runAnalysis(deps({ budgetUsd: 0 }), { facilityId: at.facilityId }, audit);
    expect(fake.received.length).toBe(before);
    expect(result.analysed).toBe(0);
    expect(result.skipped).toEqual([expect.stringContaining('budget')]);
    const [row] = await db().select().from(aiFeedback).where(eq(aiFeedback.id, id));
    expect(row?.analysedAt).toBeNull();
  });

  it('a provider error leaves the feedback for the next run', async () => {
    const at = await customer({ name: 'Ezekiel Quortermain', phone: '+19025550113' });
    await flag(at, {
      agent: 'brand',
      sopPath: 'brand/gift-cards.md',
      query: 'Gift card?',
      correction: 'Sold at the desk.',
    });
    fake.failNext(1, { status: 500 });
    const result = await runAnalysis(deps(), { facilityId: at.facilityId }, audit);
    expect(result.analysed).toBe(0);
    expect(result.skipped).toEqual([expect.stringContaining('Claude call failed')]);
    const again = await runAnalysis(deps(), { facilityId: at.facilityId }, audit);
    expect(again.analysed).toBe(1);
  });

  it('offline path: a staff correction proposes adding the question and answer to the SOP the answer used', async () => {
    const at = await customer({ name: 'Oona Pettigrew', phone: '+19025550114' });
    const id = await flag(at, {
      agent: 'tech_support',
      sopPath: 'tech-support/sound.md',
      query: 'Why is there no sound?',
      correction: 'Turn the amplifier on under the desk.',
    });
    await flag(at, { agent: 'tech_support', sopPath: 'tech-support/sound.md', query: 'meh' });
    const before = fake.received.length;
    const result = await runAnalysis(deps({ anthropic: undefined }), { facilityId: at.facilityId }, audit);
    expect(fake.received.length).toBe(before);
    expect(result.analysed).toBe(2);
    expect(result.proposals).toEqual([expect.objectContaining({ status: 'pending_review' })]);
    const [stored] = await db()
      .select()
      .from(sopProposals)
      .where(eq(sopProposals.id, result.proposals[0]?.proposalId ?? ''));
    expect(stored).toMatchObject({ source: 'correction', sopPath: 'tech-support/sound.md', evidence: [id] });
    expect(stored?.newContent).toContain('Why is there no sound');
    expect(stored?.newContent).toContain('Turn the amplifier on under the desk.');
  });

  it('injection: hostile flagged texts never change an SOP, and an echoed one is refused', async () => {
    const hostile = readFileSync(evalPath('injection-dev.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const before = await versions();
    const outcomes = [];
    for (const [index, text] of hostile.entries()) {
      const at = await customer({ name: `Mallory Number${index}`, phone: `+1902555${String(2000 + index)}` });
      await flag(at, { agent: 'brand', sopPath: 'brand/events.md', query: text, correction: text });
      for (const mode of ['default', 'gullible', 'offline'] as const) {
        if (mode === 'gullible') fake.setResponder(gullibleResponder);
        const run = await runAnalysis(
          deps(mode === 'offline' ? { anthropic: undefined } : {}),
          { records: [record(text, 'brand/events.md')] },
          audit,
        );
        fake.setResponder(defaultResponder);
        outcomes.push(...run.proposals.map((outcome) => ({ mode, text, ...outcome })));
      }
      await runAnalysis(deps(), { facilityId: at.facilityId }, audit);
    }
    expect(await versions()).toEqual(before);
    for (const outcome of outcomes)
      expect(['guardrail_rejected', 'pending_review']).toContain(outcome.status);
    const echoed = outcomes.filter((outcome) => outcome.mode === 'gullible');
    expect(echoed.length).toBe(hostile.length);
    for (const outcome of echoed) expect(outcome.status, outcome.text).toBe('guardrail_rejected');
  });

  it('refuses to send a prompt in which personal data remains, and says why', async () => {
    await sops.importFiles(
      [
        {
          path: 'emergency/owner-line.md',
          content: '# Owner line\n\n## After hours\n\nThe owner answers on 902-555-0177 after hours.\n',
        },
      ],
      audit,
    );
    const at = await customer({ name: 'Egon Strindberg', phone: '+19025550115' });
    const id = await flag(at, {
      agent: 'emergency',
      sopPath: 'emergency/basics.md',
      query: 'There is smoke',
      correction: 'Leave the building now.',
    });
    const before = fake.received.length;
    const result = await runAnalysis(deps(), { facilityId: at.facilityId }, audit);
    expect(fake.received.length).toBe(before);
    expect(result.analysed).toBe(0);
    expect(result.skipped).toEqual([expect.stringContaining('personal data')]);
    const [row] = await db().select().from(aiFeedback).where(eq(aiFeedback.id, id));
    expect(row?.analysedAt).toBeNull();
  });
});

/** One uploaded `clubos feedback export` line, for a thread we do not have. */
function record(text: string, sopPath: string) {
  return {
    query: text,
    response: 'Sorry, I cannot help with that.',
    agent: 'brand',
    feedback_rating: 'unhelpful',
    reason: 'Customer replied: "not helpful"',
    correction: text,
    sop_versions: [{ path: sopPath, version: 1, section: 'Events' }],
    thread_id: 'not-in-our-db',
    created_at: new Date().toISOString(),
  };
}
