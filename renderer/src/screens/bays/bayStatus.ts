import {
  type BayActionKind,
  type BayActionState,
  type BayActionView,
  type BayView,
  bayActionLabels,
} from '../../../../shared/bays.ts';
import { formatClock, formatDuration, msSince, msUntil } from './bayFormat.ts';

/** Each tone has its own colour, icon and words (bays.css), so no state rests on colour alone. */
export type BayTone =
  | 'online'
  | 'offline'
  | 'busy'
  | 'succeeded'
  | 'failed'
  | 'timedOut'
  | 'attention'
  | 'unknown'
  | 'unlinked';

export type BayStatusPill = { tone: BayTone; icon: string; label: string; detail: string | null };

export type BoardClock = { now: number; timeZone: string | undefined };

/** How long a success stays the headline before the bay reads plain "Online" again. */
export const RECENT_SUCCESS_MS = 15 * 60_000;

const icons: Record<BayTone, string> = {
  online: '●',
  offline: '○',
  busy: '↻',
  succeeded: '✓',
  failed: '✕',
  timedOut: '◷',
  attention: '▲',
  unknown: '?',
  unlinked: '–',
};

export function toneIcon(tone: BayTone): string {
  return icons[tone];
}

export function actionStateLabel(state: BayActionState): string {
  switch (state) {
    case 'requested':
      return 'Requested';
    case 'running':
      return 'Running';
    case 'succeeded':
      return 'Succeeded';
    case 'failed':
      return 'Failed';
    case 'timedOut':
      return 'Timed out';
    default: {
      const unexpected: never = state;
      throw new Error(`unknown bay action state ${String(unexpected)}`);
    }
  }
}

/** What the bay is doing, in the words of the pill: "Restarting simulator…", "Rebooting…". */
export function inFlightLabel(kind: BayActionKind): string {
  switch (kind) {
    case 'restart-sim':
      return 'Restarting simulator…';
    case 'reboot-pc':
      return 'Rebooting…';
    default: {
      const unexpected: never = kind;
      throw new Error(`unknown bay action ${String(unexpected)}`);
    }
  }
}

function pill(tone: BayTone, label: string, detail: string | null = null): BayStatusPill {
  return { tone, icon: icons[tone], label, detail };
}

/**
 * The bay's headline state. What staff must act on or wait for comes first: an action in flight,
 * then a PC that is offline, then an action that failed, then a recent success, then plain health.
 * "Needs attention" is shown on its own as well (the card's banner), whatever the headline.
 */
export function bayStatus(bay: BayView, clock: BoardClock): BayStatusPill {
  if (bay.ninjaDeviceId === null) return pill('unlinked', 'No NinjaOne device');
  if (bay.currentAction) return pill('busy', inFlightLabel(bay.currentAction.kind));
  if (bay.online === false) {
    return pill(
      'offline',
      bay.lastSeenAt ? `Offline since ${formatClock(bay.lastSeenAt, clock.timeZone, clock.now)}` : 'Offline',
    );
  }
  const last = bay.lastAction;
  if (last?.state === 'failed') {
    // The card's last-action panel, right below, says which action it was.
    return pill('failed', `Failed: ${last.message ?? 'NinjaOne gave no reason'}`);
  }
  if (last?.state === 'timedOut') {
    return pill('timedOut', 'Timed out', last.message ?? `${bayActionLabels[last.kind]} never finished`);
  }
  if (bay.needsAttention) return pill('attention', 'Needs attention', bay.attentionReason);
  if (
    last?.state === 'succeeded' &&
    last.finishedAt &&
    msSince(last.finishedAt, clock.now) < RECENT_SUCCESS_MS
  ) {
    return pill('succeeded', 'Succeeded');
  }
  if (bay.online === true) return pill('online', 'Online');
  return pill('unknown', 'Status unknown', 'Waiting for the first check with NinjaOne');
}

