import { z } from 'zod';
import { DomainError, notFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { facilityProcedure, localAdminProcedure, router, staffProcedure } from '../trpc/trpc.ts';

// The demo's customer simulator: a text typed here goes through the fake OpenPhone, which posts it
// back to this server as a signed webhook, exactly as OpenPhone would. Only in demo mode.

const e164 = z
  .string()
  .regex(/^\+[1-9]\d{7,14}$/, { error: 'expected an E.164 phone number (like "+19025551234")' });
const textInput = { from: e164, body: z.string().min(1).max(1600) };

async function simulateText(
  services: Services,
  facility: { phoneNumber: string | null },
  input: { from: string; body: string },
) {
  const simulator = services.simulator;
  if (!simulator) {
    throw new DomainError(
      'precondition_failed',
      'The customer simulator only runs in demo mode (no OPENPHONE_API_KEY).',
    );
  }
  if (!facility.phoneNumber)
    throw new DomainError('precondition_failed', 'This facility has no phone number.');
  if (input.from === facility.phoneNumber)
    throw new DomainError('invalid_input', "A customer can't text from the facility's own number.");
  await simulator.textIn({ from: input.from, to: facility.phoneNumber, body: input.body });
  return { ok: true as const };
}

export const simRouter = router({
  /** Whether this server runs the demo simulator (the inbox shows its panel only then). */
  available: staffProcedure.query(({ ctx }) => ctx.services.simulator !== undefined),

  /** The demo panel: a customer texts one of the caller's facilities. */
  textIn: facilityProcedure
    .input(z.object(textInput))
    .mutation(async ({ ctx, input }) =>
      simulateText(ctx.services, await ctx.services.facilities.get(ctx.facilityId), input),
    ),

  /** `clubos sim text`, through the server that runs the demo. */
  cliText: localAdminProcedure
    .input(z.object({ facilitySlug: z.string().min(1).max(64), ...textInput }))
    .mutation(async ({ ctx, input }) => {
      const facility = (await ctx.services.facilities.list('all')).find(
        (row) => row.slug === input.facilitySlug,
      );
      if (!facility) throw notFound(`Facility "${input.facilitySlug}"`);
      return simulateText(ctx.services, facility, input);
    }),
});
