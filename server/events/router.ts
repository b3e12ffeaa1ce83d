import { tracked } from '@trpc/server';
import { z } from 'zod';
import { toTrpcError } from '../trpc/errorMapping.ts';
import { facilityScopedProcedure, router, staffProcedure } from '../trpc/trpc.ts';
import type { EventFilter } from './bus.ts';
import { lastEventIdSchema, liveEvents } from './stream.ts';

export const eventsRouter = router({
  /**
   * Live events for the caller's facilities (`facilityId` narrows to one), each tagged with its id.
   * Over SSE the client sends `lastEventId` back on reconnect and gets what it missed, exactly once.
   */
  subscribe: facilityScopedProcedure
    .input(
      z.object({
        types: z.array(z.string().max(100)).max(50).optional(),
        lastEventId: lastEventIdSchema,
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const filter: EventFilter = { facilityScope: ctx.facilityScope, types: input.types };
      try {
        for await (const event of liveEvents(ctx.services.events, filter, input.lastEventId, signal)) {
          yield tracked(event.id, event);
        }
      } catch (error) {
        throw toTrpcError(error) ?? error;
      }
    }),

  /** The newest event id, so a client can start from "now" and still resume by id later. */
  latestId: staffProcedure.query(async ({ ctx }) => String(await ctx.services.events.latestId())),
});
