import type { BayRow } from '../db/schema/index.ts';
import type { NinjaDevice } from '../integrations/ninjaone/types.ts';
import { loadBoard } from './boardRepository.ts';
import { finishAction, publishBay, refreshBay } from './changes.ts';
import { type BayContext, bayJobsActor } from './context.ts';
import { statusChangesFor } from './deviceStatus.ts';
import {
  baysWithDevices,
  findBayWithFacility,
  findStatus,
  findStuckActions,
  lockAction,
} from './repository.ts';
import { runTrack } from './track.ts';
import { attentionReason } from './views.ts';

export type PollOutcome = { devices: number; changed: number; settledStuck: number };

/**
 * One status poll: a single listDevices call, then a short transaction per bay whose status or
 * attention changed. Unchanged bays write nothing and publish nothing.
 */
export async function runPoll(ctx: BayContext): Promise<PollOutcome> {
  const ninjaone = ctx.ninjaone;
  if (!ninjaone) return { devices: 0, changed: 0, settledStuck: 0 };
  let devices: NinjaDevice[];
  try {
    devices = await ninjaone.listDevices();
  } catch (error) {
    // The next poll tries again; attention for long-offline bays still advances below.
    ctx.logger.warn({ err: error }, 'bay status poll could not list NinjaOne devices');
    devices = [];
  }
  const byId = new Map(devices.map((device) => [device.id, device]));
  const bays = await baysWithDevices(ctx.db);
  const board = await loadBoard(ctx.db, { bayIds: bays.map((bay) => bay.id) });
  const timeZones = new Map(board.facilities.map((facility) => [facility.id, facility.timezone]));
  let changed = 0;
  for (const bay of bays) {
    const device = byId.get(bay.ninjaDeviceId ?? -1);
    // A cheap look first, so a quiet poll opens no transaction at all.
    const current = board.status.get(bay.id);
    const changes = device ? statusChangesFor(current, device, ctx.now()) : {};
    const reason = attentionReason({
      status: current ? { ...current, ...changes } : undefined,
      inFlight: board.inFlight.get(bay.id),
      lastFinal: board.lastFinal.get(bay.id),
      timeZone: timeZones.get(bay.facilityId) ?? 'UTC',
      now: ctx.now(),
      offlineAttentionMs: ctx.timings.offlineAttentionMs,
    });
    const quiet = Object.keys(changes).length === 0 && Boolean(current?.attentionSince) === (reason !== null);
    if (!quiet && (await pollBay(ctx, bay, device))) changed++;
  }
  return { devices: devices.length, changed, settledStuck: await settleStuckActions(ctx) };
}

async function pollBay(ctx: BayContext, bay: BayRow, device: NinjaDevice | undefined): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    // Decided again against the row as it is now, under lock, so two polls cannot both alert.
    const current = await findStatus(tx, bay.id, { forUpdate: true });
    const statusChanges = device ? statusChangesFor(current, device, ctx.now()) : {};
    const { view, attentionChanged } = await refreshBay(tx, ctx, bay, {
      statusChanges,
      alertOnAttention: true,
    });
    if (Object.keys(statusChanges).length === 0 && !attentionChanged) return false;
    await publishBay(tx, view);
    return true;
  });
}

/**
 * A safety net for actions whose jobs were lost (a crash, a dead-lettered job): one in flight would
 * block its bay for good, because only one action per bay may be in flight.
 */
async function settleStuckActions(ctx: BayContext): Promise<number> {
  const grace = ctx.timings.trackIntervalMs * 3 + ctx.timings.dispatchLeaseMs;
  const before = new Date(ctx.now().getTime() - ctx.timings.actionTimeoutMs - grace);
  let settled = 0;
  for (const stuck of await findStuckActions(ctx.db, before)) {
    if (stuck.state === 'running') {
      if ((await runTrack(ctx, stuck.id)).kind === 'finished') settled++;
      continue;
    }
    const done = await ctx.db.transaction(async (tx) => {
      const action = await lockAction(tx, stuck.id);
      if (action?.state !== 'requested') return false;
      const where = await findBayWithFacility(tx, action.bayId);
      if (!where) return false;
      const message = 'NinjaOne never took the request; please try again.';
      const context = { action, ...where, requesterName: action.requesterName };
      await finishAction(tx, ctx, context, { state: 'failed', message }, bayJobsActor);
      return true;
    });
    if (done) settled++;
  }
  return settled;
}
