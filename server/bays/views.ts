import {
  type BayActionKind,
  type BayActionView,
  type BayView,
  bayActionKinds,
  bayActionLabels,
  type FacilityBoard,
} from '../../shared/bays.ts';
import type { BayRow, BayStatusRow, FacilityRow } from '../db/schema/index.ts';
import type { BoardData } from './boardRepository.ts';
import type { ActionWithRequester } from './repository.ts';
import { clockTime, elapsed } from './wording.ts';

export type BayTiming = {
  offlineAttentionMs: number;
  cooldownMs: Record<BayActionKind, number>;
};

export function actionView(row: ActionWithRequester): BayActionView {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    requestedBy: row.requestedBy ? { id: row.requestedBy, name: row.requesterName ?? 'Unknown' } : null,
    requestedAt: row.requestedAt.toISOString(),
    // "Started" for staff is when NinjaOne took the action on, not when a job first looked at it.
    startedAt: row.dispatchedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    message: row.message,
    durationMs: row.finishedAt ? row.finishedAt.getTime() - row.requestedAt.getTime() : null,
  };
}

export type AttentionInput = {
  status: BayStatusRow | undefined;
  inFlight: ActionWithRequester | undefined;
  lastFinal: ActionWithRequester | undefined;
  timeZone: string;
  now: Date;
  offlineAttentionMs: number;
};

/**
 * Why a bay needs a person, or null. The status poll and the board both use this, so the board
 * never disagrees with what was alerted. A bay that is rebooting is expected to be offline: the
 * reboot's own timeout covers it.
 */
export function attentionReason(input: AttentionInput): string | null {
  const { status, now } = input;
  const rebooting = input.inFlight?.kind === 'reboot-pc';
  if (status?.online === false && status.offlineSince && !rebooting) {
    const offlineMs = now.getTime() - status.offlineSince.getTime();
    if (offlineMs > input.offlineAttentionMs) {
      return `Offline for ${elapsed(offlineMs)} (since ${clockTime(status.offlineSince, input.timeZone, now)}).`;
    }
  }
  const last = input.lastFinal;
  if (last && (last.state === 'failed' || last.state === 'timedOut')) {
    const what = bayActionLabels[last.kind];
    const outcome = last.state === 'failed' ? 'failed' : 'timed out';
    return `${what} ${outcome}${last.message ? `: ${last.message}` : '.'}`;
  }
  return null;
}

/** When each action may next be requested; only kinds still cooling down appear. */
export function availableAt(
  lastDispatched: (kind: BayActionKind) => Date | undefined | null,
  cooldownMs: Record<BayActionKind, number>,
  now: Date,
): Partial<Record<BayActionKind, string>> {
  const result: Partial<Record<BayActionKind, string>> = {};
  for (const kind of bayActionKinds) {
    const at = lastDispatched(kind);
    if (!at) continue;
    const until = at.getTime() + cooldownMs[kind];
    if (until > now.getTime()) result[kind] = new Date(until).toISOString();
  }
  return result;
}

export function bayView(bay: BayRow, facility: FacilityRow, data: BoardData, now: Date, timing: BayTiming) {
  const status = data.status.get(bay.id);
  const inFlight = data.inFlight.get(bay.id);
  const lastFinal = data.lastFinal.get(bay.id);
  const reason = attentionReason({
    status,
    inFlight,
    lastFinal,
    timeZone: facility.timezone,
    now,
    offlineAttentionMs: timing.offlineAttentionMs,
  });
  const view: BayView = {
    id: bay.id,
    facilityId: bay.facilityId,
    number: bay.number,
    name: bay.name,
    ninjaDeviceId: bay.ninjaDeviceId,
    online: status?.online ?? null,
    lastSeenAt: status?.lastSeenAt?.toISOString() ?? null,
    currentAction: inFlight ? actionView(inFlight) : null,
    lastAction: lastFinal ? actionView(lastFinal) : null,
    needsAttention: reason !== null,
    attentionReason: reason,
    availableAt: availableAt((kind) => data.lastDispatched.get(`${bay.id}:${kind}`), timing.cooldownMs, now),
  };
  return view;
}

export function bayViews(data: BoardData, now: Date, timing: BayTiming): BayView[] {
  const facilityById = new Map(data.facilities.map((facility) => [facility.id, facility]));
  return data.bays.flatMap((bay) => {
    const facility = facilityById.get(bay.facilityId);
    return facility ? [bayView(bay, facility, data, now, timing)] : [];
  });
}

export function facilityBoards(
  facilities: FacilityRow[],
  data: BoardData,
  now: Date,
  timing: BayTiming,
): FacilityBoard[] {
  const views = bayViews(data, now, timing);
  return facilities.map((facility) => ({
    facility: { id: facility.id, slug: facility.slug, name: facility.name, timezone: facility.timezone },
    bays: views.filter((view) => view.facilityId === facility.id).sort((a, b) => a.number - b.number),
  }));
}
