import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';
import { SopService } from '../sops/service.ts';
import { EXAMPLE_FACILITY } from './evalCases.ts';
import { evaluateProposal } from './evalGate.ts';
import { historyCases } from './evalHistory.ts';
import { offlineAnswer } from './evalReplay.ts';
import { evalCustomer, seedAnswer } from './evalTestSupport.ts';
import { proposalFromCorrection } from './fromCorrection.ts';

const SOPS = fileURLToPath(new URL('../../../sops', import.meta.url));
/** A golden set with no cases: what history alone decides. */
const NO_GOLDEN = join(tmpdir(), `clubos-no-golden-${process.pid}.jsonl`);
writeFileSync(NO_GOLDEN, '');
const DOOR_RED = 'The keypad flashes red and the door will not unlock';

describe.each(engines)('the eval gate on %s', (engine) => {
  let database: TestDatabase;
  let sops: SopService;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    sops = new SopService({
      db: database.handle.db,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    });
    await sops.importDirectory(SOPS, systemActor('test'));
  });
  afterAll(() => database?.drop());

  it('passes a proposal that only adds an answer, reporting every case before and after', async () => {
    const current = await sops.get({ path: 'booking/door-access.md' });
    const draft = proposalFromCorrection(
      {
        interactionId: 'fb-1',
        query: 'Can my friend use my door code?',
        correction: 'Each booking has its own code; your friend can join you inside.',
        sopPath: 'booking/door-access.md',
      },
      current.content,
    );
    const report = await evaluateProposal(
      { db: database.handle.db, sops },
      {
        agent: 'booking',
        sopPath: draft.sopPath,
        newContent: draft.newContent,
        evidenceQueries: ['Can my friend use my door code?'],
      },
    );
    expect(report.broken).toEqual([]);
    expect(report).toMatchObject({ judge: 'offline rubric', costUsd: 0, fallbacks: 0 });
    expect(
      report.cases.filter((result) => result.source === 'golden').every((result) => result.before.pass),
    ).toBe(true);
    const evidence = report.cases.find((result) => result.id === 'evidence-1');
    expect(evidence?.source).toBe('evidence');
    // The report shows what the agent would say to the evidence question before and after.
    expect(evidence?.before.answer.length).toBeGreaterThan(0);
    expect(evidence?.after.answer.length).toBeGreaterThan(0);
  });

  it('blocks a proposal that breaks a golden case, naming it', async () => {
    const current = await sops.get({ path: 'booking/door-access.md' });
    const broken = current.content.replace(/## Door code not working[\s\S]*?(?=\n## )/, '');
    const report = await evaluateProposal(
      { db: database.handle.db, sops },
      { agent: 'booking', sopPath: 'booking/door-access.md', newContent: broken },
    );
    expect(report.broken).toContain('door-code-red');
    const failing = report.cases.find((result) => result.id === 'door-code-red');
    expect(failing).toMatchObject({ before: { pass: true }, after: { pass: false } });
    expect(failing?.after.reasons.length).toBeGreaterThan(0);
  });

  describe('history cases', () => {
    let door: { facilityId: string; threadId: string };
    const drop = async () =>
      (await sops.get({ path: 'booking/door-access.md' })).content.replace(
        /## Door code not working[\s\S]*?(?=\n## )/,
        '',
      );

    beforeAll(async () => {
      door = await evalCustomer(database.handle.db, { name: 'Rosalind Fairweather', phone: '+19025550171' });
    });

    it('a past helpful answer that the change breaks blocks it, with no golden case involved', async () => {
      // What the agent said then, and was sent: the replay on today's SOPs says it again.
      const sent = await offlineAnswer(sops, {
        agent: 'booking',
        query: DOOR_RED,
        facility: EXAMPLE_FACILITY,
      });
      expect(sent).toMatch(/slowly/);
      const { runId } = await seedAnswer(database.handle.db, door, {
        agent: 'booking',
        query: DOOR_RED,
        body: sent,
      });
      const report = await evaluateProposal(
        { db: database.handle.db, sops, goldenFile: NO_GOLDEN },
        { agent: 'booking', sopPath: 'booking/door-access.md', newContent: await drop() },
      );
      const helpful = report.cases.find((result) => result.id === `helpful-${runId}`);
      expect(helpful).toMatchObject({ source: 'helpful', before: { pass: true }, after: { pass: false } });
      expect(helpful?.after.reasons.length).toBeGreaterThan(0);
      expect(report.broken).toContain(`helpful-${runId}`);
    });

    it('a staff correction the proposal teaches is reported fixed; its question shows redacted', async () => {
      const question = 'Can my friend Rosalind Fairweather use my door code tonight?';
      // Its key fact (10 minutes) is what today's answer lacks; on-topic words alone would not tell.
      const correction =
        'Your friend can come in with you: one code per booking, from 10 minutes before the start.';
      const { feedbackId } = await seedAnswer(database.handle.db, door, {
        agent: 'booking',
        query: question,
        body: 'Try the code again slowly.',
        feedback: { correction },
      });
      const current = await sops.get({ path: 'booking/door-access.md' });
      const draft = proposalFromCorrection(
        { interactionId: feedbackId ?? '', query: question, correction, sopPath: 'booking/door-access.md' },
        current.content,
      );
      const report = await evaluateProposal(
        { db: database.handle.db, sops, goldenFile: NO_GOLDEN },
        { agent: 'booking', sopPath: draft.sopPath, newContent: draft.newContent },
      );
      const corrected = report.cases.find((result) => result.id === `correction-${feedbackId}`);
      expect(corrected).toMatchObject({
        source: 'correction',
        expected: correction,
        before: { pass: false },
        after: { pass: true },
      });
      expect(report.fixed).toContain(`correction-${feedbackId}`);
      expect(corrected?.query).not.toContain('Rosalind');
      expect(corrected?.query).toContain('[NAME_1]');
    });

    it('reads only sent, unflagged replies of the agent (final body first) and corrections, newest first, capped', async () => {
      const db = database.handle.db;
      const at = await evalCustomer(db, { name: 'Case Reader', phone: '+19025550172' });
      const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
      const older = await seedAnswer(db, at, {
        agent: 'brand',
        query: 'Do you sell gift cards?',
        body: 'draft text',
        finalBody: 'Yes, gift cards are at https://clubbedford.example.com/gift-cards.',
        createdAt: minutesAgo(10),
      });
      const newer = await seedAnswer(db, at, {
        agent: 'brand',
        query: 'Is there a league?',
        body: 'Our league season is $240.',
        createdAt: minutesAgo(5),
      });
      await seedAnswer(db, at, { agent: 'brand', query: 'q', body: 'a draft', state: 'draft' });
      await seedAnswer(db, at, { agent: 'brand', query: 'q', body: 'flagged', feedback: {} });
      await seedAnswer(db, at, { agent: 'booking', query: 'q', body: 'another agent' });
      await seedAnswer(db, at, { agent: 'brand', query: 'q', body: 'safety', kind: 'safety' });
      const corrected = await seedAnswer(db, at, {
        agent: 'brand',
        query: 'Are you hiring?',
        body: 'No.',
        state: 'discarded',
        feedback: { correction: 'Send your resume to hello@clubbedford.example.com.' },
      });

      const cases = await historyCases(db, 'brand');
      expect(cases.map((entry) => entry.id)).toEqual([
        `helpful-${newer.runId}`,
        `helpful-${older.runId}`,
        `correction-${corrected.feedbackId}`,
      ]);
      expect(cases[1]?.expected).toBe('Yes, gift cards are at https://clubbedford.example.com/gift-cards.');
      expect(cases[2]).toMatchObject({
        source: 'correction',
        expected: 'Send your resume to hello@clubbedford.example.com.',
        known: { names: ['Case Reader'], phones: ['+19025550172'] },
      });
      expect((await historyCases(db, 'brand', 1)).map((entry) => entry.id)).toEqual([
        `helpful-${newer.runId}`,
        `correction-${corrected.feedbackId}`,
      ]);
    });
  });
});
