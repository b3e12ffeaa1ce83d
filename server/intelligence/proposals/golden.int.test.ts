import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';
import { SopService } from '../sops/service.ts';
import { offlineAnswer } from './evalReplay.ts';
import { type GoldenCase, judgeAnswer, readGoldenCases } from './golden.ts';

const SOPS = fileURLToPath(new URL('../../../sops', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../../../sops/evals/golden.jsonl', import.meta.url));

describe.each(engines)('the golden set against the SOPs on %s', (engine) => {
  let database: TestDatabase;
  let sops: SopService;
  let cases: GoldenCase[];
  const audit = systemActor('test');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    sops = new SopService({
      db: database.handle.db,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    });
    await sops.importDirectory(SOPS, audit);
    cases = await readGoldenCases(GOLDEN);
  });
  afterAll(() => database?.drop());

  const answer = (golden: GoldenCase) => offlineAnswer(sops, golden);

  it('every golden case passes on the current SOPs, answered offline', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    const failures = [];
    for (const golden of cases) {
      const verdict = judgeAnswer(golden, await answer(golden));
      if (!verdict.pass) failures.push({ id: golden.id, reasons: verdict.reasons });
    }
    expect(failures).toEqual([]);
  });

  it('a change that drops the door-code steps breaks its golden case, and a rollback restores it', async () => {
    const door = (await sops.list()).find((doc) => doc.path === 'booking/door-access.md');
    if (!door) throw new Error('door-access.md was not imported');
    const current = await sops.get({ documentId: door.id });
    const broken = current.content.replace(/## Door code not working[\s\S]*?(?=\n## )/, '');
    await sops.createVersion(door.id, broken, { source: 'edit', note: 'test: drop a section', audit });
    const golden = cases.find((entry) => entry.id === 'door-code-red');
    if (!golden) throw new Error('no door-code-red case');
    expect(judgeAnswer(golden, await answer(golden)).pass).toBe(false);
    await sops.rollback(door.id, current.version.version, audit);
    expect(judgeAnswer(golden, await answer(golden)).pass).toBe(true);
  });
});

describe('the offline judge', () => {
  const golden: GoldenCase = {
    id: 'x',
    agent: 'booking',
    query: 'q',
    mustMention: [['$45', '45 dollars'], ['per bay']],
    mustNotMention: ['free'],
  };
  it('passes an answer with every requirement in one of its phrasings', () => {
    expect(judgeAnswer(golden, 'It is 45 dollars per bay.')).toEqual({ pass: true, reasons: [] });
  });
  it('says what is missing or wrong', () => {
    expect(judgeAnswer(golden, 'It is free! [not set: facts.prices.standard_hour]').reasons).toEqual([
      'does not mention "$45" or "45 dollars"',
      'does not mention "per bay"',
      'says "free"',
      'quotes a fact that is not set',
    ]);
  });
});
