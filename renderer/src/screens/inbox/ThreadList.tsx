import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { ThreadSummary } from '../../../../shared/threads.ts';
import { nextActiveIndex, shouldLoadMore } from './listKeys.ts';
import { ThreadRow } from './ThreadRow.tsx';

/** Each row has one height (inbox.css), so the virtualiser never measures. */
export const THREAD_ROW_HEIGHT = 96;

export const threadOptionId = (threadId: string) => `thread-option-${threadId}`;

/**
 * The conversations as a single-select listbox, virtualised: only the rows in view (and a few
 * around) are in the page, so ten thousand threads scroll as fast as ten. Arrow keys, Page
 * Up/Down, Home and End move the active row; Enter or Space opens it; a click opens a row. Rows
 * near the end ask for the next page.
 */
export function ThreadList({
  threads,
  selectedId,
  hasMore,
  loadingMore,
  onOpen,
  onLoadMore,
  facilityName,
  clockFor,
  footer,
}: {
  threads: ThreadSummary[];
  selectedId: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  onOpen(threadId: string): void;
  onLoadMore(): void;
  facilityName(facilityId: string): string | null;
  clockFor(facilityId: string): { now: number; timeZone: string | undefined };
  footer: ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(selectedId);
  const virtualizer = useVirtualizer({
    count: threads.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => THREAD_ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();

  // The active row follows the open thread when it is opened from elsewhere.
  useEffect(() => {
    if (selectedId) setActiveId(selectedId);
  }, [selectedId]);

  const activeIndex = activeId ? threads.findIndex((thread) => thread.id === activeId) : -1;
  const lastVisible = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (shouldLoadMore(lastVisible, threads.length, hasMore, loadingMore)) onLoadMore();
  }, [lastVisible, threads.length, hasMore, loadingMore, onLoadMore]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if ((event.key === 'Enter' || event.key === ' ') && activeIndex >= 0) {
      event.preventDefault();
      const active = threads[activeIndex];
      if (active) onOpen(active.id);
      return;
    }
    const pageSize = Math.floor((scrollRef.current?.clientHeight ?? THREAD_ROW_HEIGHT) / THREAD_ROW_HEIGHT);
    const next = nextActiveIndex(event.key, activeIndex, threads.length, pageSize);
    if (next === undefined) return;
    event.preventDefault();
    const thread = threads[next];
    if (!thread) return;
    setActiveId(thread.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  const active = activeIndex >= 0 ? threads[activeIndex] : undefined;
  return (
    <div className="thread-list-scroll" ref={scrollRef}>
      <div
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label="Conversations, newest activity first"
        aria-activedescendant={active ? threadOptionId(active.id) : undefined}
        className="thread-list"
        data-testid="thread-list"
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (activeIndex < 0 && threads[0]) setActiveId(threads[0].id);
        }}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const thread = threads[item.index];
          if (!thread) return null;
          const clock = clockFor(thread.facilityId);
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys for its options (aria-activedescendant)
            <div
              key={thread.id}
              id={threadOptionId(thread.id)}
              role="option"
              // Focus stays on the listbox (aria-activedescendant); a click must not move it here.
              tabIndex={-1}
              onMouseDown={(event) => {
                event.preventDefault();
                listRef.current?.focus();
              }}
              aria-selected={thread.id === selectedId}
              aria-setsize={hasMore ? -1 : threads.length}
              aria-posinset={item.index + 1}
              className="thread-row"
              data-active={thread.id === activeId || undefined}
              data-unread={thread.unreadCount > 0 || undefined}
              data-thread-id={thread.id}
              data-testid="thread-row"
              onClick={() => {
                setActiveId(thread.id);
                onOpen(thread.id);
              }}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <ThreadRow thread={thread} facilityName={facilityName(thread.facilityId)} clock={clock} />
            </div>
          );
        })}
      </div>
      {footer}
    </div>
  );
}
