import { z } from 'zod';
import { publicProcedure, router, staffProcedure } from '../trpc/trpc.ts';

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ email: z.email(), password: z.string().min(1).max(1024) }))
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt, user } = await ctx.services.auth.login(input, ctx.meta);
      return { token, expiresAt: expiresAt.toISOString(), user };
    }),

  me: staffProcedure.query(({ ctx }) => ctx.user),

  logout: staffProcedure.mutation(async ({ ctx }) => {
    await ctx.services.auth.logout(ctx.sessionId, ctx.audit);
    return { ok: true as const };
  }),
});
