import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';
import { SopService } from '../sops/service.ts';
import { evaluateProposal } from './evalGate.ts';
import { proposalFromCorrection } from './fromCorrection.ts';

const SOPS = fileURLToPath(new URL('../../../sops', import.meta.url));

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
    expect(
      report.cases
        .filter((result) => !result.id.startsWith('evidence-'))
        .every((result) => result.before.pass),
    ).toBe(true);
    const evidence = report.cases.find((result) => result.id === 'evidence-1');
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
});
