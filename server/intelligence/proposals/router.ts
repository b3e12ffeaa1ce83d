import { z } from 'zod';
import { proposalStatuses } from '../../../shared/proposals.ts';
import { managerOptionalFacilitySlugProcedure, managerProcedure, router } from '../../trpc/trpc.ts';

const id = z.uuid();

// Manager only, every one: front desk never sees the approve action, and the server refuses it (403).
export const proposalsRouter = router({
  list: managerProcedure
    .input(z.object({ status: z.enum(proposalStatuses).optional() }))
    .query(({ ctx, input }) => ctx.services.proposals.list(input)),

  get: managerProcedure
    .input(z.object({ id }))
    .query(({ ctx, input }) => ctx.services.proposals.get(input.id)),

  approve: managerProcedure
    .input(z.object({ id, overrideReason: z.string().trim().min(1).max(1_000).optional() }))
    .mutation(({ ctx, input }) => ctx.services.proposals.approve(ctx.user, input, ctx.audit)),

  reject: managerProcedure
    .input(z.object({ id, reason: z.string().trim().min(1, 'Say why it is rejected.').max(1_000) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.proposals.reject(ctx.user, input, ctx.audit);
      return { ok: true as const };
    }),

  /** Starts an SOP analysis now (it also runs hourly); with a facility, only that facility's feedback. */
  runAnalysis: managerOptionalFacilitySlugProcedure.mutation(async ({ ctx }) => {
    await ctx.services.proposals.requestAnalysis(ctx.facilityId);
    return { queued: true as const };
  }),

  /**
   * Analyses an uploaded `clubos feedback export` file now and returns what it proposed. Every line is
   * validated first; a bad one is refused with its line number and field (details.line, details.field).
   */
  uploadFeedback: managerOptionalFacilitySlugProcedure
    .input(
      z.object({
        // Generous here; the service refuses past 2 MB (in bytes) and 5,000 lines with a clear message.
        jsonl: z
          .string()
          .max(3 * 1024 * 1024, 'The file is too large; at most 2 MB can be analysed at once.'),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.proposals.uploadFeedback({ jsonl: input.jsonl, facilityId: ctx.facilityId }, ctx.audit),
    ),

  edit: managerProcedure
    .input(
      z.object({
        id,
        newContent: z
          .string()
          .min(1)
          .max(16 * 1024),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.proposals.edit(ctx.user, input, ctx.audit)),
});
