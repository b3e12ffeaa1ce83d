import { recordAudit } from '../audit/record.ts';
import type { BayRow, FacilityRow } from '../db/schema/index.ts';
import { NinjaOneError } from '../integrations/ninjaone/types.ts';
import { finishAction, publishBay, refreshBay, transitionAction } from './changes.ts';
import { type BayContext, jobAuditContext } from './context.ts';
import { DISPATCH_QUEUE, type DispatchJob, TRACK_QUEUE, type TrackJob } from './jobs.ts';
import { type ActionWithRequester, findBayWithFacility, lockAction, updateAction } from './repository.ts';
import { restartScriptId } from './scripts.ts';
import { actionNoun } from './wording.ts';

export type DispatchOutcome =
  | { kind: 'skipped'; reason: string }
  /** Another attempt holds the action; look again after `retryInMs`. */
  | { kind: 'busy'; retryInMs: number }
  | { kind: 'dispatched' }
  | { kind: 'retrying'; attempt: number; delayMs: number }
  | { kind: 'failed'; message: string };

type Call = { deviceId: number; scriptId?: number; run: () => Promise<void> };
type Claim = { outcome: DispatchOutcome } | { call: Call; attempt: number };

/**
 * Sends one action to NinjaOne. Safe to run twice or concurrently for the same action: only an
 * action still `requested` and not leased to another attempt is called, and the lease is taken in
 * its own short transaction so no database connection waits on NinjaOne.
 */
export async function runDispatch(
  ctx: BayContext,
  actionId: string,
  requestId: string | null = null,
): Promise<DispatchOutcome> {
  const audit = jobAuditContext(requestId);
  const claim = await ctx.db.transaction(async (tx): Promise<Claim> => {
    const action = await lockAction(tx, actionId);
    if (!action) return { outcome: { kind: 'skipped', reason: 'no such action' } };
    if (action.state !== 'requested') {
      return { outcome: { kind: 'skipped', reason: `already ${action.state}` } };
    }
    const now = ctx.now();
    if (action.leaseUntil && action.leaseUntil > now) {
      const retryInMs = action.leaseUntil.getTime() - now.getTime() + 1_000;
      return { outcome: { kind: 'busy', retryInMs } };
    }
    const where = await findBayWithFacility(tx, action.bayId);
    if (!where) throw new Error(`bay ${action.bayId} of action ${action.id} vanished`);
    const call = planCall(ctx, action, where.bay, where.facility);
    if (typeof call === 'string') {
      const context = { action, ...where, requesterName: action.requesterName };
      await finishAction(tx, ctx, context, { state: 'failed', message: call }, audit);
      return { outcome: { kind: 'failed', message: call } };
    }
    await updateAction(tx, action.id, {
      attempts: action.attempts + 1,
      startedAt: action.startedAt ?? now,
      leaseUntil: new Date(now.getTime() + ctx.timings.dispatchLeaseMs),
    });
    return { call, attempt: action.attempts + 1 };
  });
  if ('outcome' in claim) return claim.outcome;

  let error: NinjaOneError | undefined;
  try {
    await claim.call.run();
  } catch (thrown) {
    // Anything else (a bug, a malformed reply) is retried like an outage, within the same attempt limit.
    error =
      thrown instanceof NinjaOneError
        ? thrown
        : new NinjaOneError('unavailable', thrown instanceof Error ? thrown.message : String(thrown));
  }
  return recordAttempt(ctx, actionId, claim.call, claim.attempt, error, audit.requestId ?? null);
}

