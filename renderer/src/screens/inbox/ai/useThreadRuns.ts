import { useState } from 'react';
import { useTRPCClient } from '../../../api/trpc.ts';
import { useFollowingFeed } from '../../../live/useFollowingFeed.ts';
import { expireSession } from '../../../state/sessionActions.ts';
import type { InboxFeed } from '../inboxFeed.ts';
import { type ThreadRunsClient, ThreadRunsFeed, type ThreadRunsSnapshot } from './threadRunsFeed.ts';

/**
 * The open thread's AI answers, live: read when it opens and after each reconnect of the inbox
 * stream (its `epoch`), with the stream's `ai.run` events for it laid in.
 */
export function useThreadRuns(
  feed: InboxFeed,
  threadId: string,
  serverUrl: string,
  epoch: number,
): { runs: ThreadRunsFeed; snapshot: ThreadRunsSnapshot } {
  const client: ThreadRunsClient = useTRPCClient();
  // One per thread: the caller keys the thread view by thread id.
  const [current] = useState(
    () => new ThreadRunsFeed({ client, serverUrl, threadId, onUnauthorized: () => void expireSession() }),
  );
  const snapshot = useFollowingFeed(feed, current, epoch);
  return { runs: current, snapshot };
}
