import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../db/errors.ts';
import { bayActions } from '../db/schema/index.ts';
import type { DomainError } from '../errors.ts';
import { engines } from '../test/databases.ts';
import { bedfordDevice, DARTMOUTH_DEVICE, queuedAlerts, rejection, seedBays, settle } from './fixtures.ts';
import { DISPATCH_QUEUE } from './jobs.ts';
import { type BayTestApp, createBayTestApp } from './testApp.ts';

const BAYS = 8;
const key = () => randomUUID();

describe.each(engines)('bay resets on %s', (engine) => {
  let app: BayTestApp;
  let seeded: Awaited<ReturnType<typeof seedBays>>;

  beforeAll(async () => {
    const deviceIds = [...Array.from({ length: BAYS }, (_, i) => bedfordDevice(i + 1)), DARTMOUTH_DEVICE];
    app = await createBayTestApp(engine, { deviceIds });
    seeded = await seedBays(app, BAYS);
    await app.services.bays.runPoll();
  });
  afterAll(() => app?.close());

  const actionsOf = (bayId: string) =>
    app.database.handle.db.select().from(bayActions).where(eq(bayActions.bayId, bayId));
  const rebootCalls = (device: number) => app.ninja.control.calls('POST', `/v2/device/${device}/reboot/*`);

  it('makes exactly one NinjaOne call for 20 concurrent identical resets', async () => {
    const bayId = seeded.bayId(1);
    const idempotencyKey = key();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey }),
      ),
    );
    expect(new Set(results.map((action) => action.id)).size).toBe(1);
    expect(results[0]).toMatchObject({
      kind: 'reboot-pc',
      state: 'requested',
      requestedBy: { id: seeded.alice.id, name: 'Alice Front' },
    });
    expect(await actionsOf(bayId)).toHaveLength(1);
    const actionId = results[0]?.id ?? '';
    const dispatchJobs = await app.jobs.pgBoss.findJobs(DISPATCH_QUEUE, { data: { actionId } });
    expect(dispatchJobs).toHaveLength(1);

    // Duplicate and concurrent dispatches (a retried job, two workers) are harmless too.
    const outcomes = await Promise.all([1, 2, 3].map(() => app.services.bays.runDispatch(actionId)));
    expect(outcomes.filter((outcome) => outcome.kind === 'dispatched')).toHaveLength(1);
    expect(await app.services.bays.runDispatch(actionId)).toMatchObject({ kind: 'skipped' });
    expect(rebootCalls(bedfordDevice(1))).toBe(1);
  });

  it('gives the second of two staff pressing at once a clear refusal, and NinjaOne one call', async () => {
    const bayId = seeded.bayId(2);
    const [first, second] = await Promise.allSettled([
      seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() }),
      seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() }),
    ]);
    const settled = [first, second];
    const won = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const lost = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ code: 'CONFLICT', message: 'Bay 2 already has a reboot in progress.' });
    await app.services.bays.runDispatch(won[0]?.id ?? '');
    expect(rebootCalls(bedfordDevice(2))).toBe(1);
  });

  it('refuses during the cooldown and says how long is left', async () => {
    const bayId = seeded.bayId(3);
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'restart-sim', idempotencyKey: key() });
    expect(await settle(app, action.id)).toEqual({ kind: 'finished', state: 'succeeded' });
    app.clock.advance(2 * 60_000);

    const refused = await rejection(
      seeded.asAlice.bays.reset({ bayId, action: 'restart-sim', idempotencyKey: key() }),
    );
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(
      /^Bay 3's simulator was restarted 2 min ago\. You can restart it again in (3 min 0 s|2 min 59 s)\.$/,
    );
    const details = (refused.cause as DomainError).details;
    const [board] = await seeded.asAlice.bays.list({ facilitySlug: 'bedford' });
    const view = board?.bays.find((bay) => bay.id === bayId);
    expect(details).toMatchObject({ kind: 'restart-sim', availableAt: view?.availableAt['restart-sim'] });
    // Cooldowns are per action: the PC may still be rebooted.
    await expect(
      seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() }),
    ).resolves.toMatchObject({ state: 'requested' });
  });

  it('refuses a bay whose PC is offline, saying when it was last seen', async () => {
    const bayId = seeded.bayId(4);
    app.ninja.control.setOffline(bedfordDevice(4), true);
    await app.services.bays.runPoll();
    const refused = await rejection(
      seeded.asAlice.bays.reset({ bayId, action: 'restart-sim', idempotencyKey: key() }),
    );
    expect(refused.code).toBe('PRECONDITION_FAILED');
    const seen = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/Halifax',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date((await bayView(bayId)).lastSeenAt ?? 0));
    expect(refused.message).toBe(`Bay 4 is offline, so it can't be reset remotely. Last seen ${seen}.`);
    expect(await actionsOf(bayId)).toEqual([]);
    app.ninja.control.setOffline(bedfordDevice(4), false);
    await app.services.bays.runPoll();
  });

  it("answers FORBIDDEN for another facility's bay, and NOT_FOUND for no bay", async () => {
    const dartmouthBay = seeded.bayId(1, 'dartmouth');
    const reset = seeded.asAlice.bays.reset({
      bayId: dartmouthBay,
      action: 'reboot-pc',
      idempotencyKey: key(),
    });
    expect((await rejection(reset)).code).toBe('FORBIDDEN');
    expect((await rejection(seeded.asAlice.bays.history({ bayId: dartmouthBay }))).code).toBe('FORBIDDEN');
    expect(await actionsOf(dartmouthBay)).toEqual([]);
    const missing = seeded.asAlice.bays.reset({
      bayId: randomUUID(),
      action: 'reboot-pc',
      idempotencyKey: key(),
    });
    expect((await rejection(missing)).code).toBe('NOT_FOUND');
    expect((await rejection(seeded.asAlice.bays.list({ facilitySlug: 'dartmouth' }))).code).toBe('NOT_FOUND');
    expect((await seeded.asBob.bays.list({})).map((board) => board.facility.slug)).toEqual(['dartmouth']);
    expect((await rejection(app.caller().bays.list({}))).code).toBe('UNAUTHORIZED');
  });

  it('ends a reboot whose PC never comes back in timedOut, and alerts once', async () => {
    const bayId = seeded.bayId(5);
    app.ninja.control.neverComesBack(bedfordDevice(5));
    const alertsBefore = (await queuedAlerts(app)).length;
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() });
    expect(await app.services.bays.runDispatch(action.id)).toEqual({ kind: 'dispatched' });
    // It really goes offline (the board shows it), and stays there.
    const offline = await eventuallyOffline(bayId);
    expect(offline.currentAction).toMatchObject({ id: action.id, state: 'running' });
    expect(offline.needsAttention).toBe(false);

    app.clock.advance(10 * 60_000 + 1_000);
    expect(await app.services.bays.runTrack(action.id)).toEqual({ kind: 'finished', state: 'timedOut' });
    const view = await bayView(bayId);
    expect(view.lastAction).toMatchObject({
      id: action.id,
      state: 'timedOut',
      message: 'Bay 5 did not come back online within 10 min.',
    });
    expect(view.currentAction).toBeNull();
    expect(view.needsAttention).toBe(true);
    const alerts = (await queuedAlerts(app)).slice(alertsBefore);
    expect(alerts).toEqual([
      'Bay 5 at Bedford: Reboot PC timed out: Bay 5 did not come back online within 10 min. (requested by Alice Front)',
    ]);
    // The poll sees the same attention and does not alert again (other bays' leftovers may alert).
    await app.services.bays.runPoll();
    const aboutBay5 = (await queuedAlerts(app)).filter((text) => text.startsWith('Bay 5 at Bedford'));
    expect(aboutBay5).toHaveLength(1);
  });

  it('tracks a restart-sim to succeeded, and a failing script to failed with NinjaOne’s message', async () => {
    const bayId = seeded.bayId(6);
    const ok = await seeded.asAlice.bays.reset({ bayId, action: 'restart-sim', idempotencyKey: key() });
    expect(await settle(app, ok.id)).toEqual({ kind: 'finished', state: 'succeeded' });
    expect((await bayView(bayId)).lastAction).toMatchObject({
      state: 'succeeded',
      message: 'Script "Restart simulator (12)" completed',
    });

    app.clock.advance(5 * 60_000);
    app.ninja.control.failScript(bedfordDevice(6), 'TrackMan.Gui.Shell would not stop');
    const bad = await seeded.asAlice.bays.reset({ bayId, action: 'restart-sim', idempotencyKey: key() });
    expect(await settle(app, bad.id)).toEqual({ kind: 'finished', state: 'failed' });
    const view = await bayView(bayId);
    expect(view.lastAction).toMatchObject({ state: 'failed', message: 'TrackMan.Gui.Shell would not stop' });
    expect(view.lastAction?.durationMs).toBeGreaterThanOrEqual(0);
    expect(view).toMatchObject({
      needsAttention: true,
      attentionReason: 'Restart simulator failed: TrackMan.Gui.Shell would not stop',
    });
  });

  it('retries a NinjaOne 500 with backoff, then fails cleanly after the last attempt', async () => {
    const bayId = seeded.bayId(7);
    app.ninja.control.failNext(`/v2/device/${bedfordDevice(7)}/reboot/*`, { status: 500, times: 10 });
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const outcome = await app.services.bays.runDispatch(action.id);
      expect(outcome).toMatchObject({ kind: 'retrying', attempt });
      if (outcome.kind === 'retrying') delays.push(outcome.delayMs);
      expect((await bayView(bayId)).currentAction).toMatchObject({
        state: 'requested',
        message: `NinjaOne did not take the reboot yet (attempt ${attempt} of 4); trying again.`,
      });
    }
    expect(delays[1]).toBe((delays[0] ?? 0) * 2);
    expect(delays[2]).toBe((delays[1] ?? 0) * 2);
    // Each retry is a queued job that starts later, not a sleep.
    const retries = await app.jobs.pgBoss.findJobs(DISPATCH_QUEUE, { data: { actionId: action.id } });
    expect(retries).toHaveLength(4);

    const last = await app.services.bays.runDispatch(action.id);
    expect(last).toMatchObject({ kind: 'failed' });
    const view = await bayView(bayId);
    expect(view.currentAction).toBeNull();
    expect(view.lastAction?.state).toBe('failed');
    expect(view.lastAction?.message).toMatch(
      /^NinjaOne did not take the reboot after 4 attempts: .*replied 500/,
    );
    expect(rebootCalls(bedfordDevice(7))).toBe(4);
    expect(await app.services.bays.runDispatch(action.id)).toMatchObject({ kind: 'skipped' });
  });

  it("honours a 429's Retry-After before calling again", async () => {
    const bayId = seeded.bayId(8);
    app.ninja.control.failNext(`/v2/device/${bedfordDevice(8)}/reboot/*`, {
      status: 429,
      retryAfterSeconds: 7,
    });
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() });
    const sentAt = Date.now();
    expect(await app.services.bays.runDispatch(action.id)).toMatchObject({
      kind: 'retrying',
      delayMs: 7_000,
    });
    const jobs = await app.jobs.pgBoss.findJobs(DISPATCH_QUEUE, { data: { actionId: action.id } });
    const retry = jobs.find((job) => new Date(job.startAfter).getTime() > sentAt + 5_000);
    expect(retry).toBeDefined();
    expect(new Date(retry?.startAfter ?? 0).getTime()).toBeLessThanOrEqual(Date.now() + 7_000);
    expect(await app.services.bays.runDispatch(action.id)).toEqual({ kind: 'dispatched' });
    expect(rebootCalls(bedfordDevice(8))).toBe(2);
  });

  it('returns the same action for a repeated key, and refuses a key reused for another bay', async () => {
    const idempotencyKey = key();
    const bayId = seeded.bayId(1, 'dartmouth');
    const first = await seeded.asBob.bays.reset({ bayId, action: 'restart-sim', idempotencyKey });
    await settle(app, first.id);
    // Long after, and past the cooldown: the same click is still the same action, not a new one.
    app.clock.advance(60 * 60_000);
    const again = await seeded.asBob.bays.reset({ bayId, action: 'restart-sim', idempotencyKey });
    expect(again).toMatchObject({ id: first.id, state: 'succeeded' });
    const reused = seeded.asBob.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey });
    expect(await rejection(reused)).toMatchObject({ code: 'CONFLICT' });
    expect(app.ninja.control.calls('POST', `/v2/device/${DARTMOUTH_DEVICE}/script/run`)).toBe(1);
  });

  it('is enforced by the database too: a second action in flight for a bay is refused', async () => {
    // Bay 4 has no actions (its reset was refused while offline); write to the table directly.
    const bayId = seeded.bayId(4);
    const [bay] = await app.services.bays.list('all');
    const row = (kind: 'restart-sim' | 'reboot-pc') => ({
      bayId,
      facilityId: bay?.facility.id ?? '',
      kind,
      state: 'requested' as const,
      idempotencyKey: key(),
      requestedAt: new Date(),
    });
    const db = app.database.handle.db;
    const [first] = await db.insert(bayActions).values(row('restart-sim')).returning();
    const second = db.insert(bayActions).values(row('reboot-pc')).returning();
    expect(
      isUniqueViolation(
        await second.then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    ).toBe(true);
    await db
      .update(bayActions)
      .set({ state: 'failed' })
      .where(eq(bayActions.id, first?.id ?? ''))
      .returning();
  });

  async function bayView(bayId: string) {
    const boards = await app.services.bays.list('all');
    const view = boards.flatMap((board) => board.bays).find((bay) => bay.id === bayId);
    if (!view) throw new Error(`bay ${bayId} is not on the board`);
    return view;
  }

  async function eventuallyOffline(bayId: string) {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const actionId = (await bayView(bayId)).currentAction?.id;
      if (actionId) await app.services.bays.runTrack(actionId);
      const view = await bayView(bayId);
      if (view.online === false) return view;
      if (Date.now() > deadline) throw new Error('the bay never went offline');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
});
