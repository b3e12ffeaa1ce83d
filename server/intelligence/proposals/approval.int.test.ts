import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../../audit/service.ts';
import { systemActor } from '../../audit/types.ts';
import { auditLog } from '../../db/schema/index.ts';
import { newCustomer, seedMessaging, threadOf } from '../../messaging/fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from '../../messaging/testApp.ts';
import { engines } from '../../test/databases.ts';
import { runsOf, seedIntelligence, textAndAnswer } from '../engine/testSupport.ts';
import { proposalFromCorrection } from './fromCorrection.ts';

const PASSWORD = 'a long enough password';

describe.each(engines)('approving SOP proposals on %s', (engine) => {
  let app: MessagingTestApp;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;
  let asMia: ReturnType<MessagingTestApp['caller']>;
  let asMo: ReturnType<MessagingTestApp['caller']>;
  let miaId: string;

  beforeAll(async () => {
    app = await createMessagingTestApp(engine, { env: { CLUBOS_AI_DEBOUNCE_SECONDS: '0' } });
    seeded = await seedMessaging(app);
    await seedIntelligence(app);
    const manager = async (email: string, name: string) => {
      const user = await app.services.users.addUser(
        { email, name, role: 'manager', facilitySlugs: ['bedford'], password: PASSWORD },
        systemActor('test'),
      );
      return {
        user,
        caller: app.caller((await app.caller().auth.login({ email, password: PASSWORD })).token),
      };
    };
    const mia = await manager('mia@bedford.test', 'Mia Manager');
    miaId = mia.user.id;
    asMia = mia.caller;
    asMo = (await manager('mo@bedford.test', 'Mo Manager')).caller;
  });
  afterAll(() => app?.close());

  const submitCorrection = async (query: string, correction: string, extra: { authorId?: string } = {}) => {
    const sopPath = 'brand/gift-cards.md';
    const current = await app.services.sops.get({ path: sopPath });
    const draft = proposalFromCorrection(
      { interactionId: 'fb-1', query, correction, sopPath },
      current.content,
    );
    return app.services.proposals.submit(
      {
        ...draft,
        agent: 'brand',
        source: extra.authorId ? 'manager_edit' : 'correction',
        staffCorrections: [correction],
        authorId: extra.authorId ?? null,
      },
      systemActor('test'),
    );
  };

  it('front desk cannot list or approve (FORBIDDEN)', async () => {
    const { proposalId } = await submitCorrection(
      'Can I return a gift card?',
      'Gift cards cannot be returned, but they never expire.',
    );
    await expect(seeded.asAlice.proposals.approve({ id: proposalId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(seeded.asAlice.proposals.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await asMia.proposals.reject({ id: proposalId, reason: 'Checking the policy first' });
  });

  it('after approval the next AI answer stands on the new version; a rollback brings the old one back', async () => {
    const { proposalId, status } = await submitCorrection(
      'Do gift cards expire?',
      'Gift cards never expire and work for bays, lessons and leagues.',
    );
    expect(status).toBe('pending_review');
    const detail = await asMia.proposals.get({ id: proposalId });
    expect(detail.currentContent).not.toBe(detail.newContent);
    expect(await asMia.proposals.approve({ id: proposalId })).toEqual({ version: 2 });

    const customer = newCustomer();
    await textAndAnswer(app, customer, 'Do gift cards expire?');
    const [run] = await runsOf(app, (await threadOf(app, customer)).id);
    expect(run?.sopRefs.find((ref) => ref.path === 'brand/gift-cards.md')?.version).toBe(2);

    const sop = await asMia.sops.get({ path: 'brand/gift-cards.md' });
    await asMia.sops.rollback({ sopId: sop.document.id, version: 1 });
    const again = newCustomer();
    await textAndAnswer(app, again, 'Do gift cards expire?');
    const [next] = await runsOf(app, (await threadOf(app, again)).id);
    expect(next?.sopRefs.find((ref) => ref.path === 'brand/gift-cards.md')?.version).toBe(3);
    expect((await asMia.sops.get({ path: 'brand/gift-cards.md' })).content).toBe(
      (await asMia.sops.get({ path: 'brand/gift-cards.md', version: 1 })).content,
    );
  });

  it('a blocked proposal needs an override reason, which is audited', async () => {
    const sopPath = 'booking/door-access.md';
    const current = await app.services.sops.get({ path: sopPath });
    const { proposalId, status } = await app.services.proposals.submit(
      {
        agent: 'booking',
        sopPath,
        summary: 'Shorten the door page',
        rationale: 'Customers skim it',
        evidence: ['fb-9'],
        newContent: current.content.replace(/## Door code not working[\s\S]*?(?=\n## )/, ''),
        source: 'claude',
        staffCorrections: [],
      },
      systemActor('test'),
    );
    expect(status).toBe('blocked_by_eval');
    await expect(asMia.proposals.approve({ id: proposalId })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await asMia.proposals.approve({
      id: proposalId,
      overrideReason: 'The door page moves to the app next week',
    });
    const rows = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'sop.proposal.approved_over_eval'));
    expect(rows.map((row) => row.targetId)).toContain(proposalId);
  });

  it('a manager cannot approve their own direct edit; another manager can', async () => {
    // The gift-cards SOP is in its cooldown after the approval above, so this edit is to another SOP.
    const sopPath = 'brand/events.md';
    const current = await app.services.sops.get({ path: sopPath });
    const draft = proposalFromCorrection(
      {
        interactionId: 'edit',
        query: 'Can we bring a cake?',
        correction: 'Yes, cakes and snacks are welcome.',
        sopPath,
      },
      current.content,
    );
    const { proposalId } = await app.services.proposals.submit(
      { ...draft, agent: 'brand', source: 'manager_edit', staffCorrections: [], authorId: miaId },
      systemActor('test'),
    );
    await expect(asMia.proposals.approve({ id: proposalId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await asMo.proposals.approve({ id: proposalId })).toEqual({ version: 2 });
  });

  it('"analyse now" queues the analysis for managers only; offline, a staff correction becomes a proposal', async () => {
    await expect(seeded.asAlice.proposals.runAnalysis({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await asMia.proposals.runAnalysis({ facilitySlug: 'bedford' })).toEqual({ queued: true });
    const queued = await app.jobs.pgBoss.findJobs<{ facilityId?: string }>('sops.analysis');
    expect(queued.some((job) => typeof job.data.facilityId === 'string')).toBe(true);

    const customer = newCustomer();
    await textAndAnswer(
      app,
      customer,
      `Is there a winter league I can join? Email sam.golfer@example.com or call ${customer}`,
    );
    const [run] = await runsOf(app, (await threadOf(app, customer)).id);
    await seeded.asAlice.feedback.flag({
      runId: run?.id ?? '',
      reason: 'Missing the start date',
      correction: 'The winter league starts in January; sign up at the front desk.',
    });
    const result = await app.services.proposals.runAnalysis({}, systemActor('test'));
    expect(result.analysed).toBeGreaterThan(0);
    const mine = result.proposals.find((outcome) => outcome.status === 'pending_review');
    expect(mine).toBeDefined();
    const detail = await asMia.proposals.get({ id: mine?.proposalId ?? '' });
    expect(detail).toMatchObject({ source: 'correction' });
    expect(detail.newContent).toContain('The winter league starts in January');
    // The customer's question goes into the SOP without their email or number.
    expect(detail.newContent).toContain('Email (email removed) or call (phone removed)');

    // The manager reads the evidence thread, redacted as it was for the analysis.
    const [evidence] = detail.evidenceThreads;
    expect(evidence).toMatchObject({ found: true, flaggedBy: 'staff', reason: 'Missing the start date' });
    if (!evidence?.found) throw new Error('the evidence was not found');
    expect(evidence.question).toContain('winter league');
    expect(evidence.question).toContain('[EMAIL_1]');
    expect(
      evidence.thread.some((text) => text.direction === 'inbound' && text.body.includes('[PHONE_1]')),
    ).toBe(true);
    const shown = JSON.stringify(detail.evidenceThreads);
    expect(shown).not.toContain('sam.golfer@example.com');
    expect(shown).not.toContain(customer.slice(2));
  });

  it('an edited correction proposal may keep the link its staff correction brought in', async () => {
    // Regression: an edit re-ran the guardrails without the cited corrections, so it was refused for
    // the very link the staff correction (and the original proposal) contained.
    const customer = newCustomer();
    await textAndAnswer(app, customer, 'The projector will not turn on');
    const [run] = await runsOf(app, (await threadOf(app, customer)).id);
    const link = 'https://help.example.org/projector';
    await seeded.asAlice.feedback.flag({
      runId: run?.id ?? '',
      reason: 'Missing the manual',
      correction: `Hold the projector button for 5 seconds; the manual is at ${link}`,
    });
    const result = await app.services.proposals.runAnalysis({}, systemActor('test'));
    const queued = result.proposals.find((outcome) => outcome.status === 'pending_review');
    expect(queued).toBeDefined();
    const original = await asMia.proposals.get({ id: queued?.proposalId ?? '' });
    expect(original.newContent).toContain(link);

    const edited = await asMia.proposals.edit({
      id: original.id,
      newContent: original.newContent.replace('for 5 seconds', 'for five seconds'),
    });
    expect(edited.refusals).toEqual([]);
    expect(edited.status).toBe('pending_review');
    // A link that no correction carries is still refused.
    const again = await asMia.proposals.edit({
      id: edited.proposalId,
      newContent: original.newContent.replace(link, 'https://elsewhere.example.net/manual'),
    });
    expect(again.status).toBe('guardrail_rejected');
  });

  it('every step is audited and the chain verifies', async () => {
    const verification = await new AuditService({
      db: app.database.handle.db,
      config: app.config,
      logger: app.services.logger,
      now: () => new Date(),
    }).verify();
    expect(verification.ok).toBe(true);
  });
});
