import type { LiveEvent } from '../../../shared/events.ts';

type Listener = (event: LiveEvent) => void;

// The one `events.subscribe` stream (liveConnection.ts) hands every event here; screens that only
// need to know "something changed" listen for their types instead of opening a stream of their own.
const listeners = new Set<Listener>();

/** Calls `listener` with every live event until the returned function is called. */
export function onLiveEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Hands an event from the live stream to every listener; one listener's failure stops no other. */
export function deliverLiveEvent(event: LiveEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      console.error('a live event listener failed', error);
    }
  }
}
