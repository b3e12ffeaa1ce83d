import { setupFileSchema } from '../facilities/setupFile.ts';
import { localAdminProcedure, router } from '../trpc/trpc.ts';
import { newUserSchema } from '../users/service.ts';

/** What `clubos` CLI commands do through a running server that holds the embedded database. */
export const localAdminRouter = router({
  applySetup: localAdminProcedure
    .input(setupFileSchema)
    .mutation(({ ctx, input }) => ctx.services.facilities.applySetup(input, ctx.audit)),
  addUser: localAdminProcedure
    .input(newUserSchema)
    .mutation(({ ctx, input }) => ctx.services.users.addUser(input, ctx.audit)),
  verifyAudit: localAdminProcedure.query(({ ctx }) => ctx.services.audit.verify()),
});
