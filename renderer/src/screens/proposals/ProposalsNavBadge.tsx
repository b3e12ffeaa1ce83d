import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { createPortal } from 'react-dom';
import type { LiveEvent } from '../../../../shared/events.ts';
import { PROPOSAL_CHANGED } from '../../../../shared/proposals.ts';
import { useTRPC } from '../../api/trpc.ts';
import { useHash } from '../../app/useHash.ts';
import { useLiveRefetch } from '../../live/useLiveRefetch.ts';
import { arrivalNotice, readProposalChanged, waitingCount, waitingLabel } from './proposalEvents.ts';
import { proposalHref, proposalIdFromHash, QUEUE_HREF } from './proposalsHash.ts';

const proposalTypes = [PROPOSAL_CHANGED] as const;

/**
 * How many proposals wait for a manager's decision, on the Proposals link. Mounted for as long as a
 * manager is signed in, it also keeps every proposals query fresh from the live stream, and tells of
 * a proposal that starts waiting for review in a polite notice (read out without moving focus).
 */
export function ProposalsNavBadge() {
  const trpc = useTRPC();
  // By status, not the whole list: that stops at the newest 200, and a waiting one may be older.
  const pending = useQuery(trpc.proposals.list.queryOptions({ status: 'pending_review' }));
  const blocked = useQuery(trpc.proposals.list.queryOptions({ status: 'blocked_by_eval' }));
  const [notice, setNotice] = useState<{ id: string; text: string } | null>(null);
  const onEvent = useCallback((event: LiveEvent) => {
    const change = readProposalChanged(event.payload);
    if (!change) return;
    const text = arrivalNotice(change);
    if (text) setNotice({ id: change.id, text });
    // Decided (or replaced) meanwhile: the notice would be out of date.
    else setNotice((shown) => (shown?.id === change.id ? null : shown));
  }, []);
  useLiveRefetch(proposalTypes, trpc.proposals.pathKey(), onEvent);

  const count = waitingCount([...(pending.data ?? []), ...(blocked.data ?? [])]);
  // On the queue itself the new row is in view: the notice is only read out, not drawn over it.
  const hash = useHash();
  const openId = proposalIdFromHash(hash);
  const onQueue = hash.startsWith(QUEUE_HREF) && openId === null;
  // Opening the proposal answers the notice.
  if (notice && openId === notice.id) setNotice(null);
  return (
    <>
      {count > 0 && (
        <span className="nav-badge" data-testid="proposals-waiting-badge">
          <span aria-hidden="true">{count}</span>
          <span className="visually-hidden">, {waitingLabel(count)}</span>
        </span>
      )}
      {createPortal(
        <div
          className={onQueue ? 'visually-hidden' : 'proposal-arrival'}
          role="status"
          data-testid="proposal-arrival"
        >
          {notice && onQueue && notice.text}
          {notice && !onQueue && (
            <p className="proposal-arrival-body">
              <span aria-hidden="true">● </span>
              {notice.text} <a href={proposalHref(notice.id)}>Open the proposal</a>{' '}
              <button
                type="button"
                className="button button-secondary composer-small"
                onClick={() => setNotice(null)}
              >
                Dismiss
              </button>
            </p>
          )}
        </div>,
        document.body,
      )}
    </>
  );
}
