import type { NinjaDevice } from '../integrations/ninjaone/types.ts';
import { finishAction, publishBay, refreshBay } from './changes.ts';
import { type BayContext, jobAuditContext } from './context.ts';
import { type ActivityResult, activityResult, statusChangesFor } from './deviceStatus.ts';
import { trackJobOptions } from './dispatch.ts';
import { TRACK_QUEUE, type TrackJob } from './jobs.ts';
import {
  type ActionWithRequester,
  findAction,
  findBayWithFacility,
  findStatus,
  lockAction,
} from './repository.ts';
import { clockTime, timedOutMessage } from './wording.ts';

export type TrackOutcome =
  | { kind: 'skipped'; reason: string }
  | { kind: 'pending' }
  | { kind: 'finished'; state: 'succeeded' | 'failed' | 'timedOut' };

// NinjaOne's clock and ours may differ a little; an activity this much before the call still counts.
const CLOCK_SKEW_MS = 30_000;

type Observation = { device?: NinjaDevice; result?: ActivityResult };

/**
 * Checks a running action against NinjaOne once and either settles it or schedules the next check.
 * A NinjaOne outage only means "no news this time": the action timeout bounds the wait either way.
 */
export async function runTrack(
  ctx: BayContext,
  actionId: string,
  requestId: string | null = null,
): Promise<TrackOutcome> {
  const action = await findAction(ctx.db, actionId);
  if (action?.state !== 'running') {
    return { kind: 'skipped', reason: action ? `already ${action.state}` : 'no such action' };
  }
  const started = startOf(action);
  const expired = ctx.now().getTime() - started.getTime() > ctx.timings.actionTimeoutMs;
  const observation = expired ? {} : await observe(ctx, action, started);

  return ctx.db.transaction(async (tx): Promise<TrackOutcome> => {
    const locked = await lockAction(tx, actionId);
    if (locked?.state !== 'running') return { kind: 'skipped', reason: 'settled meanwhile' };
    const where = await findBayWithFacility(tx, locked.bayId);
    if (!where) throw new Error(`bay ${locked.bayId} of action ${locked.id} vanished`);
    const { bay, facility } = where;
    const now = ctx.now();

    let status = await findStatus(tx, bay.id);
    if (observation.device) {
      // The device's own state is news for the board too (a rebooting PC shows offline).
      const statusChanges = statusChangesFor(status, observation.device, now);
      if (Object.keys(statusChanges).length > 0) {
        const { view } = await refreshBay(tx, ctx, bay, { statusChanges, alertOnAttention: false });
        await publishBay(tx, view);
        status = await findStatus(tx, bay.id);
      }
    }

    const context = { action: locked, bay, facility, requesterName: locked.requesterName };
    const audit = jobAuditContext(requestId);
    const settle = async (state: 'succeeded' | 'failed' | 'timedOut', message: string | null) => {
      await finishAction(tx, ctx, context, { state, message }, audit);
      return { kind: 'finished', state } as const;
    };
    if (locked.kind === 'restart-sim' && observation.result) {
      return settle(observation.result.state, observation.result.message);
    }
    if (locked.kind === 'reboot-pc' && observation.device && !observation.device.offline) {
      const wentOffline = status?.lastOfflineAt && status.lastOfflineAt >= started;
      if (observation.result?.state === 'failed') return settle('failed', observation.result.message);
      if (wentOffline || observation.result?.state === 'succeeded') {
        const message =
          observation.result?.message ?? `Back online at ${clockTime(now, facility.timezone, now)}.`;
        return settle('succeeded', message);
      }
    }
    if (expired || now.getTime() - started.getTime() > ctx.timings.actionTimeoutMs) {
      return settle('timedOut', timedOutMessage(bay.name, locked.kind, ctx.timings.actionTimeoutMs));
    }
    const job: TrackJob = { actionId, requestId };
    await ctx.jobs?.send(TRACK_QUEUE, job, trackJobOptions(ctx, actionId), tx);
    return { kind: 'pending' };
  });
}

/** When the action reached NinjaOne, as far as tracking is concerned. */
function startOf(action: ActionWithRequester): Date {
  return action.dispatchedAt ?? action.startedAt ?? action.requestedAt;
}

async function observe(ctx: BayContext, action: ActionWithRequester, started: Date): Promise<Observation> {
  const ninjaone = ctx.ninjaone;
  const where = await findBayWithFacility(ctx.db, action.bayId);
  const deviceId = where?.bay.ninjaDeviceId;
  if (!ninjaone || deviceId === null || deviceId === undefined) return {};
  // The call went out when the attempt started, a little before dispatched_at was written.
  const since = new Date(
    Math.min(started.getTime(), (action.startedAt ?? started).getTime()) - CLOCK_SKEW_MS,
  );
  try {
    const [device, activities] = await Promise.all([
      action.kind === 'reboot-pc' ? ninjaone.getDevice(deviceId) : Promise.resolve(undefined),
      ninjaone.getActivities(deviceId, { pageSize: 50 }),
    ]);
    return { device, result: activityResult(activities, action.kind, since) };
  } catch (error) {
    ctx.logger.warn(
      { err: error, actionId: action.id },
      'could not check a bay action with NinjaOne; will retry',
    );
    return {};
  }
}
