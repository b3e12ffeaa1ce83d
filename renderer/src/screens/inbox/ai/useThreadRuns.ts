import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTRPCClient } from '../../../api/trpc.ts';
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
  useEffect(
    () => feed.onThreadEvent((eventId, event) => current.applyEvent(eventId, event)),
    [feed, current],
  );
  useEffect(() => {
    current.start();
    return () => current.stop();
  }, [current]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: epoch is the trigger: each reconnect reads the runs again
  useEffect(() => {
    void current.read();
  }, [current, epoch]);
  const snapshot = useSyncExternalStore(current.subscribe, current.getSnapshot);
  return { runs: current, snapshot };
}
