import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { type BayView, bayActionLabels } from '../../../../shared/bays.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { formatClock, formatDuration } from './bayFormat.ts';
import { actionStateLabel } from './bayStatus.ts';
import { type HistoryEntry, historyOutcome, historyWho } from './historyFormat.ts';

export const HISTORY_PAGE_SIZE = 25;

function When({ iso, timeZone }: { iso: string; timeZone: string | undefined }) {
  return (
    <time dateTime={iso} className="bay-history-when">
      {formatClock(iso, timeZone, Date.now(), { seconds: true })}
    </time>
  );
}

/**
 * The bay's history: its recent actions (who, what, when, result, how long) and every audited step
 * behind them, newest first, with paging. A modal <dialog>: it traps focus, Escape closes it, and
 * focus goes back to the History button. While open it follows the board: when the bay's action
 * moves on, the history is read again (no polling).
 */
export function BayHistoryDialog({
  bay,
  timeZone,
  serverUrl,
  onClose,
}: {
  bay: BayView | null;
  timeZone: string | undefined;
  serverUrl: string;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const open = bay !== null;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const trpc = useTRPC();
  const history = useInfiniteQuery({
    ...trpc.bays.history.infiniteQueryOptions(
      { bayId: bay?.id ?? '', limit: HISTORY_PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    enabled: open,
  });
  const { refetch } = history;
  const progress = bay ? `${bay.currentAction?.id}:${bay.currentAction?.state}:${bay.lastAction?.id}` : '';
  const shownProgress = useRef(progress);
  useEffect(() => {
    if (shownProgress.current === progress) return;
    shownProgress.current = progress;
    if (open) void refetch();
  }, [progress, open, refetch]);

  const pages = history.data?.pages ?? [];
  const actions = pages[0]?.actions ?? [];
  const items: HistoryEntry[] = pages.flatMap((page) => page.items);

  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      aria-labelledby="bay-history-title"
      data-testid="bay-history-dialog"
      onClose={onClose}
    >
      <div className="dialog-header">
        <h2 id="bay-history-title" className="dialog-title">
          History of {bay?.name}
        </h2>
        <button type="button" className="button button-secondary bay-small-button" onClick={onClose}>
          Close
        </button>
      </div>
      {!open ? null : history.isPending ? (
        <p className="loading" role="status">
          Loading the history…
        </p>
      ) : history.isError && items.length === 0 ? (
        <div className="notice notice-error" role="alert">
          <p>The history could not be loaded: {describeError(history.error, serverUrl)}</p>
          <button type="button" className="button" onClick={() => void refetch()}>
            Try again
          </button>
        </div>
      ) : items.length === 0 && actions.length === 0 ? (
        <p>Nothing has been done on {bay?.name} yet.</p>
      ) : (
        <>
          {actions.length > 0 && (
            <section aria-labelledby="bay-history-actions">
              <h3 id="bay-history-actions" className="bay-history-heading">
                Actions
              </h3>
              <ol className="bay-history" data-testid="bay-history-actions">
                {actions.map((action) => (
                  <li key={action.id} data-state={action.state}>
                    <When iso={action.requestedAt} timeZone={timeZone} />
                    <div>
                      <span className="bay-history-what">
                        {bayActionLabels[action.kind]}:{' '}
                        <span
                          className="bay-history-outcome"
                          data-outcome={historyOutcome(`bay.reset.${action.state}`)}
                        >
                          {actionStateLabel(action.state)}
                        </span>
                        {action.durationMs !== null && ` in ${formatDuration(action.durationMs)}`}
                      </span>
                      <span className="bay-history-who">by {action.requestedBy?.name ?? 'ClubOS'}</span>
                      {action.message && <span className="bay-history-message">{action.message}</span>}
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {items.length > 0 && (
            <section aria-labelledby="bay-history-steps">
              <h3 id="bay-history-steps" className="bay-history-heading">
                Every step
              </h3>
              <ol className="bay-history" data-testid="bay-history-steps">
                {items.map((item) => (
                  <li key={item.id} data-action={item.action}>
                    <When iso={item.occurredAt} timeZone={timeZone} />
                    <div>
                      <span
                        className="bay-history-what bay-history-outcome"
                        data-outcome={historyOutcome(item.action)}
                      >
                        {item.summary}
                      </span>
                      <span className="bay-history-who">{historyWho(item)}</span>
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          )}
          <div className="table-footer">
            <p role="status">
              {items.length} {items.length === 1 ? 'step' : 'steps'}
              {history.hasNextPage ? '; there are older ones.' : '. That is all of them.'}
            </p>
            {history.isFetchNextPageError && (
              <p className="field-error" role="alert">
                Older steps could not be loaded: {describeError(history.error, serverUrl)}
              </p>
            )}
            {history.hasNextPage && (
              <button
                type="button"
                className="button"
                disabled={history.isFetchingNextPage}
                onClick={() => void history.fetchNextPage()}
              >
                {history.isFetchingNextPage ? 'Loading older steps…' : 'Load older steps'}
              </button>
            )}
          </div>
        </>
      )}
    </dialog>
  );
}
