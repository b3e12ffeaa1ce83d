import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SopAgent } from '../../../shared/sops.ts';
import { systemActor } from '../../audit/types.ts';
import { engines } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { fixturesDir } from './testApp.ts';

const cli = systemActor('cli');

describe.each(engines)('SOP search on %s', (engine) => {
  let app: TestApp;
  let sops: TestApp['services']['sops'];

  beforeAll(async () => {
    app = await createTestApp(engine);
    sops = app.services.sops;
    await sops.importDirectory(fixturesDir, cli);
  });
  afterAll(() => app?.close());

  const top = async (agent: SopAgent, query: string) => {
    const [first] = await sops.search(agent, query);
    return first && { path: first.path, heading: first.heading };
  };

  it.each([
    ['booking', 'door code not working', 'booking/door-access.md', 'Your door PIN'],
    ['booking', "Hi, my PIN won't open the door??", 'booking/door-access.md', 'Your door PIN'],
    ['booking', 'can I get a refund if I cancel?', 'booking/cancellations.md', 'Refunds'],
    ['booking', "I'm running 10 minutes late", 'booking/cancellations.md', 'Running late'],
    ['tech_support', 'the screen is frozen', 'tech-support/simulator.md', 'Screen frozen'],
    ['tech_support', 'my shots are not registering', 'tech-support/simulator.md', 'Ball not tracking'],
    ['emergency', 'someone fell and is hurt', 'emergency/safety.md', 'Injury'],
    ['emergency', 'the FIRE alarm is going off', 'emergency/safety.md', 'Fire alarm'],
  ] as const)('%s: "%s" ranks %s › %s first', async (agent, query, path, heading) => {
    expect(await top(agent, query)).toEqual({ path, heading });
  });

  it('returns ranked hits of the current version, best first, up to the limit', async () => {
    const hits = await sops.search('booking', 'door code not working', { limit: 2 });
    expect(hits).toHaveLength(2);
    const [first, second] = hits;
    expect(first).toMatchObject({ path: 'booking/door-access.md', heading: 'Your door PIN', version: 1 });
    expect(first?.body).toContain('{{facts.phone.staff}}');
    expect(first?.rank).toBeGreaterThan(second?.rank ?? 0);
    expect(second?.rank).toBeGreaterThan(0);
  });

  it('sees only the asking agent’s SOPs', async () => {
    const hits = await sops.search('booking', 'restart the simulator screen frozen');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.path.startsWith('booking/'))).toBe(true);
  });

  it('falls back to the agent’s first sections when nothing matches', async () => {
    for (const query of ['xylophone quantum', 'is it the?', '!!! & | <->', '']) {
      const hits = await sops.search('brand', query);
      expect(hits.map((hit) => [hit.path, hit.heading, hit.rank])).toEqual([
        ['brand/voice.md', 'Voice', 0],
        ['brand/voice.md', 'Greetings', 0],
        ['brand/voice.md', 'Sign-off', 0],
      ]);
    }
    const booking = await sops.search('booking', 'xylophone', { limit: 3 });
    expect(booking.map((hit) => `${hit.path} › ${hit.heading}`)).toEqual([
      'booking/cancellations.md › Cancelling a booking',
      'booking/door-access.md › Door access',
      'booking/cancellations.md › Refunds',
    ]);
  });

  it('searches current versions only', async () => {
    const { document } = await sops.get({ path: 'tech-support/simulator.md' });
    const before = await sops.search('tech_support', 'ball tracking camera');
    expect(before[0]).toMatchObject({ heading: 'Ball not tracking', version: 1 });
    const content = '# Simulator problems\n\n## Shots missing\n\nCheck the sensor light is green.\n';
    await sops.createVersion(document.id, content, { source: 'edit', audit: cli });
    const after = await sops.search('tech_support', 'ball tracking camera');
    expect(after.map((hit) => [hit.heading, hit.version, hit.rank])).toEqual([['Shots missing', 2, 0]]);
    expect(after.map((hit) => hit.sectionId)).not.toContain(before[0]?.sectionId);
    expect(await top('tech_support', 'sensor light')).toEqual({
      path: 'tech-support/simulator.md',
      heading: 'Shots missing',
    });
  });

  it('refuses an unknown agent or a limit out of range', async () => {
    await expect(sops.search('sales' as SopAgent, 'door')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sops.search('booking', 'door', { limit: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(sops.search('booking', 'door', { limit: 21 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

// Ranking is PostgreSQL's own (to_tsvector, ts_rank_cd), so the embedded and the real engine must
// agree exactly, ranks included: an agent answers the same on a laptop demo as in production.
describe.runIf(engines.length === 2)('SOP search on PGlite and PostgreSQL', () => {
  const queries: [SopAgent, string][] = [
    ['booking', 'door code not working'],
    ['booking', 'refund for a late cancellation'],
    ['tech_support', 'screen frozen, ball not tracking'],
    ['emergency', 'fire'],
    ['brand', 'nothing like this'],
  ];

  it('returns the same sections in the same order with the same ranks', async () => {
    const results = await Promise.all(
      engines.map(async (engine) => {
        const app = await createTestApp(engine);
        try {
          await app.services.sops.importDirectory(fixturesDir, cli);
          const answers = [];
          for (const [agent, query] of queries) {
            const hits = await app.services.sops.search(agent, query, { limit: 6 });
            answers.push(hits.map(({ path, heading, version, rank }) => ({ path, heading, version, rank })));
          }
          return answers;
        } finally {
          await app.close();
        }
      }),
    );
    expect(results[0]?.flat().length).toBeGreaterThan(10);
    expect(results[0]).toEqual(results[1]);
  });
});