/** The state a card reports to tests and styles: the action in flight, else the last one's outcome. */
export function shownActionState(bay: BayView): BayActionState | 'none' {
  return bay.currentAction?.state ?? bay.lastAction?.state ?? 'none';
}

export type ActionAvailability = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether staff may ask for `kind` now, and if not, why, in words the card shows next to the
 * button. The server decides in the end (it refuses with the same reasons); this only saves a
 * click that would be refused.
 */
export function actionAvailability(
  bay: BayView,
  kind: BayActionKind,
  clock: BoardClock,
  sending: BayActionKind | null,
): ActionAvailability {
  if (bay.ninjaDeviceId === null) return { allowed: false, reason: 'No NinjaOne device is linked.' };
  if (bay.currentAction) {
    return { allowed: false, reason: `${bayActionLabels[bay.currentAction.kind]} is in progress.` };
  }
  if (sending) return { allowed: false, reason: `Sending the ${bayActionLabels[sending]} request…` };
  if (bay.online === false) return { allowed: false, reason: 'The PC is offline.' };
  const availableAt = bay.availableAt[kind];
  if (availableAt) {
    const remaining = msUntil(availableAt, clock.now);
    if (remaining > 0) {
      return {
        allowed: false,
        reason: `${bayActionLabels[kind]}: cooldown until ${formatClock(availableAt, clock.timeZone, clock.now)} (${formatDuration(remaining)} left).`,
      };
    }
  }
  return { allowed: true };
}

function outcomeSentence(action: BayActionView): string {
  const label = bayActionLabels[action.kind];
  switch (action.state) {
    case 'requested':
      return action.requestedBy ? `${label} requested by ${action.requestedBy.name}` : `${label} requested`;
    case 'running':
      return `${label} running`;
    case 'succeeded':
      return `${label} succeeded`;
    case 'failed':
      return `${label} failed${action.message ? `: ${action.message}` : ''}`;
    case 'timedOut':
      return `${label} timed out`;
    default: {
      const unexpected: never = action.state;
      throw new Error(`unknown bay action state ${String(unexpected)}`);
    }
  }
}

/**
 * What changed on a bay, as one sentence for the screen reader's polite live region, or null when
 * nothing worth saying changed (a new last-seen time, a moving cooldown).
 */
export function describeBayChange(previous: BayView | undefined, next: BayView): string | null {
  const said: string[] = [];
  const before = previous?.currentAction ?? null;
  const now = next.currentAction;
  if (now && (now.id !== before?.id || now.state !== before.state)) said.push(outcomeSentence(now));
  const last = next.lastAction;
  if (last && (last.id !== previous?.lastAction?.id || last.state !== previous.lastAction.state)) {
    // A final state the first load already had is history, not news.
    if (previous) said.push(outcomeSentence(last));
  }
  if (previous && previous.online !== next.online) {
    if (next.online === false) said.push('offline');
    else if (next.online === true && previous.online === false) said.push('back online');
  }
  if (previous && !previous.needsAttention && next.needsAttention) {
    said.push(`needs attention${next.attentionReason ? `: ${next.attentionReason}` : ''}`);
  }
  return said.length > 0 ? `${next.name}: ${said.join('; ').replace(/\.+$/, '')}.` : null;
}

/** The facility at a glance: "6 bays · 4 online · 1 offline · 1 restarting · 2 need attention". */
export function boardSummary(bays: readonly BayView[]): string {
  const count = (test: (bay: BayView) => boolean) => bays.filter(test).length;
  const parts = [`${bays.length} ${bays.length === 1 ? 'bay' : 'bays'}`];
  const online = count((bay) => bay.online === true);
  const offline = count((bay) => bay.online === false);
  const busy = count((bay) => bay.currentAction !== null);
  const attention = count((bay) => bay.needsAttention);
  if (online) parts.push(`${online} online`);
  if (offline) parts.push(`${offline} offline`);
  if (busy) parts.push(`${busy} restarting`);
  if (attention) parts.push(`${attention} ${attention === 1 ? 'needs' : 'need'} attention`);
  return parts.join(' · ');
}
