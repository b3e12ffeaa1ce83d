import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import { auditLog, sopProposals } from '../../db/schema/index.ts';
import { engines } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { SOPS_DIR } from '../engine/testSupport.ts';
import { seedStaff } from '../sops/testApp.ts';

// proposals.uploadFeedback: a `clubos feedback export` file analysed on request (offline here: a
// staff correction becomes a proposal), validated line by line, audited with counts only.

const QUESTION = 'Can I use a gift card for a league fee?';
const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    query: QUESTION,
    response: 'I am not sure.',
    agent: 'brand',
    feedback_rating: 'unhelpful',
    reason: 'Did not answer',
    correction: 'Yes, gift cards work for league fees at the front desk.',
    sop_versions: [{ path: 'brand/gift-cards.md', version: 1, section: 'Using a gift card' }],
    thread_id: '',
    created_at: '2026-12-01T10:00:00.000Z',
    ...overrides,
  });

describe.each(engines)('uploading a feedback file for analysis on %s', (engine) => {
  let app: TestApp;
  let staff: Awaited<ReturnType<typeof seedStaff>>;

  beforeAll(async () => {
    app = await createTestApp(engine);
    staff = await seedStaff(app);
    await app.services.sops.importDirectory(SOPS_DIR, systemActor('cli'));
  });
  afterAll(() => app?.close());

  it('is for managers only', async () => {
    await expect(staff.asFrontdesk.proposals.uploadFeedback({ jsonl: line() })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses a bad line by number and field, and runs nothing', async () => {
    await expect(
      staff.asManager.proposals.uploadFeedback({ jsonl: `${line()}\n${line({ reason: 42 })}` }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^Line 2 .*\(reason: /) });
    expect(await app.database.handle.db.select().from(sopProposals)).toEqual([]);
  });

  it('analyses the lines and returns what it proposed; the audit row holds counts only', async () => {
    const summary = await staff.asManager.proposals.uploadFeedback({
      jsonl: `${line()}\n\n${line({ correction: null, query: 'Where do I park?' })}\n`,
      facilitySlug: 'bedford',
    });
    expect(summary).toMatchObject({ lines: 2, analysed: 2, created: 1, refused: 0, skipped: [], costUsd: 0 });
    const [outcome] = summary.proposals;
    expect(outcome).toMatchObject({ status: 'pending_review', refusals: [] });
    const detail = await staff.asManager.proposals.get({ id: outcome?.proposalId ?? '' });
    expect(detail).toMatchObject({
      source: 'correction',
      sopPath: 'brand/gift-cards.md',
      evidence: ['upload:1'],
    });
    expect(detail.newContent).toContain('gift cards work for league fees');
    const [row] = await app.database.handle.db
      .select({ facilityId: sopProposals.facilityId })
      .from(sopProposals)
      .where(eq(sopProposals.id, outcome?.proposalId ?? ''));
    expect(row?.facilityId).toBe(await app.services.facilities.idOfSlug('bedford'));

    const [audit] = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'sop.feedback.uploaded'));
    expect(audit?.after).toMatchObject({ lines: 2, analysed: 2, created: 1, refused: 0, skipped: 0 });
    expect(JSON.stringify(audit)).not.toContain('gift card');
  });

  it('refuses another facility’s slug like a missing one', async () => {
    await expect(
      staff.asManager.proposals.uploadFeedback({ jsonl: line(), facilitySlug: 'dartmouth' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
