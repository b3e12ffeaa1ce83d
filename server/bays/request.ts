import type { BayActionKind, BayActionView } from '../../shared/bays.ts';
import type { StaffUser } from '../../shared/user.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuditContext } from '../audit/types.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { BayActionRow, BayRow, FacilityRow } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';
import { DomainError, notFound } from '../errors.ts';
import { publishBay, refreshBay } from './changes.ts';
import type { BayContext } from './context.ts';
import { DISPATCH_QUEUE, type DispatchJob } from './jobs.ts';
import {
  findAction,
  findActionByKey,
  findBay,
  findInFlightAction,
  findStatus,
  insertAction,
  lastDispatchedAt,
  lockBay,
} from './repository.ts';
import { restartScriptId } from './scripts.ts';
import { actionView } from './views.ts';
import { clockTime, cooldownMessage, inProgressMessage } from './wording.ts';

export type ResetInput = { bayId: string; action: BayActionKind; idempotencyKey: string };
/** A staff member, or the AI acting on a customer's confirmed request (no user id). */
export type ResetRequester = Pick<StaffUser, 'name'> & { id: string | null };

/**
 * One staff click. Everything happens in one transaction under the bay's row lock, so concurrent
 * clicks on the same bay queue up and each sees what the one before it did: the same key gets the
 * same action back, a different key finds the action in flight and is refused. The partial unique
 * index on bay_actions backs this up should anything ever skip the lock.
 */
export async function requestReset(
  ctx: BayContext,
  input: ResetInput,
  user: ResetRequester,
  auditContext: AuditContext,
): Promise<BayActionView> {
  const jobs = ctx.jobs;
  if (!jobs) throw new Error('bay resets need the job queue');
  if (!ctx.ninjaone) {
    throw new DomainError(
      'unavailable',
      'NinjaOne is not set up on this server, so bays cannot be reset remotely.',
    );
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const locked = await lockBay(tx, input.bayId);
      if (!locked) throw notFound('Bay');
      const { bay, facility } = locked;
      const existing = await findActionByKey(tx, input.idempotencyKey);
      if (existing) return sameClick(tx, existing, input);
      await refuseIfNotPossible(tx, ctx, bay, facility, input.action);

      const now = ctx.now();
      const inserted = await insertAction(tx, {
        bayId: bay.id,
        facilityId: bay.facilityId,
        kind: input.action,
        idempotencyKey: input.idempotencyKey,
        requestedBy: user.id,
        requestedAt: now,
      });
      // Taken by a request for another bay between our read and insert: still the same key.
      if (!inserted) throw keyReused();
      await recordAudit(tx, auditContext, {
        action: 'bay.reset.requested',
        targetType: 'bay',
        targetId: bay.id,
        facilityId: bay.facilityId,
        after: {
          actionId: inserted.id,
          kind: inserted.kind,
          bay: bay.name,
          requestedBy: { id: user.id, name: user.name },
        },
      });
      const { view } = await refreshBay(tx, ctx, bay, { alertOnAttention: false });
      await publishBay(tx, view);
      const job: DispatchJob = { actionId: inserted.id, requestId: auditContext.requestId ?? null };
      await jobs.send(DISPATCH_QUEUE, job, { singletonKey: inserted.id }, tx);
      return actionView({ ...inserted, requesterName: user.name });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Only reachable if something wrote to the bay without its lock; answer as the lock would have.
    const bay = await findBay(ctx.db, input.bayId);
    const inFlight = bay ? await findInFlightAction(ctx.db, bay.id) : undefined;
    throw new DomainError(
      'conflict',
      inProgressMessage(bay?.name ?? 'This bay', inFlight?.kind ?? input.action),
    );
  }
}

/** A repeated click (same key): the action it already started, whatever has happened since. */
async function sameClick(tx: Tx, existing: BayActionRow, input: ResetInput): Promise<BayActionView> {
  if (existing.bayId !== input.bayId || existing.kind !== input.action) throw keyReused();
  const row = await findAction(tx, existing.id);
  if (!row) throw new Error(`bay action ${existing.id} vanished`);
  return actionView(row);
}

const keyReused = () =>
  new DomainError('conflict', 'This request id was already used for a different bay or action; try again.');

async function refuseIfNotPossible(
  tx: Tx,
  ctx: BayContext,
  bay: BayRow,
  facility: FacilityRow,
  kind: BayActionKind,
) {
  const inFlight = await findInFlightAction(tx, bay.id);
  if (inFlight) {
    throw new DomainError('conflict', inProgressMessage(bay.name, inFlight.kind), {
      actionId: inFlight.id,
      kind: inFlight.kind,
    });
  }
  if (bay.ninjaDeviceId === null) {
    throw new DomainError(
      'precondition_failed',
      `${bay.name} has no NinjaOne device, so it can't be reset remotely.`,
    );
  }
  const now = ctx.now();
  const status = await findStatus(tx, bay.id);
  if (status?.online === false) {
    const seen = status.lastSeenAt
      ? ` Last seen ${clockTime(status.lastSeenAt, facility.timezone, now)}.`
      : '';
    throw new DomainError(
      'precondition_failed',
      `${bay.name} is offline, so it can't be reset remotely.${seen}`,
      {
        lastSeenAt: status.lastSeenAt?.toISOString() ?? null,
      },
    );
  }
  if (kind === 'restart-sim' && restartScriptId(facility) === undefined) {
    throw new DomainError(
      'precondition_failed',
      `Restarting the simulator is not set up for ${facility.name}: add actions.restart-sim.scriptId to its setup file.`,
    );
  }
  const last = await lastDispatchedAt(tx, bay.id, kind);
  if (last) {
    const sinceMs = now.getTime() - last.getTime();
    const waitMs = ctx.timings.cooldownMs[kind] - sinceMs;
    if (waitMs > 0) {
      throw new DomainError('rate_limited', cooldownMessage(bay.name, kind, sinceMs, waitMs), {
        kind,
        availableAt: new Date(now.getTime() + waitMs).toISOString(),
      });
    }
  }
}
