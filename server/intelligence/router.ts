import { z } from 'zod';
import { agentSchema } from '../../shared/agents.ts';
import { agentModeSchema } from '../../shared/ai.ts';
import { MAX_MESSAGE_LENGTH } from '../../shared/sms.ts';
import {
  aiRunProcedure,
  managerFacilityScopedProcedure,
  managerFacilitySlugProcedure,
  managerOptionalFacilitySlugProcedure,
  router,
  threadProcedure,
} from '../trpc/trpc.ts';

const notBlank = (text: string) => text.trim().length > 0;

// Facility scoping lives in the procedures (slug, thread or run → facility); handlers only act.
export const aiRouter = router({
  /** Modes, kill switches and today's spend for the manager's facilities. */
  getModes: managerFacilityScopedProcedure.query(({ ctx }) =>
    ctx.services.intelligence.settings(ctx.facilityScope),
  ),

  setMode: managerFacilitySlugProcedure
    .input(z.object({ agent: agentSchema, mode: agentModeSchema }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.intelligence.setMode(
        ctx.user,
        { facilityId: ctx.facilityId, agent: input.agent, mode: input.mode },
        ctx.audit,
      );
      return { ok: true as const };
    }),

  /** With a facility: that facility's switch. Without: the global one. */
  killSwitch: managerOptionalFacilitySlugProcedure
    .input(z.object({ on: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.intelligence.setKillSwitch(
        ctx.user,
        { facilityId: ctx.facilityId, on: input.on },
        ctx.audit,
      );
      return { ok: true as const };
    }),

  setBudget: managerFacilitySlugProcedure
    .input(z.object({ dailyBudgetUsd: z.number().min(0).max(100_000) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.intelligence.setBudget(
        ctx.user,
        { facilityId: ctx.facilityId, dailyBudgetUsd: input.dailyBudgetUsd },
        ctx.audit,
      );
      return { ok: true as const };
    }),

  /** A thread's AI answers (drafts, shadows, sent, hand-offs), newest first, with provenance. */
  threadRuns: threadProcedure.query(({ ctx }) => ctx.services.intelligence.threadRuns(ctx.threadId)),

  /** One answer's provenance: route, agent, SOP sections and versions, model, tokens, cost, latency. */
  run: aiRunProcedure.query(({ ctx }) => ctx.services.intelligence.run(ctx.runId)),

  /** Sends a draft (or a shadow answer), edited or not; an edit is recorded as a correction. */
  approve: aiRunProcedure
    .input(
      z.object({
        body: z.string().max(MAX_MESSAGE_LENGTH).refine(notBlank, 'Write something to send.').optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.intelligence.approve(ctx.user, { runId: ctx.runId, body: input.body }, ctx.audit),
    ),

  discard: aiRunProcedure.mutation(({ ctx }) =>
    ctx.services.intelligence.discard(ctx.user, { runId: ctx.runId }, ctx.audit),
  ),
});
