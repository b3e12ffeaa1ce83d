import { z } from 'zod';
import type { FacilityScope } from '../../facilities/scope.ts';
import {
  managerFacilityScopedProcedure,
  managerOptionalFacilitySlugProcedure,
  managerProcedure,
  router,
} from '../../trpc/trpc.ts';

const alertStates = ['open', 'rolled_back', 'dismissed'] as const;

// The slug procedure has already checked the caller may see the named facility; without one, a
// manager sees their own facilities and an admin every facility, as the other facility listings do.
const scopedRates = managerOptionalFacilitySlugProcedure.use(({ ctx, next }) => {
  const facilityScope: FacilityScope = ctx.facilityId
    ? [ctx.facilityId]
    : ctx.user.role === 'admin'
      ? 'all'
      : ctx.user.facilityIds;
  return next({ ctx: { facilityScope } });
});

// Manager only. SOPs are shared by every facility, so alerts (counts only, no customer text) and
// rollbacks are too; reply counts shown per agent and per version are the caller's facilities'.
export const qualityRouter = router({
  agents: scopedRates
    .input(
      z.object({
        days: z.number().int().min(1).max(365).default(30),
        bucket: z.enum(['day', 'week']).default('day'),
      }),
    )
    .query(({ ctx, input }) =>
      ctx.services.quality.agentRates({ scope: ctx.facilityScope, days: input.days, bucket: input.bucket }),
    ),

  versions: managerFacilityScopedProcedure
    .input(z.object({ sopId: z.uuid() }))
    .query(({ ctx, input }) => ctx.services.quality.versionRates(input.sopId, ctx.facilityScope)),

  alerts: managerProcedure
    .input(z.object({ state: z.enum(alertStates).optional() }))
    .query(({ ctx, input }) => ctx.services.quality.alerts(input)),

  rollback: managerProcedure
    .input(z.object({ alertId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.services.quality.rollback(ctx.user, input.alertId, ctx.audit)),

  dismiss: managerProcedure
    .input(
      z.object({
        alertId: z.uuid(),
        reason: z.string().trim().min(1, 'Say why the alert is dismissed.').max(1_000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.services.quality.dismiss(ctx.user, input, ctx.audit);
      return { ok: true as const };
    }),
});
