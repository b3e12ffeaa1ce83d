import { facilityProcedure, facilityScopedProcedure, router } from '../trpc/trpc.ts';

export const facilitiesRouter = router({
  /** The caller's facilities (an admin's: all of them), with bay counts. */
  list: facilityScopedProcedure.query(({ ctx }) => ctx.services.facilities.list(ctx.facilityScope)),

  get: facilityProcedure.query(async ({ ctx }) => {
    const facility = await ctx.services.facilities.get(ctx.facilityId);
    return {
      id: facility.id,
      slug: facility.slug,
      name: facility.name,
      timezone: facility.timezone,
      phoneNumber: facility.phoneNumber,
      openphoneNumberId: facility.openphoneNumberId,
      createdAt: facility.createdAt.toISOString(),
      updatedAt: facility.updatedAt.toISOString(),
      bays: facility.bays.map((bay) => ({
        id: bay.id,
        number: bay.number,
        name: bay.name,
        ninjaDeviceId: bay.ninjaDeviceId,
      })),
    };
  }),
});