/** What to call, or why the action cannot be sent at all. */
function planCall(
  ctx: BayContext,
  action: ActionWithRequester,
  bay: BayRow,
  facility: FacilityRow,
): Call | string {
  const ninjaone = ctx.ninjaone;
  if (!ninjaone) return 'NinjaOne is not set up on this server.';
  const deviceId = bay.ninjaDeviceId;
  if (deviceId === null) return `${bay.name} has no NinjaOne device.`;
  switch (action.kind) {
    case 'reboot-pc': {
      const reason = `ClubOS: ${bay.name} at ${facility.name}, requested by ${action.requesterName ?? 'staff'}`;
      return { deviceId, run: () => ninjaone.reboot(deviceId, reason) };
    }
    case 'restart-sim': {
      const scriptId = restartScriptId(facility);
      if (scriptId === undefined) return `No restart script is set up for ${facility.name}.`;
      return { deviceId, scriptId, run: () => ninjaone.runScript(deviceId, scriptId) };
    }
    default: {
      const unreachable: never = action.kind;
      throw new Error(`unknown bay action kind ${String(unreachable)}`);
    }
  }
}

async function recordAttempt(
  ctx: BayContext,
  actionId: string,
  call: Call,
  attempt: number,
  error: NinjaOneError | undefined,
  requestId: string | null,
): Promise<DispatchOutcome> {
  const audit = jobAuditContext(requestId);
  return ctx.db.transaction(async (tx) => {
    const action = await lockAction(tx, actionId);
    if (!action) return { kind: 'skipped', reason: 'no such action' };
    const where = await findBayWithFacility(tx, action.bayId);
    if (!where) throw new Error(`bay ${action.bayId} of action ${action.id} vanished`);
    const { bay } = where;
    await recordAudit(tx, audit, {
      action: action.kind === 'reboot-pc' ? 'ninjaone.reboot.called' : 'ninjaone.script.called',
      targetType: 'bay',
      targetId: bay.id,
      facilityId: bay.facilityId,
      after: {
        actionId: action.id,
        kind: action.kind,
        attempt,
        deviceId: call.deviceId,
        scriptId: call.scriptId,
        outcome: error ? 'error' : 'accepted',
        error: error ? { kind: error.kind, status: error.status ?? null, message: error.message } : undefined,
        requestedBy: action.requestedBy ? { id: action.requestedBy, name: action.requesterName } : null,
      },
    });
    // Settled elsewhere meanwhile (a stuck-action sweep): the call is recorded, nothing else changes.
    if (action.state !== 'requested') return { kind: 'skipped', reason: `already ${action.state}` };

    if (!error) {
      await transitionAction(tx, action, 'running', {
        dispatchedAt: ctx.now(),
        leaseUntil: null,
        message: null,
      });
      const { view } = await refreshBay(tx, ctx, bay, { alertOnAttention: false });
      await publishBay(tx, view);
      const job: TrackJob = { actionId, requestId };
      await ctx.jobs?.send(TRACK_QUEUE, job, trackJobOptions(ctx, actionId), tx);
      return { kind: 'dispatched' };
    }

    const noun = actionNoun(action.kind);
    if (error.retryable && attempt < ctx.timings.maxAttempts) {
      const delayMs = error.retryAfterMs ?? ctx.timings.retryBaseMs * 2 ** (attempt - 1);
      await updateAction(tx, action.id, {
        leaseUntil: null,
        message: `NinjaOne did not take the ${noun} yet (attempt ${attempt} of ${ctx.timings.maxAttempts}); trying again.`,
      });
      const { view } = await refreshBay(tx, ctx, bay, { alertOnAttention: false });
      await publishBay(tx, view);
      const job: DispatchJob = { actionId, requestId };
      await ctx.jobs?.send(DISPATCH_QUEUE, job, { startAfter: new Date(Date.now() + delayMs) }, tx);
      return { kind: 'retrying', attempt, delayMs };
    }
    const message = error.retryable
      ? `NinjaOne did not take the ${noun} after ${attempt} attempts: ${error.message}`
      : `NinjaOne refused the ${noun}: ${error.message}`;
    const context = { action, ...where, requesterName: action.requesterName };
    await finishAction(tx, ctx, context, { state: 'failed', message }, audit);
    return { kind: 'failed', message };
  });
}

export function trackJobOptions(ctx: BayContext, actionId: string) {
  // Job rows are only scaffolding for the action row, which keeps the record: drop them after an hour.
  return {
    startAfter: new Date(Date.now() + ctx.timings.trackIntervalMs),
    singletonKey: actionId,
    deleteAfterSeconds: 3_600,
  };
}
