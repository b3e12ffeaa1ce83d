import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StaffUser } from '../../../../shared/user.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { useNow } from '../bays/useNow.ts';
import { forgetThreadToOpen, useThreadToOpen } from './ai/threadToOpen.ts';
import { DemoCustomerPanel } from './DemoCustomerPanel.tsx';
import type { StreamState } from './inboxFeed.ts';
import { formatPhone } from './inboxWording.ts';
import { ThreadFilters } from './ThreadFilters.tsx';
import { ThreadList } from './ThreadList.tsx';
import { ThreadView } from './ThreadView.tsx';
import { allThreads, sameThreadFilter } from './threadList.ts';
import { useAssignees } from './useAssignees.ts';
import { useInboxFeed, useInboxSnapshot } from './useInboxFeed.ts';

function StreamNotice({ stream }: { stream: StreamState }) {
  if (stream !== 'reconnecting') return null;
  return (
    <div className="notice notice-warning" role="status" data-testid="inbox-stream-notice">
      <p>
        <span aria-hidden="true">▲ </span>
        <strong>Live inbox updates are interrupted — reconnecting.</strong> New messages show up once it is
        back.
      </p>
    </div>
  );
}

/** The SMS inbox: conversations on the left, the open one on the right, live. */
export function InboxScreen({ user, serverUrl }: { user: StaffUser; serverUrl: string }) {
  const feed = useInboxFeed();
  const inbox = useInboxSnapshot(feed);
  const now = useNow(15_000);
  const trpc = useTRPC();
  const facilities = useQuery(trpc.facilities.list.queryOptions({}));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const assignees = useAssignees(user);
  // Another part of the app (the emergency banner) asked for a conversation: open it.
  const toOpen = useThreadToOpen((state) => state.request);
  useEffect(() => {
    if (!toOpen) return;
    setSelectedId(toOpen.threadId);
    forgetThreadToOpen();
  }, [toOpen]);

  const facilityById = useMemo(
    () => new Map((facilities.data ?? []).map((facility) => [facility.id, facility])),
    [facilities.data],
  );
  const several = facilityById.size > 1;
  const timeZoneOf = useCallback(
    (facilityId: string) => facilityById.get(facilityId)?.timezone,
    [facilityById],
  );
  const clockFor = useCallback(
    (facilityId: string) => ({ now, timeZone: facilityById.get(facilityId)?.timezone }),
    [now, facilityById],
  );
  const facilityName = useCallback(
    (facilityId: string) => (several ? (facilityById.get(facilityId)?.name ?? null) : null),
    [several, facilityById],
  );
  const onLoadMore = useCallback(() => void feed.loadMore(), [feed]);
  const filtered = !sameThreadFilter(inbox.filter, allThreads);
  const threads = inbox.threads;
  const numbers = (facilities.data ?? []).flatMap((facility) =>
    facility.phoneNumber ? [formatPhone(facility.phoneNumber)] : [],
  );

  return (
    <section
      className="screen screen-inbox"
      aria-labelledby="screen-heading"
      data-testid="inbox-screen"
      data-stream={inbox.stream}
    >
      <div className="screen-header">
        <ScreenHeading>Inbox</ScreenHeading>
        <DemoCustomerPanel facilities={facilities.data ?? []} serverUrl={serverUrl} />
      </div>
      <StreamNotice stream={inbox.stream} />
      {facilities.isError && (
        <div className="notice notice-warning" role="status">
          <p>Facility names could not be loaded ({describeError(facilities.error, serverUrl)}).</p>
        </div>
      )}
      <div className="inbox" data-has-thread={selectedId !== null || undefined}>
        <div className="inbox-list-pane">
          <ThreadFilters
            filter={inbox.filter}
            facilities={facilities.data ?? []}
            onChange={(f) => feed.setFilter(f)}
          />
          {inbox.listError && (
            <div className="notice notice-error inbox-list-error" role="alert">
              <p>The conversations could not be loaded: {inbox.listError}</p>
              <button type="button" className="button button-secondary" onClick={() => void feed.reload()}>
                Try again
              </button>
            </div>
          )}
          {threads === null ? (
            inbox.listError ? null : (
              <p className="loading inbox-list-status" role="status">
                Loading conversations…
              </p>
            )
          ) : threads.length === 0 ? (
            filtered ? (
              <EmptyState title="No conversations match these filters">
                <p>Nothing is hidden from you: other conversations are outside these filters.</p>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => feed.setFilter(allThreads)}
                >
                  Show every conversation
                </button>
              </EmptyState>
            ) : (
              <EmptyState title="No conversations yet">
                <p>
                  When a customer texts {numbers.length > 0 ? numbers.join(' or ') : 'your facility’s number'}
                  , the conversation appears here within a second.
                </p>
              </EmptyState>
            )
          ) : (
            <ThreadList
              threads={threads}
              selectedId={selectedId}
              hasMore={inbox.hasMore}
              loadingMore={inbox.loadingMore}
              onOpen={setSelectedId}
              onLoadMore={onLoadMore}
              facilityName={facilityName}
              clockFor={clockFor}
              footer={
                <p className="thread-list-footer" role="status" data-testid="thread-list-footer">
                  {inbox.loadingMore
                    ? 'Loading more conversations…'
                    : inbox.hasMore
                      ? `${threads.length} conversations shown; scroll for older ones.`
                      : `${threads.length} ${threads.length === 1 ? 'conversation' : 'conversations'}. That is all of them.`}
                </p>
              }
            />
          )}
        </div>
        <div className="inbox-thread-pane">
          {selectedId ? (
            <ThreadView
              key={selectedId}
              feed={feed}
              threadId={selectedId}
              epoch={inbox.epoch}
              serverUrl={serverUrl}
              me={{ id: user.id, name: user.name }}
              assignees={assignees}
              timeZoneOf={timeZoneOf}
              now={now}
            />
          ) : (
            <div className="thread-placeholder">
              <p>
                {threads && threads.length > 0
                  ? 'Pick a conversation to read it and reply. In the list, the arrow keys move and Enter opens.'
                  : 'A conversation opens here.'}
              </p>
            </div>
          )}
        </div>
      </div>
      {/* Polite: a text in another conversation must not interrupt what staff are typing. */}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="inbox-announcer">
        {inbox.announcement && <p key={inbox.announcement.id}>{inbox.announcement.text}</p>}
      </div>
    </section>
  );
}
