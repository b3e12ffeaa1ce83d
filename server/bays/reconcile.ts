import type { BayActionKind } from '../../shared/bays.ts';
import type { NinjaActivity, NinjaOneApi } from '../integrations/ninjaone/types.ts';

// NinjaOne has no idempotency key, so before a retry calls it again, dispatch asks NinjaOne's
// activity log whether an earlier attempt of the same action got through after all (a timeout
// leaves that unknown; a crashed attempt whose lease ran out, too).

/** NinjaOne's clock and ours may differ a little: a request this much before the first attempt still counts. */
export const RECONCILE_SKEW_MS = 2_000;
/** Retries come seconds to minutes after the first attempt, so one page of the log reaches back far enough. */
const PAGE_SIZE = 50;

export type Reconciliation =
  /** An earlier attempt reached NinjaOne: `activity` is its request entry. Do not call again. */
  | { kind: 'found'; activity: NinjaActivity }
  /** The log shows no request for this action since it started: the earlier attempts did not get through. */
  | { kind: 'none' }
  /** The log could not be read: the caller calls anyway (the remaining, smaller risk of a double action). */
  | { kind: 'unreadable'; error: unknown };

/** Looks for a request of `kind` on the device at or after `since` (the first attempt's start). */
export async function findEarlierRequest(
  ninjaone: NinjaOneApi,
  deviceId: number,
  kind: BayActionKind,
  since: Date,
): Promise<Reconciliation> {
  let activities: NinjaActivity[];
  try {
    activities = await ninjaone.getActivities(deviceId, { pageSize: PAGE_SIZE });
  } catch (error) {
    return { kind: 'unreadable', error };
  }
  const sinceSeconds = (since.getTime() - RECONCILE_SKEW_MS) / 1000;
  // Order does not matter here (any match will do), so a log that is not newest first is fine too.
  const activity = activities.find(
    (entry) =>
      Number.isFinite(entry.activityTime) && entry.activityTime >= sinceSeconds && isRequest(entry, kind),
  );
  return activity ? { kind: 'found', activity } : { kind: 'none' };
}

/**
 * Whether `activity` is NinjaOne noting a request for this kind of action. The shapes come from the
 * fake (server/integrations/ninjaone/fakeState.ts) and are unconfirmed for the real NinjaOne:
 * INTEGRATIONS.md documents activityType, statusCode and status, not sourceName, and the client
 * passes sourceName through unchecked. So the words are matched loosely (any case, in statusCode or
 * status; "reboot" in sourceName, or in message when there is no sourceName) and a field of the wrong
 * type counts as absent. A script run is recognised by its type only, as the tracker does: another
 * script started on the bay PC in the window (by a NinjaOne policy, say) would be taken for ours.
 */
function isRequest(activity: NinjaActivity, kind: BayActionKind): boolean {
  const requested = [activity.statusCode, activity.status].some((value) =>
    /^START_REQUESTED$/i.test(text(value)),
  );
  if (!requested) return false;
  const type = text(activity.activityType);
  if (kind === 'restart-sim') return /^SCRIPTING$/i.test(type);
  const source = text(activity.sourceName) || text(activity.message);
  return !/^SCRIPTING$/i.test(type) && /\breboot/i.test(source);
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
