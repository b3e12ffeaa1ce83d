import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NinjaActivity, NinjaOneApi } from '../integrations/ninjaone/types.ts';
import { engines } from '../test/databases.ts';
import { auditOf, bedfordDevice, DARTMOUTH_DEVICE, seedBays, settle } from './fixtures.ts';
import { findEarlierRequest, RECONCILE_SKEW_MS } from './reconcile.ts';
import { type BayTestApp, createBayTestApp, eventually } from './testApp.ts';

// NinjaOne has no idempotency key: a retry first looks in the device's activity log for the request
// an earlier attempt may have made. The fake's `slow` handles a request at once and only delays the
// reply, so with a client timeout shorter than the delay an attempt times out although NinjaOne took it.
const CLIENT_TIMEOUT_MS = 300;
const SLOW_REPLY_MS = 1_200;
const key = () => randomUUID();

describe.each(engines)('retrying a bay action without repeating it, on %s', (engine) => {
  let app: BayTestApp;
  let seeded: Awaited<ReturnType<typeof seedBays>>;

  beforeAll(async () => {
    app = await createBayTestApp(engine, {
      deviceIds: [...[1, 2, 3, 4].map(bedfordDevice), DARTMOUTH_DEVICE],
      ninjaTimeoutMs: CLIENT_TIMEOUT_MS,
      // Offline long enough for the retry to find the reboot still under way.
      rebootDowntimeMs: 1_500,
    });
    seeded = await seedBays(app, 4);
    // Also caches the client's token, so a slowed NinjaOne delays only the calls under test.
    await app.services.bays.runPoll();
  });
  afterAll(() => app?.close());

  const rebootCalls = (device: number) => app.ninja.control.calls('POST', `/v2/device/${device}/reboot/*`);
  const scriptCalls = (device: number) => app.ninja.control.calls('POST', `/v2/device/${device}/script/run`);

  /** One dispatch attempt that times out at the client while the fake carries the call out. */
  async function dispatchTimingOut(actionId: string) {
    app.ninja.control.slow(SLOW_REPLY_MS);
    try {
      return await app.services.bays.runDispatch(actionId);
    } finally {
      app.ninja.control.slow(0);
    }
  }

  async function currentAction(bayId: string) {
    const boards = await app.services.bays.list('all');
    return boards.flatMap((board) => board.bays).find((bay) => bay.id === bayId)?.currentAction;
  }

  async function trackUntilSettled(actionId: string) {
    return eventually(async () => {
      const outcome = await app.services.bays.runTrack(actionId);
      return outcome.kind === 'pending' ? undefined : outcome;
    });
  }

  it('does not reboot twice when the first call timed out but NinjaOne took it', async () => {
    const bayId = seeded.bayId(1);
    const device = bedfordDevice(1);
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() });

    expect(await dispatchTimingOut(action.id)).toMatchObject({ kind: 'retrying', attempt: 1 });
    expect(rebootCalls(device)).toBe(1);
    expect(await currentAction(bayId)).toMatchObject({ id: action.id, state: 'requested' });

    // The retry (what the queued dispatch job runs) finds the request in the activity log.
    expect(await app.services.bays.runDispatch(action.id)).toEqual({ kind: 'reconciled' });
    expect(app.ninja.control.calls('POST', /reboot/)).toBe(1);
    expect(await currentAction(bayId)).toMatchObject({ id: action.id, state: 'running' });

    expect(await trackUntilSettled(action.id)).toEqual({ kind: 'finished', state: 'succeeded' });
    expect(app.ninja.control.calls('POST', /reboot/)).toBe(1);
    expect(await app.services.bays.runDispatch(action.id)).toMatchObject({ kind: 'skipped' });

    const rows = await auditOf(app, action.id);
    expect(rows.map((row) => row.action)).toEqual([
      'bay.reset.requested',
      'ninjaone.reboot.called',
      'ninjaone.reboot.called',
      'bay.reset.succeeded',
    ]);
    expect(rows[1]?.after).toMatchObject({
      attempt: 1,
      deviceId: device,
      outcome: 'error',
      error: { kind: 'timeout', message: expect.stringMatching(/no reply within 300 ms/) },
    });
    expect(rows[1]?.after).not.toHaveProperty('reconcile');
    expect(rows[2]?.after).toMatchObject({
      attempt: 2,
      deviceId: device,
      outcome: 'reconciled',
      reconcile: 'found',
      reconciledWith: { activityType: 'ACTION', statusCode: 'START_REQUESTED', sourceName: 'Reboot' },
      requestedBy: { id: seeded.alice.id, name: 'Alice Front' },
    });
    expect(rows[2]?.after).not.toHaveProperty('error');
    expect(await app.services.audit.verify()).toMatchObject({ ok: true });
  });

  it('does not run the restart script twice when the first call timed out but NinjaOne took it', async () => {
    const bayId = seeded.bayId(2);
    const device = bedfordDevice(2);
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'restart-sim', idempotencyKey: key() });

    expect(await dispatchTimingOut(action.id)).toMatchObject({ kind: 'retrying', attempt: 1 });
    expect(await app.services.bays.runDispatch(action.id)).toEqual({ kind: 'reconciled' });
    expect(await currentAction(bayId)).toMatchObject({ id: action.id, state: 'running' });
    expect(await trackUntilSettled(action.id)).toEqual({ kind: 'finished', state: 'succeeded' });
    expect(scriptCalls(device)).toBe(1);

    const calls = (await auditOf(app, action.id)).filter((row) => row.action === 'ninjaone.script.called');
    expect(calls.map((row) => row.after)).toMatchObject([
      { attempt: 1, scriptId: 12, outcome: 'error', error: { kind: 'timeout' } },
      {
        attempt: 2,
        scriptId: 12,
        outcome: 'reconciled',
        reconciledWith: { activityType: 'SCRIPTING', statusCode: 'START_REQUESTED' },
      },
    ]);
  });

  it('calls again when the first attempt really failed (no request in the log)', async () => {
    const bayId = seeded.bayId(3);
    const device = bedfordDevice(3);
    app.ninja.control.failNext(`/v2/device/${device}/reboot/*`, { status: 503 });
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() });

    expect(await app.services.bays.runDispatch(action.id)).toMatchObject({ kind: 'retrying', attempt: 1 });
    expect(await app.services.bays.runDispatch(action.id)).toEqual({ kind: 'dispatched' });
    // Two requests reached the fake: the refused one and one it accepted.
    expect(rebootCalls(device)).toBe(2);
    expect(await rebootRequests(device)).toHaveLength(1);
    expect(await trackUntilSettled(action.id)).toEqual({ kind: 'finished', state: 'succeeded' });

    const calls = (await auditOf(app, action.id)).filter((row) => row.action === 'ninjaone.reboot.called');
    expect(calls.map((row) => row.after)).toMatchObject([
      { attempt: 1, outcome: 'error', error: { kind: 'unavailable', status: 503 } },
      { attempt: 2, outcome: 'accepted', reconcile: 'none' },
    ]);
  });

  it("does not take the same PC's earlier, finished reboot for this action's", async () => {
    const bayId = seeded.bayId(4);
    const device = bedfordDevice(4);
    const earlier = await seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() });
    expect(await settle(app, earlier.id)).toEqual({ kind: 'finished', state: 'succeeded' });
    app.clock.advance(30 * 60_000);

    app.ninja.control.failNext(`/v2/device/${device}/reboot/*`, { status: 503 });
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() });
    expect(await app.services.bays.runDispatch(action.id)).toMatchObject({ kind: 'retrying' });
    expect(await app.services.bays.runDispatch(action.id)).toEqual({ kind: 'dispatched' });
    expect(await rebootRequests(device)).toHaveLength(2);
    expect(await trackUntilSettled(action.id)).toEqual({ kind: 'finished', state: 'succeeded' });
  });

  it('calls anyway when the activity log cannot be read', async () => {
    const bayId = seeded.bayId(3);
    const device = bedfordDevice(3);
    app.clock.advance(30 * 60_000);
    app.ninja.control.failNext(`/v2/device/${device}/reboot/*`, { status: 503 });
    const action = await seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: key() });
    expect(await app.services.bays.runDispatch(action.id)).toMatchObject({ kind: 'retrying' });

    app.ninja.control.failNext(`/v2/device/${device}/activities`, { status: 500 });
    expect(await app.services.bays.runDispatch(action.id)).toEqual({ kind: 'dispatched' });
    const calls = (await auditOf(app, action.id)).filter((row) => row.action === 'ninjaone.reboot.called');
    expect(calls.map((row) => row.after)).toMatchObject([
      { attempt: 1, outcome: 'error' },
      { attempt: 2, outcome: 'accepted', reconcile: 'unreadable' },
    ]);
    expect(await trackUntilSettled(action.id)).toEqual({ kind: 'finished', state: 'succeeded' });
  });

  /** Reboot requests in the fake's activity log for the device. */
  async function rebootRequests(device: number) {
    const activities = (await app.services.ninjaone?.getActivities(device, { pageSize: 200 })) ?? [];
    return activities.filter(
      (entry) => entry.sourceName === 'Reboot' && entry.statusCode === 'START_REQUESTED',
    );
  }
});

