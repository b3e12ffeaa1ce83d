import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  canAccessFacility,
  localAdminProcedure,
  managerFacilityScopedProcedure,
  router,
  staffProcedure,
} from '../trpc/trpc.ts';
import { exportFeedbackFor, toJsonLines } from './feedbackExport.ts';

const reason = z.string().trim().min(1, 'Say what was wrong with the answer.').max(1_000);

export const feedbackRouter = router({
  /** Marks an AI answer unhelpful, by the message it was sent as (or, for drafts, its run id). */
  flag: staffProcedure
    .input(
      z
        .object({
          messageId: z.uuid().optional(),
          runId: z.uuid().optional(),
          reason,
          correction: z.string().trim().min(1).max(1_600).optional(),
        })
        .refine((input) => Boolean(input.messageId) !== Boolean(input.runId), {
          error: 'Give exactly one of messageId and runId.',
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const intelligence = ctx.services.intelligence;
      const facilityId = input.runId
        ? await intelligence.facilityOfRun(input.runId)
        : await ctx.services.messaging.facilityOfMessage(input.messageId ?? '');
      if (!facilityId || !canAccessFacility(ctx.user, facilityId)) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'Answer not found' });
      }
      await intelligence.flag(ctx.user, input, ctx.audit);
      return { ok: true as const };
    }),

  /** `clubos feedback export` through the server that holds the embedded database. */
  cliExport: localAdminProcedure
    .input(z.object({ since: z.iso.date().optional(), facilitySlug: z.string().min(1).max(64).optional() }))
    .query(({ ctx, input }) => exportFeedbackFor(ctx.services, input)),

  /** The flagged answers as JSON lines, the same file `clubos feedback export` writes. */
  export: managerFacilityScopedProcedure
    .input(z.object({ since: z.iso.date().optional() }))
    .query(async ({ ctx, input }) => {
      const records = await ctx.services.intelligence.exportFeedback({
        since: input.since,
        scope: ctx.facilityScope,
      });
      return {
        filename: `clubos-feedback-${new Date().toISOString().slice(0, 10)}.jsonl`,
        jsonl: toJsonLines(records),
      };
    }),
});
