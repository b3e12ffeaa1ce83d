import { type BayActionKind, type BayActionView, type BayView, isFinal } from '../../../../shared/bays.ts';

/**
 * One confirmed click on a bay's action, from this desk. The idempotency key is made once per
 * confirmed click and sent again with every retry of it, so a double-click or a retry after a
 * network failure is still one action on the server.
 */
export type ResetRequest =
  | { status: 'sending'; kind: BayActionKind; key: string }
  | { status: 'sent'; kind: BayActionKind; key: string; action: BayActionView }
  | {
      status: 'failed';
      kind: BayActionKind;
      key: string;
      message: string;
      /** The server never answered, so the same click may be sent again (with the same key). */
      retryable: boolean;
    };

/**
 * The bay with the server's answer to our own request laid over it until the live stream has
 * caught up with it: the answer is the real state (never a guess), and it keeps the card honest
 * for the moment between the mutation's reply and the stream's event.
 */
export function withServerAnswer(bay: BayView, request: ResetRequest | undefined): BayView {
  if (request?.status !== 'sent') return bay;
  const { action } = request;
  const seen = bay.currentAction?.id === action.id || bay.lastAction?.id === action.id;
  if (seen) return bay;
  // Something newer is already on the board.
  if (bay.currentAction) return bay;
  if (bay.lastAction && bay.lastAction.requestedAt > action.requestedAt) return bay;
  return isFinal(action.state) ? { ...bay, lastAction: action } : { ...bay, currentAction: action };
}
