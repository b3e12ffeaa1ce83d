import {
  type BayActionKind,
  type BayView,
  bayActionKinds,
  bayActionLabels,
} from '../../../../shared/bays.ts';
import { actionAvailability, type BoardClock } from './bayStatus.ts';
import type { ResetRequest } from './resetRequest.ts';

/**
 * The bay's two actions. A button that cannot be used now stays focusable (aria-disabled) and says
 * why next to it, so nobody has to guess whether it is broken; the reasons shared by both buttons
 * are said once.
 */
export function BayActions({
  bay,
  clock,
  request,
  onAsk,
  onRetry,
  onDismiss,
}: {
  bay: BayView;
  clock: BoardClock;
  request: ResetRequest | undefined;
  onAsk(kind: BayActionKind): void;
  onRetry(): void;
  onDismiss(): void;
}) {
  const sending = request?.status === 'sending' ? request.kind : null;
  const availability = bayActionKinds.map((kind) => ({
    kind,
    ...actionAvailability(bay, kind, clock, sending),
  }));
  const reasons = [...new Set(availability.flatMap((entry) => (entry.allowed ? [] : [entry.reason])))];
  const reasonId = (reason: string) => `bay-${bay.id}-reason-${reasons.indexOf(reason)}`;

  return (
    <div className="bay-actions">
      <div className="bay-action-buttons">
        {availability.map((entry) => (
          <button
            key={entry.kind}
            type="button"
            className={`button bay-action-button${entry.kind === 'reboot-pc' ? ' bay-action-reboot' : ''}`}
            data-action={entry.kind}
            aria-disabled={entry.allowed ? undefined : true}
            aria-describedby={entry.allowed ? undefined : reasonId(entry.reason)}
            onClick={() => {
              if (entry.allowed) onAsk(entry.kind);
            }}
          >
            {bayActionLabels[entry.kind]}
            <span className="visually-hidden"> on {bay.name}</span>
          </button>
        ))}
      </div>
      {reasons.length > 0 && (
        <ul className="bay-action-reasons" data-testid="bay-action-reasons">
          {reasons.map((reason) => (
            <li key={reason} id={reasonId(reason)}>
              {reason}
            </li>
          ))}
        </ul>
      )}
      {request?.status === 'failed' && (
        <div className="bay-request-error" role="alert" data-testid="bay-request-error">
          <p>
            <span aria-hidden="true">✕ </span>
            {request.retryable ? (
              <>
                <strong>{bayActionLabels[request.kind]}: no answer from the server.</strong> {request.message}{' '}
                Trying again cannot start it twice.
              </>
            ) : (
              <>
                <strong>{bayActionLabels[request.kind]} refused.</strong> {request.message}
              </>
            )}
          </p>
          <div className="actions">
            {request.retryable && (
              <button type="button" className="button bay-small-button" onClick={onRetry}>
                Try again
              </button>
            )}
            <button type="button" className="button button-secondary bay-small-button" onClick={onDismiss}>
              Dismiss
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
