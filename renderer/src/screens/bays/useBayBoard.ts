import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTRPCClient } from '../../api/trpc.ts';
import { expireSession } from '../../state/sessionActions.ts';
import { BayFeed, type BayFeedSnapshot } from './bayFeed.ts';

/** The live bay board while the Bays screen is open, and a way to read the list again. */
export function useBayBoard(serverUrl: string): BayFeedSnapshot & { reload(): void } {
  const client = useTRPCClient();
  const [feed] = useState(
    () => new BayFeed({ client, serverUrl, onUnauthorized: () => void expireSession() }),
  );
  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);
  const snapshot = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  return { ...snapshot, reload: () => void feed.reload() };
}
