import type { RouterOutputs } from '../../api/trpc.ts';

export type BayHistoryPage = RouterOutputs['bays']['history'];
export type HistoryEntry = BayHistoryPage['items'][number];

export type HistoryOutcome = 'succeeded' | 'failed' | 'other';

/** How a history line is marked: a success, a failure (failed, timed out, a refused call), or a step. */
export function historyOutcome(action: string): HistoryOutcome {
  switch (action) {
    case 'bay.reset.succeeded':
      return 'succeeded';
    case 'bay.reset.failed':
    case 'bay.reset.timedOut':
      return 'failed';
    default:
      return 'other';
  }
}

/**
 * Who did a step, in words: the staff member for a request ("by Frankie Frontdesk
 * (frankie@…)"), the background jobs for NinjaOne calls and outcomes, with whom they acted for.
 */
export function historyWho(item: Pick<HistoryEntry, 'actor' | 'requestedBy'>): string {
  const { actor, requestedBy } = item;
  if (actor.type === 'user') {
    const name = requestedBy?.name ?? null;
    if (name && actor.label && name !== actor.label) return `by ${name} (${actor.label})`;
    return `by ${name ?? actor.label ?? 'a staff member'}`;
  }
  const by = actor.label ?? (actor.type === 'ai' ? 'an AI agent' : 'ClubOS');
  return requestedBy?.name ? `by ${by}, for ${requestedBy.name}` : `by ${by}`;
}
