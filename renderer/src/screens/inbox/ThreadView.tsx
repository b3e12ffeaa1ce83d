import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { MessageView, ThreadDetail, ThreadSummary } from '../../../../shared/threads.ts';
import { formatClock } from '../bays/bayFormat.ts';
import { AiAnswerFeedback } from './ai/AiAnswerFeedback.tsx';
import { AiDraftsPanel } from './ai/AiDraftsPanel.tsx';
import { useThreadRuns } from './ai/useThreadRuns.ts';
import { Composer } from './Composer.tsx';
import type { InboxFeed } from './inboxFeed.ts';
import { aiPaused, customerName, formatPhone, formatWhen, threadStatusLabels } from './inboxWording.ts';
import { ThreadActions } from './ThreadActions.tsx';
import { MessageItem, NoteItem } from './TimelineItemView.tsx';
import { type Assignee, assigneesAt } from './useAssignees.ts';
import { useConversation } from './useConversation.ts';
import { useRetrySend, useThreadActions } from './useThreadActions.ts';

type Person = { id: string; name: string };

/** Near enough to the bottom that a new message should scroll into view. */
const STICK_TO_BOTTOM_PX = 160;

/** One conversation: who, its state and actions, every message and note in order, and the send box. */
export function ThreadView({
  feed,
  threadId,
  epoch,
  serverUrl,
  me,
  assignees,
  timeZoneOf,
  now,
}: {
  feed: InboxFeed;
  threadId: string;
  epoch: number;
  serverUrl: string;
  me: Person;
  assignees: Assignee[] | null;
  timeZoneOf(facilityId: string): string | undefined;
  now: number;
}) {
  const { conversation, snapshot } = useConversation(feed, threadId, serverUrl, epoch);
  const ai = useThreadRuns(feed, threadId, serverUrl, epoch);
  const onChanged = useCallback((thread: ThreadSummary) => conversation.applyOwn({ thread }), [conversation]);
  const actions = useThreadActions(threadId, serverUrl, onChanged);
  const onRetried = useCallback((message: MessageView) => conversation.applyOwn({ message }), [conversation]);
  const retries = useRetrySend(serverUrl, onRetried);
  const thread = snapshot.thread;
  const timeZone = thread ? timeZoneOf(thread.facilityId) : undefined;
  const clock = { now, timeZone };
  const scroll = useScrollToNewest();

  if (!thread) {
    return (
      <section className="thread-view" aria-label="Conversation" data-testid="thread-view">
        {snapshot.error ? (
          <div className="notice notice-error" role="alert">
            <p>This conversation could not be loaded: {snapshot.error}</p>
            <button type="button" className="button" onClick={() => void conversation.read()}>
              Try again
            </button>
          </div>
        ) : (
          <p className="loading" role="status">
            Loading the conversation…
          </p>
        )}
      </section>
    );
  }

  const customer = customerName(thread);
  return (
    <section
      className="thread-view"
      aria-labelledby="thread-title"
      data-testid="thread-view"
      data-thread-id={thread.id}
      data-opted-out={thread.optedOut || undefined}
    >
      <header className="thread-header">
        <div className="thread-who">
          <h2 id="thread-title" className="thread-title">
            {customer}
          </h2>
          <p className="thread-sub">
            {thread.contactName && <span>{formatPhone(thread.customerNumber)} · </span>}
            {thread.facilityName} · {formatPhone(thread.facilityNumber)}
          </p>
          <ThreadFacts thread={thread} clock={clock} />
        </div>
        <ThreadActions
          thread={thread}
          me={me}
          assignees={assigneesAt(assignees, thread.facilityId)}
          actions={actions}
          now={now}
        />
      </header>
      {thread.optedOut && (
        <div className="notice notice-error thread-opted-out" data-testid="opted-out-banner">
          <p>
            <span aria-hidden="true">⊘ </span>
            <strong>{customer} opted out of texts</strong>
            {thread.optedOutAt && ` ${formatWhen(thread.optedOutAt, timeZone, now)}`}. Nothing can be sent to
            them until they text START.
          </p>
        </div>
      )}
      {snapshot.error && (
        <div className="notice notice-warning" role="status">
          <p>Could not refresh this conversation ({snapshot.error}). It shows what it last had.</p>
          <button type="button" className="button button-secondary" onClick={() => void conversation.read()}>
            Try again
          </button>
        </div>
      )}
      <div className="timeline-scroll" ref={scroll.ref} onScroll={scroll.onScroll} data-testid="timeline">
        {snapshot.hasOlder && (
          <div className="timeline-older">
            <button
              type="button"
              className="button button-secondary composer-small"
              aria-disabled={snapshot.loadingOlder || undefined}
              onClick={() => {
                if (snapshot.loadingOlder) return;
                scroll.keepPosition();
                void conversation.loadOlder();
              }}
            >
              {snapshot.loadingOlder ? 'Loading earlier messages…' : 'Load earlier messages'}
            </button>
          </div>
        )}
        {snapshot.items.length === 0 ? (
          <p className="timeline-empty">No messages in this conversation yet.</p>
        ) : (
          <ol className="timeline" aria-label={`Messages with ${customer}, oldest first`}>
            {snapshot.items.map((item) =>
              item.kind === 'message' ? (
                <MessageItem
                  key={item.id}
                  message={item.message}
                  customer={customer}
                  clock={clock}
                  retry={retries.states.get(item.id)}
                  onRetry={(messageId) => void retries.retry(messageId)}
                >
                  <AiAnswerFeedback
                    run={ai.snapshot.byReplyMessage.get(item.id)}
                    messageId={item.id}
                    runs={ai.runs}
                    serverUrl={serverUrl}
                  />
                </MessageItem>
              ) : (
                <NoteItem key={item.id} note={item.note} clock={clock} />
              ),
            )}
          </ol>
        )}
      </div>
      <AiDraftsPanel
        runs={ai.runs}
        snapshot={ai.snapshot}
        customer={customer}
        optedOut={thread.optedOut}
        serverUrl={serverUrl}
        clock={clock}
        onSent={scroll.toBottom}
      />
      <Composer
        threadId={thread.id}
        customer={customer}
        optedOut={thread.optedOut}
        serverUrl={serverUrl}
        onSent={(change) => {
          conversation.applyOwn(change);
          scroll.toBottom();
        }}
      />
    </section>
  );
}

