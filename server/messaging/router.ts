import { tracked } from '@trpc/server';
import { z } from 'zod';
import { MAX_MESSAGE_LENGTH, threadStatuses } from '../../shared/sms.ts';
import type { EventFilter } from '../events/bus.ts';
import { lastEventIdSchema, liveEvents } from '../events/stream.ts';
import { toTrpcError } from '../trpc/errorMapping.ts';
import { facilityScopedProcedure, router, threadMessageProcedure, threadProcedure } from '../trpc/trpc.ts';
import { createInboxFeed } from './liveInbox.ts';
import { threadEventTypes } from './publish.ts';
import { MESSAGE_PAGE_MAX, THREAD_PAGE_MAX } from './threadQueries.ts';

const cursor = z.string().min(1).max(200);
const notBlank = (text: string) => text.trim().length > 0;

// Facility scoping lives in the procedures: facilityScopedProcedure for the list and the live feed,
// threadProcedure (thread → facility) and threadMessageProcedure (message → facility) for the rest.
export const threadsRouter = router({
  /** The inbox, newest activity first. Pass `nextCursor` back as `cursor` for the next page. */
  list: facilityScopedProcedure
    .input(
      z.object({
        status: z.enum(threadStatuses).optional(),
        assignedToMe: z.boolean().optional(),
        unread: z.boolean().optional(),
        needsHuman: z.boolean().optional(),
        cursor: cursor.optional(),
        limit: z.number().int().min(1).max(THREAD_PAGE_MAX).optional(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.messaging.list(ctx.user, ctx.facilityScope, input)),

  /** One thread with its newest messages (oldest first); pass `olderCursor` back as `before` for more. */
  get: threadProcedure
    .input(
      z.object({
        before: cursor.optional(),
        limit: z.number().int().min(1).max(MESSAGE_PAGE_MAX).optional(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.messaging.get(ctx.user, ctx.threadId, input)),

  /**
   * Every inbox change in the caller's facilities (ThreadEvent), each tagged with its event id.
   * Resumable: send the last id back as `lastEventId` (SSE does it on reconnect).
   */
  onEvent: facilityScopedProcedure
    .input(z.object({ lastEventId: lastEventIdSchema }))
    .subscription(async function* ({ ctx, input, signal }) {
      const filter: EventFilter = { facilityScope: ctx.facilityScope, types: threadEventTypes };
      const feed = createInboxFeed(ctx.services.messaging, ctx.user.id);
      try {
        for await (const event of liveEvents(ctx.services.events, filter, input.lastEventId, signal)) {
          const shown = await feed(event);
          if (shown) yield tracked(event.id, shown);
        }
      } catch (error) {
        throw toTrpcError(error) ?? error;
      }
    }),

  /**
   * A staff reply, through the outbox. The same `idempotencyKey` again returns the same message.
   * Refused (PRECONDITION_FAILED, with the reason) when the customer has opted out. Pauses the AI.
   */
  send: threadProcedure
    .input(
      z.object({
        body: z
          .string()
          .min(1)
          .max(MAX_MESSAGE_LENGTH)
          .refine(notBlank, { error: 'A text needs some words' }),
        idempotencyKey: z.string().min(8).max(100),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.messaging.send(
        ctx.user,
        { threadId: ctx.threadId, body: input.body, idempotencyKey: input.idempotencyKey },
        ctx.audit,
      ),
    ),

  /** Assigns the thread to a staff member of its facility, or unassigns it (null). */
  assign: threadProcedure
    .input(z.object({ userId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) =>
      ctx.services.messaging.assign(ctx.user, ctx.threadId, input.userId, ctx.audit),
    ),

  /** open / pending / resolved / snoozed (with `snoozedUntil`, ISO, in the future). */
  setStatus: threadProcedure
    .input(
      z.object({ status: z.enum(threadStatuses), snoozedUntil: z.iso.datetime({ offset: true }).optional() }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.messaging.setStatus(
        ctx.user,
        ctx.threadId,
        { status: input.status, snoozedUntil: input.snoozedUntil ? new Date(input.snoozedUntil) : undefined },
        ctx.audit,
      ),
    ),

  /** Take over: pause the AI on this thread (for `hours`, default CLUBOS_AI_PAUSE_HOURS), or resume it. */
  pauseAi: threadProcedure
    .input(
      z.object({
        paused: z.boolean(),
        hours: z
          .number()
          .positive()
          .max(24 * 30)
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.messaging.pauseAi(ctx.user, ctx.threadId, input, ctx.audit)),

  /** A private note for staff; never sent to the customer. */
  addNote: threadProcedure
    .input(z.object({ body: z.string().max(4000).refine(notBlank, { error: 'A note needs some words' }) }))
    .mutation(({ ctx, input }) => ctx.services.messaging.addNote(ctx.user, ctx.threadId, input.body.trim())),

  /** Marks the thread read up to `messageId` (default: all of it) for the caller; returns what is left. */
  markRead: threadProcedure
    .input(z.object({ messageId: z.uuid().optional() }))
    .mutation(({ ctx, input }) => ctx.services.messaging.markRead(ctx.user, ctx.threadId, input.messageId)),

  /** The one-click retry of a text the outbox gave up on (`deadLettered: true`). */
  retrySend: threadMessageProcedure.mutation(({ ctx }) =>
    ctx.services.messaging.retrySend(ctx.messageId, ctx.audit),
  ),
});
