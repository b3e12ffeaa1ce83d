import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../../audit/service.ts';
import { systemActor } from '../../audit/types.ts';
import { auditLog, events } from '../../db/schema/index.ts';
import {
  DARTMOUTH,
  newCustomer,
  PASSWORD,
  processEvents,
  queuedAlerts,
  seedMessaging,
  textIn,
  threadOf,
} from '../../messaging/fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from '../../messaging/testApp.ts';
import { engines } from '../../test/databases.ts';
import { lastInboundId, runsOf, seedIntelligence, textAndAnswer } from '../engine/testSupport.ts';
import { QUALITY_WATCH_QUEUE } from './job.ts';

// The quality watch on real replies: customers text, the offline agent answers (a draft that cites
// the SOP sections it stood on), staff mark some unhelpful, and the watch compares versions. The
// minimum is 5 replies here (CLUBOS_QUALITY_MIN_REPLIES) so each case needs few texts.

const GIFT_CARDS = 'brand/gift-cards.md';
const GIFT_QUESTION = 'Do gift cards expire?';
const EVENTS = 'brand/events.md';
const EVENTS_QUESTION = 'Can we book the whole place for a birthday party?';

describe.each(engines)('the SOP quality watch on %s', (engine) => {
  let app: MessagingTestApp;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;
  let asMia: ReturnType<MessagingTestApp['caller']>;
  let asAdmin: ReturnType<MessagingTestApp['caller']>;
  let mirrorDir: string;

  beforeAll(async () => {
    mirrorDir = await mkdtemp(path.join(tmpdir(), 'clubos-quality-mirror-'));
    app = await createMessagingTestApp(engine, {
      env: { CLUBOS_AI_DEBOUNCE_SECONDS: '0', CLUBOS_QUALITY_MIN_REPLIES: '5', SOPS_DIR: mirrorDir },
    });
    seeded = await seedMessaging(app);
    await seedIntelligence(app);
    const signIn = async (email: string, role: 'manager' | 'admin') => {
      await app.services.users.addUser(
        { email, name: email, role, facilitySlugs: ['bedford'], password: PASSWORD },
        systemActor('test'),
      );
      return app.caller((await app.caller().auth.login({ email, password: PASSWORD })).token);
    };
    asMia = await signIn('mia@bedford.test', 'manager');
    asAdmin = await signIn('ada@clubos.test', 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await rm(mirrorDir, { recursive: true, force: true });
  });

  /** `count` customers ask `question`; the first `flagged` answers are marked unhelpful by staff. */
  const replies = async (question: string, sopPath: string, count: number, flagged: number) => {
    const runs: Awaited<ReturnType<typeof runsOf>> = [];
    for (let index = 0; index < count; index++) {
      const customer = newCustomer();
      await textAndAnswer(app, customer, question);
      const [run] = await runsOf(app, (await threadOf(app, customer)).id);
      if (!run) throw new Error('no AI run');
      expect(run.sopRefs.map((ref) => ref.path)).toContain(sopPath);
      if (index < flagged) {
        await seeded.asAlice.feedback.flag({ runId: run.id, reason: 'Did not answer the question' });
      }
      runs.push(run);
    }
    return runs;
  };

  const newVersion = async (path: string, addition: string) => {
    const sop = await app.services.sops.get({ path });
    return app.services.sops.createVersion(sop.document.id, `${sop.content.trimEnd()}\n\n${addition}\n`, {
      source: 'edit',
      audit: systemActor('test'),
    });
  };

  const alertsFor = async (path: string) =>
    (await asMia.quality.alerts({})).filter((alert) => alert.path === path);

  it('front desk can read none of it and act on none of it (FORBIDDEN)', async () => {
    const forbidden = { code: 'FORBIDDEN' };
    await expect(seeded.asAlice.quality.agents({})).rejects.toMatchObject(forbidden);
    await expect(seeded.asAlice.quality.alerts({})).rejects.toMatchObject(forbidden);
    const sop = await app.services.sops.get({ path: GIFT_CARDS });
    await expect(seeded.asAlice.quality.versions({ sopId: sop.document.id })).rejects.toMatchObject(
      forbidden,
    );
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(seeded.asAlice.quality.rollback({ alertId: id })).rejects.toMatchObject(forbidden);
    await expect(seeded.asAlice.quality.dismiss({ alertId: id, reason: 'x' })).rejects.toMatchObject(
      forbidden,
    );
  });

  it('counts replies and unhelpful marks per agent and day, in the caller’s facilities only', async () => {
    await replies(GIFT_QUESTION, GIFT_CARDS, 5, 1);
    // A Dartmouth reply: Mia works at Bedford only; the admin sees every facility.
    const dartmouthCustomer = newCustomer();
    await textIn(app, dartmouthCustomer, GIFT_QUESTION, DARTMOUTH);
    await processEvents(app);
    const thread = await threadOf(app, dartmouthCustomer);
    await app.services.intelligence.runReply({
      threadId: thread.id,
      messageId: await lastInboundId(app, thread.id),
    });

    const today = app.clock.now().toISOString().slice(0, 10);
    const brand = (rows: Awaited<ReturnType<typeof asMia.quality.agents>>) =>
      rows.find((row) => row.agent === 'brand' && row.period === today);
    expect(brand(await asMia.quality.agents({ days: 7 }))).toEqual({
      agent: 'brand',
      period: today,
      replies: 5,
      flagged: 1,
      helpful: 4,
      unhelpfulRate: 0.2,
    });
    expect(brand(await asMia.quality.agents({ facilitySlug: 'bedford' }))?.replies).toBe(5);
    expect(brand(await asAdmin.quality.agents({}))?.replies).toBe(6);
    expect(brand(await asAdmin.quality.agents({ facilitySlug: 'dartmouth' }))?.replies).toBe(1);
    // Another facility's slug reads as missing, as everywhere else.
    await expect(asMia.quality.agents({ facilitySlug: 'dartmouth' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const weekly = await asMia.quality.agents({ days: 28, bucket: 'week' });
    expect(weekly.filter((row) => row.agent === 'brand').reduce((sum, row) => sum + row.replies, 0)).toBe(5);
  });

  it('raises one alert when a new version is worse past the threshold over enough replies, and never twice', async () => {
    const v2 = await newVersion(GIFT_CARDS, '## Returns\n\nGift cards can be returned within a year.');
    expect(v2.version).toBe(2);
    await replies(GIFT_QUESTION, GIFT_CARDS, 4, 4);
    // 4 of 4 flagged is worse, but 4 replies are below the minimum of 5.
    expect((await app.services.quality.runWatch(systemActor('quality-watch'))).raised).toEqual([]);
    expect(await alertsFor(GIFT_CARDS)).toEqual([]);

    await replies(GIFT_QUESTION, GIFT_CARDS, 1, 1);
    const first = await app.services.quality.runWatch(systemActor('quality-watch'));
    expect(first.raised).toEqual([expect.objectContaining({ path: GIFT_CARDS, version: 2 })]);
    const again = await app.services.quality.runWatch(systemActor('quality-watch'));
    expect(again.raised).toEqual([]);

    const [alert] = await alertsFor(GIFT_CARDS);
    expect(alert).toMatchObject({
      state: 'open',
      version: 2,
      previousVersion: 1,
      currentVersion: 2,
      replies: 5,
      flagged: 5,
      // The watch counts every facility's replies: SOPs are shared (the Dartmouth reply is on v1).
      previousReplies: 6,
      previousFlagged: 1,
      unhelpfulRate: 1,
      previousUnhelpfulRate: 1 / 6,
    });
    expect(await alertsFor(GIFT_CARDS)).toHaveLength(1);

    const slack = (await queuedAlerts(app)).filter((text) => text.includes(GIFT_CARDS));
    expect(slack).toHaveLength(1);
    expect(slack[0]).toContain('v2');
    expect(slack[0]).not.toMatch(/\+1902/);
    const announced = await app.database.handle.db
      .select()
      .from(events)
      .where(eq(events.type, 'sop.quality_alert'));
    expect(announced.map((event) => (event.payload as { alertId: string }).alertId)).toContain(alert?.id);
    expect(announced.every((event) => event.facilityId === null)).toBe(true);
    const audited = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sop.quality_alert.raised'), eq(auditLog.actorLabel, 'quality-watch')));
    expect(audited).toHaveLength(1);
  });

  it('lists every version of an SOP with the replies that used it', async () => {
    const sop = await app.services.sops.get({ path: GIFT_CARDS });
    const { path, versions } = await asMia.quality.versions({ sopId: sop.document.id });
    expect(path).toBe(GIFT_CARDS);
    expect(
      versions.map(({ version, replies, flagged, current }) => ({ version, replies, flagged, current })),
    ).toEqual([
      { version: 2, replies: 5, flagged: 5, current: true },
      { version: 1, replies: 5, flagged: 1, current: false },
    ]);
    expect(versions[1]?.to).toBe(versions[0]?.from);
    expect(versions[0]?.to).toBeNull();
    // The admin also counts the Dartmouth reply on version 1.
    const all = await asAdmin.quality.versions({ sopId: sop.document.id });
    expect(all.versions[1]?.replies).toBe(6);
  });

  it('rolling back from the alert restores the previous content as a new version, and the next reply uses it', async () => {
    const [alert] = await alertsFor(GIFT_CARDS);
    expect(await asMia.quality.rollback({ alertId: alert?.id ?? '' })).toEqual({
      version: 3,
      restoredVersion: 1,
    });
    const now = await asMia.sops.get({ path: GIFT_CARDS });
    expect(now.content).toBe((await asMia.sops.get({ path: GIFT_CARDS, version: 1 })).content);
    expect(now.document.currentVersion).toBe(3);
    // Like every other new current version, the rollback is mirrored to SOPS_DIR after the commit.
    expect(await readFile(path.join(mirrorDir, ...GIFT_CARDS.split('/')), 'utf8')).toBe(now.content);
    const [next] = await replies(GIFT_QUESTION, GIFT_CARDS, 1, 0);
    expect(next?.sopRefs.find((ref) => ref.path === GIFT_CARDS)?.version).toBe(3);

    expect((await alertsFor(GIFT_CARDS))[0]?.state).toBe('rolled_back');
    await expect(asMia.quality.rollback({ alertId: alert?.id ?? '' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const history = await asMia.sops.history({ documentId: now.document.id });
    expect(history[0]).toMatchObject({ version: 3, source: 'rollback' });
    const audited = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'sop.quality_alert.rolled_back'));
    expect(audited.map((row) => row.targetId)).toEqual([now.document.id]);
  });

  it('a rise within the threshold raises nothing; a rollback is refused once the SOP moved on; a dismissal is audited', async () => {
    // events.md: v1 1 of 5 flagged, v2 2 of 5 (+20 points) — but first 1 of 5 on v2 (+0) raises nothing.
    await replies(EVENTS_QUESTION, EVENTS, 5, 1);
    await newVersion(EVENTS, '## Cakes\n\nCakes are welcome at parties.');
    await replies(EVENTS_QUESTION, EVENTS, 5, 1);
    expect((await app.services.quality.runWatch(systemActor('quality-watch'))).raised).toEqual([]);
    await replies(EVENTS_QUESTION, EVENTS, 1, 1);
    await replies(EVENTS_QUESTION, EVENTS, 1, 1);
    // 3 of 7 (0.43) against 0.2: past the threshold.
    const raised = await app.services.quality.runWatch(systemActor('quality-watch'));
    expect(raised.raised).toEqual([expect.objectContaining({ path: EVENTS, version: 2 })]);
    const [alert] = await alertsFor(EVENTS);

    await newVersion(EVENTS, '## Decorations\n\nBalloons are fine; no confetti.');
    await expect(asMia.quality.rollback({ alertId: alert?.id ?? '' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('has changed since this alert'),
    });
    expect((await asMia.sops.get({ path: EVENTS })).document.currentVersion).toBe(3);

    await expect(asMia.quality.dismiss({ alertId: alert?.id ?? '', reason: ' ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await asMia.quality.dismiss({ alertId: alert?.id ?? '', reason: 'Fixed by v3' })).toEqual({
      ok: true,
    });
    expect((await asMia.quality.alerts({ state: 'dismissed' })).map((row) => row.id)).toEqual([alert?.id]);
    expect(await asMia.quality.alerts({ state: 'open' })).toEqual([]);
    const [dismissed] = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'sop.quality_alert.dismissed'));
    expect(dismissed?.after).toMatchObject({ reason: 'Fixed by v3' });
  });

  it('the watch is a scheduled pg-boss queue, and every step is audited in a chain that verifies', async () => {
    const schedules = await app.jobs.pgBoss.getSchedules();
    expect(schedules.find((schedule) => schedule.name === QUALITY_WATCH_QUEUE)?.cron).toBe('*/15 * * * *');
    const verification = await new AuditService({
      db: app.database.handle.db,
      config: app.config,
      logger: app.services.logger,
      now: () => new Date(),
    }).verify();
    expect(verification.ok).toBe(true);
  });
});
