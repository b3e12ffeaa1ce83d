import { useInboxFeed, useInboxSnapshot } from './useInboxFeed.ts';

/** How many conversations wait unread, on the Inbox link; live from the inbox stream. */
export function InboxNavBadge() {
  const feed = useInboxFeed();
  const { unread } = useInboxSnapshot(feed);
  if (!unread || unread.count === 0) return null;
  const shown = `${unread.count}${unread.capped ? '+' : ''}`;
  return (
    <span className="nav-badge" data-testid="inbox-unread-badge">
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">
        , {shown} {unread.count === 1 && !unread.capped ? 'conversation' : 'conversations'} unread
      </span>
    </span>
  );
}
