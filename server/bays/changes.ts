import { type BayActionState, type BayView, canTransition, isFinal } from '../../shared/bays.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuditContext } from '../audit/types.ts';
import type { BayActionRow, BayRow, FacilityRow } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';
import { publishEvent } from '../events/publish.ts';
import { actionOutcomeAlert, attentionAlert } from './alerts.ts';
import { loadBoard } from './boardRepository.ts';
import type { BayContext } from './context.ts';
import { type ActionChanges, type StatusChanges, updateAction, upsertStatus } from './repository.ts';
import { attentionReason, bayView } from './views.ts';

// The steps every change to a bay shares, always in one transaction with the change itself:
// audit first, then the event (both take a global lock; one order everywhere avoids deadlocks).

export const BAY_CHANGED = 'bay.changed';

export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
}

/** Moves an action to `to`, refusing anything the state machine does not allow. */
export async function transitionAction(
  tx: Tx,
  action: BayActionRow,
  to: BayActionState,
  changes: ActionChanges = {},
) {
  if (!canTransition(action.state, to)) {
    throw new IllegalTransitionError(`bay action ${action.id} cannot go from ${action.state} to ${to}`);
  }
  return updateAction(tx, action.id, { ...changes, state: to });
}

/**
 * Rebuilds the bay's view inside `tx` and records whether it needs attention. The stored
 * `attention_since` is what makes an attention alert go out once per episode, not once per poll.
 */
export async function refreshBay(
  tx: Tx,
  ctx: BayContext,
  bay: BayRow,
  options: { statusChanges?: StatusChanges; alertOnAttention: boolean },
): Promise<{ view: BayView; attentionChanged: boolean }> {
  const now = ctx.now();
  if (options.statusChanges && Object.keys(options.statusChanges).length > 0) {
    await upsertStatus(tx, bay.id, options.statusChanges, now);
  }
  const board = await loadBoard(tx, { bayIds: [bay.id] });
  const facility = board.facilities[0];
  if (!facility) throw new Error(`bay ${bay.id} has no facility`);
  const status = board.status.get(bay.id);
  const reason = attentionReason({
    status,
    inFlight: board.inFlight.get(bay.id),
    lastFinal: board.lastFinal.get(bay.id),
    timeZone: facility.timezone,
    now,
    offlineAttentionMs: ctx.timings.offlineAttentionMs,
  });
  const wasFlagged = Boolean(status?.attentionSince);
  const attentionChanged = (reason !== null) !== wasFlagged;
  if (attentionChanged) {
    await upsertStatus(tx, bay.id, { attentionSince: reason === null ? null : now }, now);
    board.status.set(bay.id, {
      ...(status ?? emptyStatus(bay.id, now)),
      attentionSince: reason === null ? null : now,
    });
    if (reason !== null && options.alertOnAttention) {
      await ctx.alerts.notify(attentionAlert({ bayName: bay.name, facilityName: facility.name }, reason), tx);
    }
  }
  return { view: bayView(bay, facility, board, now, ctx.timings), attentionChanged };
}

export async function publishBay(tx: Tx, view: BayView) {
  await publishEvent(tx, { type: BAY_CHANGED, facilityId: view.facilityId, payload: view });
}

/**
 * Ends an action: the state change, its audit row, the board event, and for a failure the Slack
 * alert. The failure itself is the alert, so the attention it raises does not send a second one.
 */
export async function finishAction(
  tx: Tx,
  ctx: BayContext,
  where: { action: BayActionRow; bay: BayRow; facility: FacilityRow; requesterName: string | null },
  outcome: { state: 'succeeded' | 'failed' | 'timedOut'; message: string | null },
  auditContext: AuditContext,
): Promise<BayView> {
  const { action, bay, facility } = where;
  if (!isFinal(outcome.state)) throw new Error(`${outcome.state} is not a final state`);
  const now = ctx.now();
  const finished = await transitionAction(tx, action, outcome.state, {
    finishedAt: now,
    message: outcome.message,
    leaseUntil: null,
  });
  await recordAudit(tx, auditContext, {
    action: `bay.reset.${outcome.state}`,
    targetType: 'bay',
    targetId: bay.id,
    facilityId: bay.facilityId,
    before: { state: action.state },
    after: {
      actionId: action.id,
      kind: action.kind,
      state: outcome.state,
      message: outcome.message,
      durationMs: now.getTime() - finished.requestedAt.getTime(),
      requestedBy: action.requestedBy ? { id: action.requestedBy, name: where.requesterName } : null,
    },
  });
  const { view } = await refreshBay(tx, ctx, bay, { alertOnAttention: false });
  await publishBay(tx, view);
  await ctx.finishedActions.handler?.(tx, { action: finished, bay, ...outcome });
  if (outcome.state !== 'succeeded') {
    await ctx.alerts.notify(
      actionOutcomeAlert(
        { bayName: bay.name, facilityName: facility.name },
        {
          kind: action.kind,
          state: outcome.state,
          message: outcome.message,
          requestedBy: where.requesterName,
        },
      ),
      tx,
    );
  }
  return view;
}

function emptyStatus(bayId: string, now: Date) {
  return {
    bayId,
    online: null,
    lastSeenAt: null,
    offlineSince: null,
    lastOfflineAt: null,
    attentionSince: null,
    updatedAt: now,
  };
}
