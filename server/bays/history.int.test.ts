import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BayView } from '../../shared/bays.ts';
import { engines } from '../test/databases.ts';
import { auditOf, bedfordDevice, DARTMOUTH_DEVICE, seedBays, settle } from './fixtures.ts';
import { DISPATCH_QUEUE, type DispatchJob } from './jobs.ts';
import { type BayTestApp, createBayTestApp } from './testApp.ts';

describe.each(engines)('bay history and live changes on %s', (engine) => {
  let app: BayTestApp;
  let seeded: Awaited<ReturnType<typeof seedBays>>;

  beforeAll(async () => {
    app = await createBayTestApp(engine, {
      deviceIds: [bedfordDevice(1), bedfordDevice(2), DARTMOUTH_DEVICE],
    });
    seeded = await seedBays(app, 2);
    await app.services.bays.runPoll();
  });
  afterAll(() => app?.close());

  it('audits every step, request, NinjaOne call and outcome, in order, with who did it', async () => {
    const bayId = seeded.bayId(1);
    const action = await seeded.asAlice.bays.reset({
      bayId,
      action: 'restart-sim',
      idempotencyKey: randomUUID(),
    });
    const [job] = await app.jobs.pgBoss.findJobs<DispatchJob>(DISPATCH_QUEUE, {
      data: { actionId: action.id },
    });
    await settle(app, action.id, job?.data.requestId ?? null);

    const rows = await auditOf(app, action.id);
    expect(rows.map((row) => [row.action, row.actorType, row.actorId])).toEqual([
      ['bay.reset.requested', 'user', seeded.alice.id],
      ['ninjaone.script.called', 'system', 'bay-jobs'],
      ['bay.reset.succeeded', 'system', 'bay-jobs'],
    ]);
    expect(new Set(rows.map((row) => row.requestId)).size).toBe(1);
    expect(rows.every((row) => row.targetId === bayId && row.targetType === 'bay')).toBe(true);
    expect(rows[1]?.after).toMatchObject({
      outcome: 'accepted',
      attempt: 1,
      deviceId: bedfordDevice(1),
      scriptId: 12,
      requestedBy: { id: seeded.alice.id, name: 'Alice Front' },
    });
    expect(await app.services.audit.verify()).toMatchObject({ ok: true });

    const history = await seeded.asAlice.bays.history({ bayId });
    expect(history.items.map((item) => [item.action, item.requestedBy?.name ?? null, item.summary])).toEqual([
      [
        'bay.reset.succeeded',
        'Alice Front',
        'Restart simulator succeeded: Script "Restart simulator (12)" completed',
      ],
      ['ninjaone.script.called', 'Alice Front', 'NinjaOne took the simulator restart (attempt 1).'],
      ['bay.reset.requested', 'Alice Front', 'Alice Front asked for: Restart simulator.'],
      ['bay.created', null, 'Bay added by setup.'],
    ]);
    expect(history.nextCursor).toBeNull();
    expect(history.actions).toMatchObject([{ id: action.id, state: 'succeeded' }]);

    const page = await seeded.asAlice.bays.history({ bayId, limit: 3 });
    expect(page.items).toHaveLength(3);
    const rest = await seeded.asAlice.bays.history({ bayId, cursor: page.nextCursor ?? 0 });
    expect(rest.items.map((item) => item.action)).toEqual(['bay.created']);
    expect(rest.actions).toEqual([]);
  });

  it('audits each failed NinjaOne call and the failure', async () => {
    const bayId = seeded.bayId(2);
    app.ninja.control.failNext(`/v2/device/${bedfordDevice(2)}/reboot/*`, { status: 404 });
    const action = await seeded.asAlice.bays.reset({
      bayId,
      action: 'reboot-pc',
      idempotencyKey: randomUUID(),
    });
    expect(await app.services.bays.runDispatch(action.id)).toMatchObject({ kind: 'failed' });
    const rows = await auditOf(app, action.id);
    expect(rows.map((row) => row.action)).toEqual([
      'bay.reset.requested',
      'ninjaone.reboot.called',
      'bay.reset.failed',
    ]);
    expect(rows[1]?.after).toMatchObject({ outcome: 'error', error: { kind: 'not_found', status: 404 } });
    const [latest] = (await seeded.asAlice.bays.history({ bayId })).items;
    expect(latest?.summary).toMatch(/^Reboot PC failed: NinjaOne refused the reboot: .*replied 404/);
  });

  it('streams bay changes to staff of that facility only, and resumes from the last event id', async () => {
    const bayId = seeded.bayId(1, 'dartmouth');
    const lastEventId = String(await app.services.events.latestId());
    const action = await seeded.asBob.bays.reset({
      bayId,
      action: 'restart-sim',
      idempotencyKey: randomUUID(),
    });
    await settle(app, action.id);

    // Bob reconnects with the id he had: he gets requested → running → succeeded, in order.
    const seen = await take(await seeded.asBob.bays.onChange({ lastEventId }), 3);
    expect(seen.map(([, view]) => view.currentAction?.state ?? view.lastAction?.state)).toEqual([
      'requested',
      'running',
      'succeeded',
    ]);
    expect(seen.every(([, view]) => view.id === bayId)).toBe(true);
    const ids = seen.map(([id]) => Number(id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // Alice works at Bedford: a replay of the same range holds none of Dartmouth's changes.
    const before = Number(lastEventId);
    await app.services.bays.runPoll();
    app.ninja.control.setOffline(bedfordDevice(1), true);
    await app.services.bays.runPoll();
    const [first] = await take(await seeded.asAlice.bays.onChange({ lastEventId: String(before) }), 1);
    expect(first?.[1]).toMatchObject({ id: seeded.bayId(1), online: false });
  });
});

/** The first `count` tracked events of a subscription, as [id, view]; leaving the loop ends it. */
async function take(stream: AsyncIterable<unknown>, count: number): Promise<[string, BayView][]> {
  const received: [string, BayView][] = [];
  for await (const envelope of stream) {
    const [id, view] = envelope as [string, BayView];
    received.push([id, view]);
    if (received.length >= count) break;
  }
  return received;
}
