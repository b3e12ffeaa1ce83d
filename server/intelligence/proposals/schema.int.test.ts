import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../db/errors.ts';
import { type SopProposalRow, sopProposals } from '../../db/schema/index.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';

// The database itself keeps "at most one open proposal per SOP", across server instances: the
// service's check can race, the partial unique index cannot.

const proposal = (status: SopProposalRow['status'], diffKey: string) => ({
  sopPath: 'booking/door-access.md',
  agent: 'booking' as const,
  source: 'correction' as const,
  status,
  summary: 'Add the late-arrival answer',
  rationale: 'Staff corrected it twice',
  newContent: '# Door access\n\n## Late\n\nText.\n',
  diffKey,
});

describe.each(engines)('SOP proposals table on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database?.drop());

  it('allows one open proposal per SOP, however many are closed', async () => {
    const db = database.handle.db;
    await db.insert(sopProposals).values(proposal('rejected', 'a'));
    await db.insert(sopProposals).values(proposal('guardrail_rejected', 'b'));
    await db.insert(sopProposals).values(proposal('pending_review', 'c'));
    for (const status of ['evaluating', 'pending_review', 'blocked_by_eval'] as const) {
      const second = db.insert(sopProposals).values(proposal(status, `d-${status}`));
      await expect(second).rejects.toSatisfy(isUniqueViolation);
    }
    await db
      .insert(sopProposals)
      .values({ ...proposal('pending_review', 'e'), sopPath: 'booking/memberships.md' });
  });

  it('refuses an unknown status', async () => {
    const bad = database.handle.db
      .insert(sopProposals)
      .values({ ...proposal('approved', 'f'), status: 'live' as SopProposalRow['status'] });
    await expect(bad).rejects.toThrow();
  });
});