// The matching itself, against activity shapes the fake does not produce (real NinjaOne's are unconfirmed).
describe('finding an earlier request in the activity log', () => {
  const since = new Date('2026-03-01T12:00:00Z');
  const at = (offsetMs: number) => (since.getTime() + offsetMs) / 1000;
  const log = (...activities: NinjaActivity[]): NinjaOneApi =>
    ({ getActivities: async () => activities }) as unknown as NinjaOneApi;
  const find = (api: NinjaOneApi, kind: 'reboot-pc' | 'restart-sim') =>
    findEarlierRequest(api, 7, kind, since);

  it('matches loosely: any case, status instead of statusCode, the word in the message', async () => {
    const reboot = {
      activityTime: at(500),
      activityType: 'action',
      status: 'start_requested',
      message: 'Reboot requested',
    };
    expect(await find(log(reboot), 'reboot-pc')).toMatchObject({ kind: 'found', activity: reboot });
    const script = { activityTime: at(500), activityType: 'Scripting', statusCode: 'START_REQUESTED' };
    expect(await find(log(script), 'restart-sim')).toMatchObject({ kind: 'found' });
  });

  it('allows a little clock skew, and nothing older', async () => {
    const entry = {
      activityTime: 0,
      activityType: 'ACTION',
      statusCode: 'START_REQUESTED',
      sourceName: 'Reboot',
    };
    const skewed = { ...entry, activityTime: at(-RECONCILE_SKEW_MS + 100) };
    expect(await find(log(skewed), 'reboot-pc')).toMatchObject({ kind: 'found' });
    const older = { ...entry, activityTime: at(-RECONCILE_SKEW_MS - 100) };
    expect(await find(log(older), 'reboot-pc')).toEqual({ kind: 'none' });
  });

  it('needs a request of the same kind', async () => {
    const base = { activityTime: at(500), statusCode: 'START_REQUESTED' };
    const completed = { ...base, activityType: 'ACTION', sourceName: 'Reboot', statusCode: 'COMPLETED' };
    const scriptNamedReboot = { ...base, activityType: 'SCRIPTING', sourceName: 'Reboot helper' };
    const oddSource = { ...base, activityType: 'ACTION', sourceName: 42 as unknown as string };
    expect(await find(log(completed, scriptNamedReboot, oddSource), 'reboot-pc')).toEqual({ kind: 'none' });
    const reboot = { ...base, activityType: 'ACTION', sourceName: 'Reboot' };
    expect(await find(log(reboot), 'restart-sim')).toEqual({ kind: 'none' });
  });

  it('reports an unreadable log rather than guessing', async () => {
    const failing = {
      getActivities: async () => {
        throw new Error('503');
      },
    } as unknown as NinjaOneApi;
    expect(await find(failing, 'reboot-pc')).toMatchObject({ kind: 'unreadable' });
  });
});
