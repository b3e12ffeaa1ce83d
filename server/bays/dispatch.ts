import { recordAudit } from '../audit/record.ts';
import type { BayRow, FacilityRow } from '../db/schema/index.ts';
import { type NinjaActivity, NinjaOneError } from '../integrations/ninjaone/types.ts';
import { finishAction, publishBay, refreshBay, transitionAction } from './changes.ts';
import { type BayContext, jobAuditContext } from './context.ts';
import { DISPATCH_QUEUE, type DispatchJob, TRACK_QUEUE, type TrackJob } from './jobs.ts';
import { findEarlierRequest, type Reconciliation } from './reconcile.ts';
import { type ActionWithRequester, findBayWithFacility, lockAction, updateAction } from './repository.ts';
import { restartScriptId } from './scripts.ts';
import { actionNoun } from './wording.ts';

export type DispatchOutcome =
  | { kind: 'skipped'; reason: string }
  /** Another attempt holds the action; look again after `retryInMs`. */
  | { kind: 'busy'; retryInMs: number }
  | { kind: 'dispatched' }
  /** An earlier attempt had reached NinjaOne after all (its activity log says so); not called again. */
  | { kind: 'reconciled' }
  | { kind: 'retrying'; attempt: number; delayMs: number }
  | { kind: 'failed'; message: string };

type Call = {
  deviceId: number;
  scriptId?: number;
  run: () => Promise<void>;
  /** Whether NinjaOne's activity log shows a request for this action since `since`. */
  findRequest: (since: Date) => Promise<Reconciliation>;
};
type Claim = { outcome: DispatchOutcome } | { call: Call; attempt: number; startedAt: Date };
type Attempt =
  | { outcome: 'accepted'; check?: Reconciliation['kind'] }
  | { outcome: 'error'; error: NinjaOneError; check?: Reconciliation['kind'] }
  | { outcome: 'reconciled'; activity: NinjaActivity };

/**
 * Sends one action to NinjaOne. Safe to run twice or concurrently for the same action: only an
 * action still `requested` and not leased to another attempt is called, and the lease is taken in
 * its own short transaction so no database connection waits on NinjaOne. NinjaOne has no
 * idempotency key, so a retry first reconciles with NinjaOne's activity log (see `attemptCall`).
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
    const startedAt = action.startedAt ?? now;
    await updateAction(tx, action.id, {
      attempts: action.attempts + 1,
      startedAt,
      leaseUntil: new Date(now.getTime() + ctx.timings.dispatchLeaseMs),
    });
    return { call, attempt: action.attempts + 1, startedAt };
  });
  if ('outcome' in claim) return claim.outcome;
  const attempt = await attemptCall(ctx, actionId, claim.call, claim.attempt, claim.startedAt);
  return recordAttempt(ctx, actionId, claim.call, claim.attempt, attempt, audit.requestId ?? null);
}

/**
 * Calls NinjaOne, unless this is a retry and an earlier attempt got through after all. An attempt
 * that timed out (or whose worker died while it held the lease) may have been carried out, and
 * NinjaOne has no idempotency key, so before calling again a retry looks in the device's activity
 * log for a request of this kind since the first attempt started. If the log cannot be read it
 * calls anyway: a PC rebooted twice is the remaining, smaller risk, against an action never sent.
 */
async function attemptCall(
  ctx: BayContext,
  actionId: string,
  call: Call,
  attempt: number,
  startedAt: Date,
): Promise<Attempt> {
  let check: Reconciliation['kind'] | undefined;
  if (attempt > 1) {
    const earlier = await call.findRequest(startedAt);
    if (earlier.kind === 'found') return { outcome: 'reconciled', activity: earlier.activity };
    if (earlier.kind === 'unreadable') {
      ctx.logger.warn(
        { err: earlier.error, actionId, attempt },
        'could not read NinjaOne activities before a retry; calling again, which may repeat the action',
      );
    }
    check = earlier.kind;
  }
  try {
    await call.run();
    return { outcome: 'accepted', check };
  } catch (thrown) {
    // Anything else (a bug, a malformed reply) is retried like an outage, within the same attempt limit.
    const error =
      thrown instanceof NinjaOneError
        ? thrown
        : new NinjaOneError('unavailable', thrown instanceof Error ? thrown.message : String(thrown));
    return { outcome: 'error', error, check };
  }
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
  const findRequest = (since: Date) => findEarlierRequest(ninjaone, deviceId, action.kind, since);
  switch (action.kind) {
    case 'reboot-pc': {
      const reason = `ClubOS: ${bay.name} at ${facility.name}, requested by ${action.requesterName ?? 'staff'}`;
      return { deviceId, findRequest, run: () => ninjaone.reboot(deviceId, reason) };
    }
    case 'restart-sim': {
      const scriptId = restartScriptId(facility);
      if (scriptId === undefined) return `No restart script is set up for ${facility.name}.`;
      return { deviceId, scriptId, findRequest, run: () => ninjaone.runScript(deviceId, scriptId) };
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
  result: Attempt,
  requestId: string | null,
): Promise<DispatchOutcome> {
  const error = result.outcome === 'error' ? result.error : undefined;
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
        outcome: result.outcome,
        error: error ? { kind: error.kind, status: error.status ?? null, message: error.message } : undefined,
        // A retry's look at the activity log first: 'found' (then not called), 'none' or 'unreadable'.
        reconcile: result.outcome === 'reconciled' ? 'found' : result.check,
        reconciledWith: result.outcome === 'reconciled' ? requestEntry(result.activity) : undefined,
        requestedBy: action.requestedBy ? { id: action.requestedBy, name: action.requesterName } : null,
      },
    });
    // Settled elsewhere meanwhile (a stuck-action sweep): the call is recorded, nothing else changes.
    if (action.state !== 'requested') return { kind: 'skipped', reason: `already ${action.state}` };

    if (!error) {
      const now = ctx.now();
      await transitionAction(tx, action, 'running', {
        // A reconciled action reached NinjaOne during an earlier attempt; tracking counts from then.
        dispatchedAt:
          result.outcome === 'reconciled' ? acceptedAt(result.activity, action.startedAt, now) : now,
        leaseUntil: null,
        message: null,
      });
      const { view } = await refreshBay(tx, ctx, bay, { alertOnAttention: false });
      await publishBay(tx, view);
      const job: TrackJob = { actionId, requestId };
      await ctx.jobs?.send(TRACK_QUEUE, job, trackJobOptions(ctx, actionId), tx);
      return { kind: result.outcome === 'reconciled' ? 'reconciled' : 'dispatched' };
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

/** NinjaOne's time for the request, kept within [first attempt's start, now] since its clock may differ. */
function acceptedAt(activity: NinjaActivity, startedAt: Date | null, now: Date): Date {
  const reported = activity.activityTime * 1000;
  const floor = startedAt?.getTime() ?? reported;
  return new Date(Math.min(now.getTime(), Math.max(floor, reported)));
}

/** The request entry a retry reconciled with, for the audit row (only the fields ClubOS reads). */
function requestEntry(activity: NinjaActivity) {
  const { id, activityTime, activityType, statusCode, status, sourceName } = activity;
  return { id, activityTime, activityType, statusCode, status, sourceName };
}

export function trackJobOptions(ctx: BayContext, actionId: string) {
  // Job rows are only scaffolding for the action row, which keeps the record: drop them after an hour.
  return {
    startAfter: new Date(Date.now() + ctx.timings.trackIntervalMs),
    singletonKey: actionId,
    deleteAfterSeconds: 3_600,
  };
}
