import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BayView } from '../../shared/bays.ts';
import { engines } from '../test/databases.ts';
import { bedfordDevice, DARTMOUTH_DEVICE, queuedAlerts, seedBays } from './fixtures.ts';
import { type BayTestApp, createBayTestApp } from './testApp.ts';

describe.each(engines)('bay status polling on %s', (engine) => {
  let app: BayTestApp;
  let seeded: Awaited<ReturnType<typeof seedBays>>;

  beforeAll(async () => {
    app = await createBayTestApp(engine, {
      deviceIds: [bedfordDevice(1), bedfordDevice(2), bedfordDevice(3), DARTMOUTH_DEVICE],
    });
    seeded = await seedBays(app, 3);
  });
  afterAll(() => app?.close());

  const bayEventsAfter = async (id: number) =>
    (await app.services.events.readAfter(id, { facilityScope: 'all', types: ['bay.changed'] }, 100)).map(
      (event) => event.payload as BayView,
    );
  const boardBay = async (bayId: string) => {
    const [board] = await seeded.asAlice.bays.list({ facilitySlug: 'bedford' });
    return board?.bays.find((bay) => bay.id === bayId);
  };

  it('writes and publishes only changes: a device gone offline shows offline after one poll', async () => {
    expect(await boardBay(seeded.bayId(2))).toMatchObject({ online: null, needsAttention: false });
    expect(await app.services.bays.runPoll()).toMatchObject({ devices: 4, changed: 4 });
    expect(await app.services.bays.runPoll()).toMatchObject({ changed: 0 });

    const before = await app.services.events.latestId();
    app.ninja.control.setOffline(bedfordDevice(2), true);
    expect(await app.services.bays.runPoll()).toMatchObject({ changed: 1 });
    const published = await bayEventsAfter(before);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ id: seeded.bayId(2), online: false, needsAttention: false });
    expect(published[0]?.lastSeenAt).not.toBeNull();
    expect(await boardBay(seeded.bayId(2))).toMatchObject({ online: false });

    expect(await app.services.bays.runPoll()).toMatchObject({ changed: 0 });
    expect(await bayEventsAfter(before)).toHaveLength(1);
  });

  it('flags a bay offline past the threshold as needing attention, with exactly one Slack alert', async () => {
    const bayId = seeded.bayId(2);
    app.clock.advance(4 * 60_000);
    await app.services.bays.runPoll();
    expect(await boardBay(bayId)).toMatchObject({ needsAttention: false });
    expect(await queuedAlerts(app)).toEqual([]);

    app.clock.advance(60_000 + 1_000);
    const before = await app.services.events.latestId();
    expect(await app.services.bays.runPoll()).toMatchObject({ changed: 1 });
    const view = await boardBay(bayId);
    expect(view).toMatchObject({ online: false, needsAttention: true });
    expect(view?.attentionReason).toMatch(/^Offline for 5 min \(since \d\d:\d\d\)\.$/);
    expect(await bayEventsAfter(before)).toMatchObject([{ id: bayId, needsAttention: true }]);
    expect(await queuedAlerts(app)).toEqual([`Bay 2 at Bedford needs attention. ${view?.attentionReason}`]);

    // Still offline at the next polls: nothing new is written, published or sent.
    app.clock.advance(60_000);
    expect(await app.services.bays.runPoll()).toMatchObject({ changed: 0 });
    expect(await queuedAlerts(app)).toHaveLength(1);

    app.ninja.control.setOffline(bedfordDevice(2), false);
    expect(await app.services.bays.runPoll()).toMatchObject({ changed: 1 });
    expect(await boardBay(bayId)).toMatchObject({
      online: true,
      needsAttention: false,
      attentionReason: null,
    });
    expect(await queuedAlerts(app)).toHaveLength(1);
  });

  it('fails a request whose dispatch never ran, so the bay is not blocked for good', async () => {
    const bayId = seeded.bayId(3);
    const action = await seeded.asAlice.bays.reset({
      bayId,
      action: 'reboot-pc',
      idempotencyKey: randomUUID(),
    });
    await app.services.bays.runPoll();
    expect((await boardBay(bayId))?.currentAction?.state).toBe('requested');

    app.clock.advance(15 * 60_000);
    expect(await app.services.bays.runPoll()).toMatchObject({ settledStuck: 1 });
    expect(await boardBay(bayId)).toMatchObject({
      currentAction: null,
      lastAction: {
        id: action.id,
        state: 'failed',
        message: 'NinjaOne never took the request; please try again.',
      },
    });
    await expect(
      seeded.asAlice.bays.reset({ bayId, action: 'reboot-pc', idempotencyKey: randomUUID() }),
    ).resolves.toMatchObject({ state: 'requested' });
  });
});
