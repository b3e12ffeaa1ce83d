import { tracked } from '@trpc/server';
import { z } from 'zod';
import { type BayView, bayActionKindSchema } from '../../shared/bays.ts';
import type { EventFilter } from '../events/bus.ts';
import { lastEventIdSchema, liveEvents } from '../events/stream.ts';
import { toTrpcError } from '../trpc/errorMapping.ts';
import { bayProcedure, facilityScopedProcedure, router } from '../trpc/trpc.ts';
import { BAY_CHANGED } from './changes.ts';
import { HISTORY_PAGE_MAX } from './service.ts';

// Facility scoping lives in the procedures: facilityScopedProcedure for lists and the live feed,
// bayProcedure (bay → facility) for anything about one bay. Every role may reset (frontdesk and up).
export const baysRouter = router({
  /** Boards for the caller's facilities; `facilitySlug` narrows to one (NOT_FOUND if not theirs). */
  list: facilityScopedProcedure
    .input(z.object({ facilitySlug: z.string().min(1).max(64).optional() }))
    .query(({ ctx, input }) => ctx.services.bays.list(ctx.facilityScope, input.facilitySlug)),

  /**
   * Every change to a bay of the caller's facilities, as the bay's whole new view. Resumable: send
   * the last id back as `lastEventId` (SSE does it on reconnect) to get what was missed first.
   */
  onChange: facilityScopedProcedure
    .input(z.object({ lastEventId: lastEventIdSchema }))
    .subscription(async function* ({ ctx, input, signal }) {
      const filter: EventFilter = { facilityScope: ctx.facilityScope, types: [BAY_CHANGED] };
      try {
        for await (const event of liveEvents(ctx.services.events, filter, input.lastEventId, signal)) {
          yield tracked(event.id, event.payload as BayView);
        }
      } catch (error) {
        throw toTrpcError(error) ?? error;
      }
    }),

  /** One click. The same `idempotencyKey` again returns the same action (no second NinjaOne call). */
  reset: bayProcedure
    .input(z.object({ action: bayActionKindSchema, idempotencyKey: z.string().min(8).max(100) }))
    .mutation(({ ctx, input }) =>
      ctx.services.bays.reset(
        { bayId: ctx.bayId, action: input.action, idempotencyKey: input.idempotencyKey },
        ctx.user,
        ctx.audit,
      ),
    ),

  /** The bay's audit trail, newest first; pass `nextCursor` back as `cursor` for older rows. */
  history: bayProcedure
    .input(
      z.object({
        cursor: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.bays.history(ctx.bayId, input)),
});