function ThreadFacts({
  thread,
  clock,
}: {
  thread: ThreadDetail;
  clock: { now: number; timeZone: string | undefined };
}) {
  const paused = aiPaused(thread, clock.now);
  return (
    <ul className="thread-facts" data-testid="thread-facts">
      <li className="thread-status" data-status={thread.status} data-testid="thread-status">
        {threadStatusLabels[thread.status]}
        {thread.status === 'snoozed' &&
          thread.snoozedUntil &&
          ` until ${formatClock(thread.snoozedUntil, clock.timeZone, clock.now)}`}
      </li>
      {thread.needsHuman && (
        <li className="thread-marker" data-marker="needsHuman">
          <span aria-hidden="true">▲ </span>Needs a human
        </li>
      )}
      <li className="thread-marker" data-marker={paused ? 'aiPaused' : 'aiOn'} data-testid="thread-ai">
        {paused && thread.aiPausedUntil ? (
          <>
            <span aria-hidden="true">‖ </span>AI paused until{' '}
            {formatClock(thread.aiPausedUntil, clock.timeZone, clock.now)}
          </>
        ) : (
          <>
            <span aria-hidden="true">● </span>AI may reply
          </>
        )}
      </li>
      <li className="thread-assignee" data-testid="thread-assignee">
        {thread.assignedTo ? `Assigned to ${thread.assignedTo.name}` : 'Unassigned'}
      </li>
      {thread.optedOut && (
        <li className="thread-marker" data-marker="optedOut">
          <span aria-hidden="true">⊘ </span>Opted out
        </li>
      )}
    </ul>
  );
}

/**
 * Keeps the newest message in view: on opening, and whenever the conversation grows (a new
 * message, a status that adds a line, a Retry button) while staff are at the bottom, but not when
 * they have scrolled up to read. Loading older messages keeps what was on screen in place.
 */
function useScrollToNewest() {
  // A callback ref: the scroller appears only once the thread has loaded.
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const atBottom = useRef(true);
  const keep = useRef<{ height: number; top: number } | null>(null);
  useLayoutEffect(() => {
    if (!element) return;
    const settle = () => {
      if (keep.current) {
        element.scrollTop = keep.current.top + (element.scrollHeight - keep.current.height);
        keep.current = null;
      } else if (atBottom.current) {
        element.scrollTop = element.scrollHeight;
      }
    };
    settle();
    const observer = new ResizeObserver(settle);
    // The list inside grows; the scroller itself keeps its size.
    for (const child of Array.from(element.children)) observer.observe(child);
    const mutations = new MutationObserver(() => {
      observer.disconnect();
      for (const child of Array.from(element.children)) observer.observe(child);
      settle();
    });
    mutations.observe(element, { childList: true });
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, [element]);
  return {
    ref: setElement,
    onScroll: () => {
      if (!element) return;
      atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX;
    },
    keepPosition: () => {
      if (element) keep.current = { height: element.scrollHeight, top: element.scrollTop };
    },
    toBottom: () => {
      atBottom.current = true;
      if (element) element.scrollTop = element.scrollHeight;
    },
  };
}
