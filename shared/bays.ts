import { z } from 'zod';

/** What staff can do to a bay's PC through NinjaOne. */
export const bayActionKinds = ['restart-sim', 'reboot-pc'] as const;
export const bayActionKindSchema = z.enum(bayActionKinds);
export type BayActionKind = z.infer<typeof bayActionKindSchema>;

/**
 * The life of one action. `requested` → `running` (NinjaOne accepted the call) → one of the final
 * states. `requested` can also end in `failed` (NinjaOne refused or never answered after retries).
 */
export const bayActionStates = ['requested', 'running', 'succeeded', 'failed', 'timedOut'] as const;
export type BayActionState = (typeof bayActionStates)[number];

const transitions: Record<BayActionState, readonly BayActionState[]> = {
  requested: ['running', 'failed'],
  running: ['succeeded', 'failed', 'timedOut'],
  succeeded: [],
  failed: [],
  timedOut: [],
};

export function canTransition(from: BayActionState, to: BayActionState): boolean {
  return transitions[from].includes(to);
}

export function isFinal(state: BayActionState): boolean {
  switch (state) {
    case 'requested':
    case 'running':
      return false;
    case 'succeeded':
    case 'failed':
    case 'timedOut':
      return true;
    default: {
      const unreachable: never = state;
      throw new Error(`unknown bay action state ${String(unreachable)}`);
    }
  }
}

export const bayActionLabels: Record<BayActionKind, string> = {
  'restart-sim': 'Restart simulator',
  'reboot-pc': 'Reboot PC',
};

/** One action as the board and the history show it. Dates are ISO strings (no tRPC transformer). */
export type BayActionView = {
  id: string;
  kind: BayActionKind;
  state: BayActionState;
  requestedBy: { id: string; name: string } | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** NinjaOne's message for the outcome, or why it failed. */
  message: string | null;
  /** Milliseconds from request to the final state, once final. */
  durationMs: number | null;
};

/** A bay on the live board. */
export type BayView = {
  id: string;
  facilityId: string;
  number: number;
  name: string;
  ninjaDeviceId: number | null;
  /** null until the first status poll has seen the device. */
  online: boolean | null;
  lastSeenAt: string | null;
  /** The action in flight (requested or running), if any. */
  currentAction: BayActionView | null;
  /** The most recent action that reached a final state. */
  lastAction: BayActionView | null;
  needsAttention: boolean;
  /** Why it needs attention, in words staff can act on. */
  attentionReason: string | null;
  /** When each action may next be requested (cooldown), ISO; absent when it may be now. */
  availableAt: Partial<Record<BayActionKind, string>>;
};

export type FacilityBoard = {
  facility: { id: string; slug: string; name: string; timezone: string };
  bays: BayView[];
};
