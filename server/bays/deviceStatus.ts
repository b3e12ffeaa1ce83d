import type { BayActionKind } from '../../shared/bays.ts';
import type { BayStatusRow } from '../db/schema/index.ts';
import type { NinjaActivity, NinjaDevice } from '../integrations/ninjaone/types.ts';
import type { StatusChanges } from './repository.ts';

/**
 * What to write when NinjaOne reports `device`: nothing unless the online flag flipped (or the bay
 * was never seen). `lastSeenAt` is NinjaOne's last contact, which matters once the PC is offline.
 */
export function statusChangesFor(
  current: BayStatusRow | undefined,
  device: NinjaDevice,
  now: Date,
): StatusChanges {
  const online = !device.offline;
  if (current?.online === online) return {};
  const lastContact = device.lastContact === undefined ? null : new Date(device.lastContact * 1000);
  if (online) return { online: true, offlineSince: null, lastSeenAt: lastContact ?? now };
  return {
    online: false,
    offlineSince: now,
    lastOfflineAt: now,
    lastSeenAt: lastContact ?? current?.lastSeenAt ?? null,
  };
}

export type ActivityResult = { state: 'succeeded' | 'failed'; message: string | null };

// NinjaOne's activity shapes are only partly documented (see INTEGRATIONS.md), so these read the
// fields loosely: a status word anywhere in status/statusCode/activityResult decides the result.
function resultOf(activity: NinjaActivity): 'succeeded' | 'failed' | null {
  const words = `${activity.status ?? ''} ${activity.statusCode ?? ''} ${activity.activityResult ?? ''}`;
  if (/FAIL|ERROR|CANCEL|TIMEOUT/i.test(words)) return 'failed';
  if (/COMPLETED|SUCCESS/i.test(words)) return 'succeeded';
  return null;
}

function describes(activity: NinjaActivity, kind: BayActionKind): boolean {
  const text = `${activity.sourceName ?? ''} ${activity.message ?? ''}`;
  if (kind === 'restart-sim') return activity.activityType === 'SCRIPTING' || /script/i.test(text);
  return /\breboot/i.test(text) && activity.activityType !== 'SCRIPTING';
}

/** The outcome an activity log reports for an action started at `since`, if it reports one yet. */
export function activityResult(
  activities: NinjaActivity[],
  kind: BayActionKind,
  since: Date,
): ActivityResult | undefined {
  const sinceSeconds = since.getTime() / 1000;
  // Newest first: the latest word on the action wins.
  for (const activity of activities) {
    if (activity.activityTime < sinceSeconds) continue;
    if (!describes(activity, kind)) continue;
    const state = resultOf(activity);
    if (state) return { state, message: activity.message ?? null };
  }
  return undefined;
}
