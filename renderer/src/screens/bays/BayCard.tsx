import { memo } from 'react';
import type { BayActionKind, BayView } from '../../../../shared/bays.ts';
import { ActionProgress } from './ActionProgress.tsx';
import { BayActions } from './BayActions.tsx';
import { formatClock } from './bayFormat.ts';
import { type BoardClock, bayStatus, shownActionState } from './bayStatus.ts';
import type { ResetRequest } from './resetRequest.ts';
import { StatusPill } from './StatusPill.tsx';

/**
 * One bay, readable from across the desk: its name, its state in words, icon and colour, what is
 * being done to it right now, what was done last, and its actions. `data-*` attributes say the same
 * for tests and styles.
 */
export const BayCard = memo(function BayCard({
  bay,
  clock,
  request,
  onAsk,
  onRetry,
  onDismiss,
  onHistory,
}: {
  bay: BayView;
  clock: BoardClock;
  request: ResetRequest | undefined;
  onAsk(bay: BayView, kind: BayActionKind): void;
  onRetry(bay: BayView): void;
  onDismiss(bay: BayView): void;
  onHistory(bay: BayView): void;
}) {
  const status = bayStatus(bay, clock);
  const nameId = `bay-${bay.id}-name`;
  const action = bay.currentAction ?? bay.lastAction;
  const statusSaysWhy = status.tone === 'failed' || status.tone === 'timedOut';
  return (
    <article
      className="bay-card"
      aria-labelledby={nameId}
      data-testid="bay-card"
      data-bay-id={bay.id}
      data-bay-name={bay.name}
      data-tone={status.tone}
      data-state={shownActionState(bay)}
      data-action-id={action?.id}
      data-attention={bay.needsAttention}
    >
      <header className="bay-card-header">
        <h3 id={nameId} className="bay-name">
          {bay.name}
        </h3>
        <StatusPill status={status} />
      </header>
      {status.detail && <p className="bay-status-detail">{status.detail}</p>}
      {bay.needsAttention && status.tone !== 'attention' && (
        <p className="bay-attention" data-testid="bay-attention">
          <span aria-hidden="true">▲ </span>
          <strong>Needs attention</strong>
          {/* A failure's reason is already the headline; said once is enough. */}
          {bay.attentionReason && !statusSaysWhy ? `: ${bay.attentionReason}` : ''}
        </p>
      )}
      {bay.ninjaDeviceId === null ? (
        <p className="bay-unlinked" data-testid="bay-unlinked">
          No NinjaOne device linked — add <code>ninjaDeviceId</code> with <code>clubos setup</code>.
        </p>
      ) : (
        <>
          {action ? (
            <ActionProgress
              action={action}
              clock={clock}
              current={bay.currentAction !== null}
              showMessage={!(statusSaysWhy && action === bay.lastAction)}
            />
          ) : (
            <p className="bay-no-actions">No restarts or reboots yet.</p>
          )}
          <BayActions
            bay={bay}
            clock={clock}
            request={request}
            onAsk={(kind) => onAsk(bay, kind)}
            onRetry={() => onRetry(bay)}
            onDismiss={() => onDismiss(bay)}
          />
        </>
      )}
      <footer className="bay-card-footer">
        <p className="bay-last-seen">
          {bay.lastSeenAt
            ? `Last seen ${formatClock(bay.lastSeenAt, clock.timeZone, clock.now)}`
            : bay.ninjaDeviceId === null
              ? ''
              : 'Not seen yet'}
        </p>
        <button
          type="button"
          className="button button-secondary bay-small-button"
          onClick={() => onHistory(bay)}
        >
          History<span className="visually-hidden"> of {bay.name}</span>
        </button>
      </footer>
    </article>
  );
});
