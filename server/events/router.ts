import { tracked } from '@trpc/server';
import { z } from 'zod';
import { toTrpcError } from '../trpc/errorMapping.ts';
import { facilityScopedProcedure, router, staffProcedure } from '../trpc/trpc.ts';
import type { EventFilter } from './bus.ts';

const REPLAY_BATCH = 500;

export const eventsRouter = router({
  /**
   * Live events for the caller's facilities (`facilityId` narrows to one), each tagged with its id.
   * Over SSE the client sends `lastEventId` back on reconnect and gets what it missed, exactly once.
   */
  subscribe: facilityScopedProcedure
    .input(
      z.object({
        types: z.array(z.string().max(100)).max(50).optional(),
        // At most 15 digits so the id stays a safe integer and a valid bigint.
        lastEventId: z
          .string()
          .regex(/^\d{1,15}$/)
          .nullish(),
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const bus = ctx.services.events;
      const filter: EventFilter = { facilityScope: ctx.facilityScope, types: input.types };
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
        let lastId = input.lastEventId ? Number(input.lastEventId) : 0;
        if (input.lastEventId) {
          while (!release.signal.aborted) {
            const batch = await bus.readAfter(lastId, filter, REPLAY_BATCH);
            for (const event of batch) {
              lastId = Number(event.id);
              yield tracked(event.id, event);
            }
            if (batch.length < REPLAY_BATCH) break;
          }
        }
        for await (const event of live) {
          if (Number(event.id) <= lastId) continue;
          lastId = Number(event.id);
          yield tracked(event.id, event);
        }
      } catch (error) {
        throw toTrpcError(error) ?? error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        release.abort();
      }
    }),

  /** The newest event id, so a client can start from "now" and still resume by id later. */
  latestId: staffProcedure.query(async ({ ctx }) => String(await ctx.services.events.latestId())),
});
