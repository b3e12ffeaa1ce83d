import { type BayActionKind, bayActionLabels } from '../../shared/bays.ts';
import type { Tx } from '../db/types.ts';

/** The part of the Slack notifier bays use; it enqueues in `tx`, so an alert commits with its cause. */
export type AlertSender = {
  notify(message: { text: string }, tx?: Tx): Promise<unknown>;
};

type Where = { bayName: string; facilityName: string };

export function actionOutcomeAlert(
  where: Where,
  action: {
    kind: BayActionKind;
    state: 'failed' | 'timedOut';
    message: string | null;
    requestedBy: string | null;
  },
) {
  const outcome = action.state === 'failed' ? 'failed' : 'timed out';
  const by = action.requestedBy ? ` (requested by ${action.requestedBy})` : '';
  const detail = action.message ? `: ${action.message}` : '';
  return {
    text: `${where.bayName} at ${where.facilityName}: ${bayActionLabels[action.kind]} ${outcome}${detail}${by}`,
  };
}

export function attentionAlert(where: Where, reason: string) {
  return { text: `${where.bayName} at ${where.facilityName} needs attention. ${reason}` };
}
