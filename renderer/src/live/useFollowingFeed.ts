import { useEffect, useSyncExternalStore } from 'react';
import type { ExternalStore } from './externalStore.ts';

/** A shared stream that hands each event on (the inbox feed). */
type EventFanout<Event> = {
  onThreadEvent(listener: (eventId: string, event: Event) => void): () => void;
};

/** A feed for one open view that lays in the shared stream's events (an open thread, its AI runs). */
type FollowingFeed<Event, Snapshot> = Pick<ExternalStore<Snapshot>, 'subscribe' | 'getSnapshot'> & {
  applyEvent(eventId: string, event: Event): void;
  start(): void;
  stop(): void;
  read(): Promise<void>;
};

/**
 * Runs `feed` while the view is mounted, with the shared stream's events laid in. It is read when
 * the view opens and again at each `epoch` (bumped on every (re)connect of the stream), so what
 * happened while the stream was down shows too.
 */
export function useFollowingFeed<Event, Snapshot>(
  stream: EventFanout<Event>,
  feed: FollowingFeed<Event, Snapshot>,
  epoch: number,
): Snapshot {
  useEffect(() => stream.onThreadEvent((eventId, event) => feed.applyEvent(eventId, event)), [stream, feed]);
  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: epoch is the trigger: each reconnect reads the feed again
  useEffect(() => {
    void feed.read();
  }, [feed, epoch]);
  return useSyncExternalStore(feed.subscribe, feed.getSnapshot);
}
