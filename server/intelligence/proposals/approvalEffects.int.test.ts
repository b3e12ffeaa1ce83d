import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROPOSAL_CHANGED } from '../../../shared/proposals.ts';
import { SOP_VERSION_CREATED } from '../../../shared/sops.ts';
import { systemActor } from '../../audit/types.ts';
import { auditLog, events, sopVersions } from '../../db/schema/index.ts';
import { SLACK_QUEUE } from '../../integrations/slack/notifier.ts';
import { seedMessaging } from '../../messaging/fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from '../../messaging/testApp.ts';
import { engines } from '../../test/databases.ts';
import { seedIntelligence } from '../engine/testSupport.ts';
import { proposalFromCorrection } from './fromCorrection.ts';

// What an approval leaves behind besides the version: who approved it and from which proposal, the
// live events every instance hears, the Slack alert for review, and new SOP files.

const PASSWORD = 'a long enough password';

const NEW_FILE = `# Lost and found

## Lost items
We keep lost items at the front desk. Ask the staff on your next visit and describe the item.
`;

describe.each(engines)('what approving a proposal records and announces on %s', (engine) => {
  let app: MessagingTestApp;
  let asMia: ReturnType<MessagingTestApp['caller']>;
  let miaId: string;

  beforeAll(async () => {
    app = await createMessagingTestApp(engine, { env: { CLUBOS_AI_DEBOUNCE_SECONDS: '0' } });
    await seedMessaging(app);
    await seedIntelligence(app);
    const mia = await app.services.users.addUser(
      {
        email: 'mia@bedford.test',
        name: 'Mia Manager',
        role: 'manager',
        facilitySlugs: ['bedford'],
        password: PASSWORD,
      },
      systemActor('test'),
    );
    miaId = mia.id;
    asMia = app.caller((await app.caller().auth.login({ email: mia.email, password: PASSWORD })).token);
  });
  afterAll(() => app?.close());

  const latestEventId = async () => Number(await app.services.events.latestId());
  const eventsSince = (after: number, types = [SOP_VERSION_CREATED, PROPOSAL_CHANGED]) =>
    app.database.handle.db
      .select()
      .from(events)
      .where(and(gt(events.id, after), inArray(events.type, types)))
      .orderBy(asc(events.id));

  const correctionFor = async (sopPath: string, query: string, correction: string) => {
    const current = await app.services.sops.get({ path: sopPath });
    const draft = proposalFromCorrection(
      { interactionId: 'fb-1', query, correction, sopPath },
      current.content,
    );
    return app.services.proposals.submit(
      { ...draft, agent: current.document.agent, source: 'correction', staffCorrections: [correction] },
      systemActor('test'),
    );
  };

  it('the new version names its approver and proposal, in sops.get and the history', async () => {
    const { proposalId, status } = await correctionFor(
      'brand/gift-cards.md',
      'Do gift cards expire?',
      'Gift cards never expire and work for bays, lessons and leagues.',
    );
    expect(status).toBe('pending_review');
    expect(await asMia.proposals.approve({ id: proposalId })).toEqual({ version: 2 });

    const sop = await asMia.sops.get({ path: 'brand/gift-cards.md' });
    expect(sop.version).toMatchObject({
      version: 2,
      source: 'proposal',
      approvedBy: { id: miaId, name: 'Mia Manager' },
      proposalId,
    });
    const history = await asMia.sops.history({ documentId: sop.document.id });
    expect(history[0]).toMatchObject({ version: 2, approvedBy: { id: miaId }, proposalId });
    // An import is nobody's approval.
    expect(history[1]).toMatchObject({ version: 1, source: 'import', approvedBy: null, proposalId: null });
  });

  it('every status change publishes proposal.changed and every new version sop.version_created, with no customer text', async () => {
    const start = await latestEventId();
    const query = 'Can I book the party room for a birthday?';
    const { proposalId } = await correctionFor(
      'brand/events.md',
      query,
      'Yes, the party room can be booked for birthdays at the front desk.',
    );
    await asMia.proposals.approve({ id: proposalId });
    const sop = await asMia.sops.get({ path: 'brand/events.md' });
    await asMia.sops.rollback({ sopId: sop.document.id, version: 1 });

    const seen = await eventsSince(start);
    expect(seen.map((event) => [event.type, event.payload])).toEqual([
      [PROPOSAL_CHANGED, { id: proposalId, status: 'evaluating', sopPath: 'brand/events.md' }],
      [PROPOSAL_CHANGED, { id: proposalId, status: 'pending_review', sopPath: 'brand/events.md' }],
      [
        SOP_VERSION_CREATED,
        { documentId: sop.document.id, path: 'brand/events.md', version: 2, source: 'proposal' },
      ],
      [PROPOSAL_CHANGED, { id: proposalId, status: 'approved', sopPath: 'brand/events.md' }],
      [
        SOP_VERSION_CREATED,
        { documentId: sop.document.id, path: 'brand/events.md', version: 3, source: 'rollback' },
      ],
    ]);
    // Installation-wide (every manager's app hears them), and nothing of what the customer wrote.
    expect(seen.every((event) => event.facilityId === null)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain('party room');
  });

  it('a rejection is announced; a refused approval announces nothing', async () => {
    const { proposalId } = await correctionFor(
      'booking/door-access.md',
      'Can I bring a friend after hours?',
      'Members may bring one guest; the member stays with them the whole visit.',
    );
    const start = await latestEventId();
    await asMia.proposals.reject({ id: proposalId, reason: 'Policy under review' });
    await expect(asMia.proposals.approve({ id: proposalId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await eventsSince(start)).map((event) => event.payload)).toEqual([
      { id: proposalId, status: 'rejected', sopPath: 'booking/door-access.md' },
    ]);
  });

  it('an edit announces the old proposal superseded and the edited one queued', async () => {
    const { proposalId } = await correctionFor(
      'brand/leagues-and-coaching.md',
      'Do you run junior lessons?',
      'Yes, junior lessons run on weekends; book them at the front desk.',
    );
    const detail = await asMia.proposals.get({ id: proposalId });
    const start = await latestEventId();
    const edited = await asMia.proposals.edit({
      id: proposalId,
      newContent: detail.newContent.replace('on weekends', 'on Saturday mornings'),
    });
    expect((await eventsSince(start)).map((event) => event.payload)).toEqual([
      { id: proposalId, status: 'superseded', sopPath: 'brand/leagues-and-coaching.md' },
      { id: edited.proposalId, status: 'evaluating', sopPath: 'brand/leagues-and-coaching.md' },
      { id: edited.proposalId, status: edited.status, sopPath: 'brand/leagues-and-coaching.md' },
    ]);
  });

  it('a proposal that reaches review queues a Slack alert with the path and status, not the customer text', async () => {
    const query = 'Is there a discount for seniors on weekday mornings?';
    const { proposalId } = await correctionFor(
      'booking/hours-and-prices.md',
      query,
      'Seniors get the weekday morning rate; ask the front desk to apply it.',
    );
    const detail = await asMia.proposals.get({ id: proposalId });
    expect(detail.status).toBe('pending_review');
    const queued = await app.jobs.pgBoss.findJobs<{ text: string }>(SLACK_QUEUE);
    const alert = queued
      .map((job) => job.data.text)
      .find((text) => text.includes('booking/hours-and-prices.md'));
    expect(alert).toContain('waiting for review');
    expect(alert).not.toContain('seniors');
    expect(alert).not.toContain(detail.summary);
  });

  it('approving a proposal for a new file creates the document and its version 1, audited', async () => {
    const { proposalId, status } = await app.services.proposals.submit(
      {
        agent: 'brand',
        sopPath: 'brand/lost-and-found.md',
        summary: 'Add a lost and found page',
        rationale: 'Customers ask where lost items go',
        evidence: ['fb-3'],
        newContent: NEW_FILE,
        source: 'claude',
        staffCorrections: [],
      },
      systemActor('test'),
    );
    expect(status).toBe('pending_review');
    const start = await latestEventId();
    expect(await asMia.proposals.approve({ id: proposalId })).toEqual({ version: 1 });

    const sop = await asMia.sops.get({ path: 'brand/lost-and-found.md' });
    expect(sop).toMatchObject({
      document: { agent: 'brand', title: 'Lost and found', currentVersion: 1 },
      version: { version: 1, source: 'proposal', approvedBy: { id: miaId }, proposalId },
      content: NEW_FILE,
    });
    expect(sop.sections.map((section) => section.heading)).toContain('Lost items');
    // Agents search it from the next message.
    const hits = await app.services.sops.search('brand', 'lost items front desk');
    expect(hits.some((hit) => hit.path === 'brand/lost-and-found.md')).toBe(true);
    const audit = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sop.document_created'), eq(auditLog.targetId, sop.document.id)));
    expect(audit).toHaveLength(1);
    expect((await eventsSince(start, [SOP_VERSION_CREATED])).map((event) => event.payload)).toEqual([
      { documentId: sop.document.id, path: 'brand/lost-and-found.md', version: 1, source: 'proposal' },
    ]);
  });

  it('a new-file proposal whose path was created meanwhile is refused as a conflict, and nothing is written', async () => {
    const { proposalId } = await app.services.proposals.submit(
      {
        agent: 'brand',
        sopPath: 'brand/parking.md',
        summary: 'Add a parking page',
        rationale: 'Customers ask where to park',
        evidence: ['fb-4'],
        newContent: '# Parking\n\n## Where to park\nPark in the lot beside the building.\n',
        source: 'claude',
        staffCorrections: [],
      },
      systemActor('test'),
    );
    await app.services.sops.importFiles(
      [{ path: 'brand/parking.md', content: '# Parking\n\n## Where to park\nStreet parking only.\n' }],
      systemActor('test'),
    );
    const sop = await asMia.sops.get({ path: 'brand/parking.md' });
    await expect(asMia.proposals.approve({ id: proposalId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await asMia.proposals.get({ id: proposalId })).status).toBe('pending_review');
    const versions = await app.database.handle.db
      .select()
      .from(sopVersions)
      .where(eq(sopVersions.documentId, sop.document.id));
    expect(versions.map((version) => version.content)).toEqual([sop.content]);
  });
});
