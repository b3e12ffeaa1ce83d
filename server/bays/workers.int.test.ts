import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BayView } from '../../shared/bays.ts';
import { type FakeSlack, startFakeSlack } from '../integrations/slack/fakeServer.ts';
import { engines } from '../test/databases.ts';
import { auditOf, bedfordDevice, DARTMOUTH_DEVICE, seedBays } from './fixtures.ts';
import { schedulePoll } from './jobs.ts';
import { type BayTestApp, createBayTestApp, eventually } from './testApp.ts';

// End to end through the real pg-boss workers: nothing here calls a job handler directly.
describe.each(engines)('bay jobs through the real workers on %s', (engine) => {
  let app: BayTestApp;
  let slack: FakeSlack;
  let seeded: Awaited<ReturnType<typeof seedBays>>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    app = await createBayTestApp(engine, {
      deviceIds: [bedfordDevice(1), bedfordDevice(2), DARTMOUTH_DEVICE],
      // A short action timeout (tracking checks about 20 times within it), and a reboot that keeps
      // the PC offline long enough for the board to show it.
      env: { CLUBOS_BAY_ACTION_TIMEOUT_MINUTES: '0.1', SLACK_WEBHOOK_URL: slack.url },
      rebootDowntimeMs: 2_000,
      work: true,
    });
    seeded = await seedBays(app, 2);
    await schedulePoll(app.jobs, app.services.config.bays.pollSeconds);
  });
  afterAll(async () => {
    await app?.close();
    await slack?.close();
  });

  it('polls status on its own schedule', async () => {
    await eventually(async () => {
      const boards = await seeded.asAlice.bays.list({});
      return boards[0]?.bays.every((bay) => bay.online === true) ? true : undefined;
    });
  });

  it('shows requested → running → succeeded live for a reboot, with every step audited', async () => {
    const bayId = seeded.bayId(1);
    const lastEventId = String(await app.services.events.latestId());
    const stream = await seeded.asAlice.bays.onChange({ lastEventId });
    const action = await seeded.asAlice.bays.reset({
      bayId,
      action: 'reboot-pc',
      idempotencyKey: randomUUID(),
    });
    const views = await collectUntil(stream, (view) => view.lastAction?.id === action.id);
    const states = views
      .filter((view) => view.id === bayId)
      .map((view) => view.currentAction?.state ?? 'done');
    expect(states[0]).toBe('requested');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('done');
    expect(views.some((view) => view.id === bayId && view.online === false)).toBe(true);
    expect(views.at(-1)?.lastAction).toMatchObject({ id: action.id, state: 'succeeded' });
    expect((await auditOf(app, action.id)).map((row) => row.action)).toEqual([
      'bay.reset.requested',
      'ninjaone.reboot.called',
      'bay.reset.succeeded',
    ]);
    expect(app.ninja.control.calls('POST', `/v2/device/${bedfordDevice(1)}/reboot/*`)).toBe(1);
  });

  it('times out a PC that never comes back, and Slack hears about it', async () => {
    const bayId = seeded.bayId(2);
    app.ninja.control.neverComesBack(bedfordDevice(2));
    const action = await seeded.asAlice.bays.reset({
      bayId,
      action: 'reboot-pc',
      idempotencyKey: randomUUID(),
    });
    const message = await eventually(async () => {
      const [board] = await seeded.asAlice.bays.list({ facilitySlug: 'bedford' });
      const last = board?.bays.find((bay) => bay.id === bayId)?.lastAction;
      return last?.id === action.id ? last : undefined;
    }, 20_000);
    expect(message).toMatchObject({
      state: 'timedOut',
      message: 'Bay 2 did not come back online within 6 s.',
    });
    await eventually(async () => (slack.received.length > 0 ? true : undefined), 20_000);
    expect(slack.received.map((alert) => alert.text)).toEqual([
      'Bay 2 at Bedford: Reboot PC timed out: Bay 2 did not come back online within 6 s. (requested by Alice Front)',
    ]);
  });
});

/** Bay views from a live subscription until `done` holds for one, or fails after `timeoutMs`. */
async function collectUntil(
  stream: AsyncIterable<unknown>,
  done: (view: BayView) => boolean,
  timeoutMs = 20_000,
): Promise<BayView[]> {
  const iterator = stream[Symbol.asyncIterator]();
  const views: BayView[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), deadline - Date.now());
      });
      const next = await Promise.race([iterator.next(), timeout]);
      clearTimeout(timer);
      if (next === 'timeout' || next.done) break;
      const [, view] = next.value as [string, BayView];
      views.push(view);
      if (done(view)) return views;
    }
  } finally {
    await iterator.return?.();
  }
  throw new Error(`the awaited change did not arrive; saw ${views.length} changes`);
}
