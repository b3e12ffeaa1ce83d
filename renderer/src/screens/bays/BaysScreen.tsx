import { useCallback, useMemo, useState } from 'react';
import { type BayActionKind, type BayView, bayActionLabels } from '../../../../shared/bays.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { useSession } from '../../state/session.ts';
import { BayHistoryDialog } from './BayHistoryDialog.tsx';
import type { StreamState } from './bayFeed.ts';
import { findBay } from './boardState.ts';
import { type BayCardHandlers, FacilityBoard } from './FacilityBoard.tsx';
import { useBayBoard } from './useBayBoard.ts';
import { useBayResets } from './useBayResets.ts';
import { useNow } from './useNow.ts';

type Asking = { bay: BayView; facilityName: string; several: boolean; kind: BayActionKind };

function confirmText(asking: Asking): { title: string; warning?: string; body: string } {
  const where = asking.several ? ` at ${asking.facilityName}` : '';
  switch (asking.kind) {
    case 'restart-sim':
      return {
        title: `Restart the simulator on ${asking.bay.name}?`,
        body: `The simulator software on ${asking.bay.name}${where} closes and starts again. The PC stays on.`,
      };
    case 'reboot-pc':
      return {
        title: `Reboot the PC on ${asking.bay.name}?`,
        warning: 'The round in progress will stop.',
        body: `The PC on ${asking.bay.name}${where} restarts and is offline for a few minutes.`,
      };
    default: {
      const unexpected: never = asking.kind;
      throw new Error(`unknown bay action ${String(unexpected)}`);
    }
  }
}

function StreamNotice({ stream }: { stream: StreamState }) {
  if (stream !== 'reconnecting') return null;
  return (
    <div className="notice notice-warning" role="status" data-testid="bays-stream-notice">
      <p>
        <span aria-hidden="true">▲ </span>
        <strong>Live bay updates are interrupted — reconnecting.</strong> The board may be out of date until
        it is back.
      </p>
    </div>
  );
}

/** Mission Control's first screen: every bay of the user's facilities, live, and one-click fixes. */
export function BaysScreen() {
  const serverUrl = useSession((state) => state.serverUrl) ?? '';
  const feed = useBayBoard(serverUrl);
  const resets = useBayResets(serverUrl);
  const now = useNow();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [historyOf, setHistoryOf] = useState<BayView | null>(null);
  const boards = feed.board;
  // The dialog follows the live board, so it can refresh when the bay's action moves on.
  const historyBay = historyOf ? (findBay(boards, historyOf.id) ?? historyOf) : null;
  const several = (boards?.length ?? 0) > 1;

  const facilityOf = useCallback(
    (bay: BayView) => boards?.find((board) => board.facility.id === bay.facilityId)?.facility,
    [boards],
  );
  const { request, retry, dismiss } = resets;
  const handlers = useMemo<BayCardHandlers>(
    () => ({
      onAsk: (bay, kind) => setAsking({ bay, kind, facilityName: facilityOf(bay)?.name ?? '', several }),
      onRetry: (bay) => retry(bay.id),
      onDismiss: (bay) => dismiss(bay.id),
      onHistory: (bay) => setHistoryOf(bay),
    }),
    [facilityOf, several, retry, dismiss],
  );

  const text = asking ? confirmText(asking) : null;

  return (
    <section
      className="screen screen-bays"
      aria-labelledby="screen-heading"
      data-testid="bays-screen"
      data-stream={feed.stream}
    >
      <div className="screen-header">
        <ScreenHeading>Bays</ScreenHeading>
      </div>
      <StreamNotice stream={feed.stream} />
      {boards === null ? (
        feed.listError ? (
          <div className="notice notice-error" role="alert">
            <p>The bays could not be loaded: {feed.listError}</p>
            <button type="button" className="button" onClick={feed.reload}>
              Try again
            </button>
          </div>
        ) : (
          <p className="loading" role="status">
            Loading the bays…
          </p>
        )
      ) : boards.length === 0 ? (
        <EmptyState title="No facilities yet">
          <p>
            You are not assigned to any facility, so there are no bays to show. An administrator adds
            facilities with <code>clubos setup</code> and gives you access with <code>clubos user</code>.
          </p>
        </EmptyState>
      ) : (
        <>
          {feed.listError && (
            <div className="notice notice-warning" role="status">
              <p>The board could not be refreshed ({feed.listError}). It shows the last state it had.</p>
              <button type="button" className="button button-secondary" onClick={feed.reload}>
                Try again
              </button>
            </div>
          )}
          {boards.map((board) => (
            <FacilityBoard
              key={board.facility.id}
              board={board}
              showName={several}
              now={now}
              requests={resets.requests}
              handlers={handlers}
            />
          ))}
        </>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={text?.title ?? ''}
        confirmLabel={asking ? bayActionLabels[asking.kind] : 'Confirm'}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (asking) request(asking.bay.id, asking.kind);
          setAsking(null);
        }}
      >
        {text?.warning && (
          <p className="dialog-warning">
            <span aria-hidden="true">▲ </span>
            {text.warning}
          </p>
        )}
        <p>{text?.body}</p>
      </ConfirmDialog>
      <BayHistoryDialog
        bay={historyBay}
        timeZone={historyBay ? facilityOf(historyBay)?.timezone : undefined}
        serverUrl={serverUrl}
        onClose={() => setHistoryOf(null)}
      />
      {/* Polite: a change on another bay must not interrupt what staff are doing. */}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="bays-announcer">
        {feed.announcement && <p key={feed.announcement.id}>{feed.announcement.text}</p>}
      </div>
    </section>
  );
}
