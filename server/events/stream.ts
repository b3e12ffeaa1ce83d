import { z } from 'zod';
import type { LiveEvent } from '../../shared/events.ts';
import type { EventBus, EventFilter } from './bus.ts';

const REPLAY_BATCH = 500;

// At most 15 digits so the id stays a safe integer and a valid bigint.
export const lastEventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/)
  .nullish();

/**
 * The events a resumable subscription delivers: what was missed since `lastEventId`, then live ones,
 * each exactly once and in id order. Shared by every subscription procedure, which only picks the
 * filter and what to yield for each event.
 */
export async function* liveEvents(
  bus: EventBus,
  filter: EventFilter,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<LiveEvent> {
  // Leaving the generator for any reason (client abort, error, return) releases the subscription.
  const release = new AbortController();
  const onAbort = () => release.abort();
  if (signal?.aborted) release.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await bus.start();
    // Subscribe first, then replay: an event committed during the replay is then either in the
    // table read or in the live buffer (or both, which the id check below dedupes).
    const live = bus.subscribe(filter, release.signal);
    let lastId = lastEventId ? Number(lastEventId) : 0;
    if (lastEventId) {
      while (!release.signal.aborted) {
        const batch = await bus.readAfter(lastId, filter, REPLAY_BATCH);
        for (const event of batch) {
          lastId = Number(event.id);
          yield event;
        }
        if (batch.length < REPLAY_BATCH) break;
      }
    }
    for await (const event of live) {
      if (Number(event.id) <= lastId) continue;
      lastId = Number(event.id);
      yield event;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    release.abort();
  }
}
