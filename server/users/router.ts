import { z } from 'zod';
import { adminProcedure, managerFacilityScopedProcedure, router } from '../trpc/trpc.ts';

export const usersRouter = router({
  /** Staff who share a facility with the caller's scope; admins see everyone. */
  list: managerFacilityScopedProcedure.query(async ({ ctx }) => {
    const users = await ctx.services.users.list(ctx.facilityScope);
    return users.map((user) => ({
      ...user,
      lockedUntil: user.lockedUntil?.toISOString() ?? null,
      disabledAt: user.disabledAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    }));
  }),

  unlock: adminProcedure.input(z.object({ userId: z.uuid() })).mutation(async ({ ctx, input }) => {
    await ctx.services.users.unlock(input.userId, ctx.audit);
    return { ok: true as const };
  }),
});
