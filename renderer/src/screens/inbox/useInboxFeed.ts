import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTRPCClient } from '../../api/trpc.ts';
import { useSession } from '../../state/session.ts';
import { expireSession } from '../../state/sessionActions.ts';
import { forgetAllDrafts } from './composerDrafts.ts';
import { InboxFeed, type InboxFeedClient, type InboxSnapshot } from './inboxFeed.ts';

type Shared = {
  client: object;
  userId: string;
  feed: InboxFeed;
  users: number;
  release?: ReturnType<typeof setTimeout>;
};

// One inbox stream per signed-in desk, shared by the navigation badge and the Inbox screen. The
// badge is mounted for as long as the user is signed in, so the feed runs that long.
let shared: Shared | undefined;

function acquire(client: InboxFeedClient, serverUrl: string, userId: string): InboxFeed {
  if (shared && (shared.client !== client || shared.userId !== userId)) {
    clearTimeout(shared.release);
    shared.feed.stop();
    shared = undefined;
    forgetAllDrafts();
  }
  if (!shared) {
    const feed = new InboxFeed({ client, serverUrl, userId, onUnauthorized: () => void expireSession() });
    shared = { client, userId, feed, users: 0 };
  }
  return shared.feed;
}

function hold(feed: InboxFeed): () => void {
  const entry = shared;
  if (entry?.feed !== feed) return () => {};
  clearTimeout(entry.release);
  entry.users += 1;
  feed.start();
  return () => {
    entry.users -= 1;
    // Later, not now: a screen change unmounts one holder just before the next one mounts.
    if (entry.users === 0) {
      entry.release = setTimeout(() => {
        if (entry.users > 0) return;
        entry.feed.stop();
        if (shared === entry) shared = undefined;
        // The badge is gone: signed out. What was typed stays with the one who typed it.
        forgetAllDrafts();
      }, 0);
    }
  };
}

/** The desk's inbox feed, running while at least one component holds it. */
export function useInboxFeed(): InboxFeed {
  const client: InboxFeedClient = useTRPCClient();
  const serverUrl = useSession((state) => state.serverUrl) ?? '';
  const userId = useSession((state) => (state.status.kind === 'signedIn' ? state.status.user.id : ''));
  const [feed, setFeed] = useState(() => acquire(client, serverUrl, userId));
  useEffect(() => {
    const current = acquire(client, serverUrl, userId);
    if (current !== feed) setFeed(current);
    return hold(current);
  }, [client, serverUrl, userId, feed]);
  return feed;
}

export function useInboxSnapshot(feed: InboxFeed): InboxSnapshot {
  return useSyncExternalStore(feed.subscribe, feed.getSnapshot);
}
