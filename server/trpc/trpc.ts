import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { hasRole, type Role } from '../../shared/roles.ts';
import type { StaffUser } from '../../shared/user.ts';
import type { AuditContext } from '../audit/types.ts';
import { DomainError } from '../errors.ts';
import type { FacilityScope } from '../facilities/scope.ts';
import { isLocalAdminKey, isLoopback } from '../localAdmin/key.ts';
import type { Context } from './context.ts';
import { toTrpcError } from './errorMapping.ts';

// No transformer on purpose: responses are plain JSON (dates as ISO strings) so curl works.
const t = initTRPC.context<Context>().create({
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 20_000 },
  },
  errorFormatter({ shape, error, ctx }) {
    const zodIssues = error.cause instanceof z.ZodError ? error.cause.issues : undefined;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      // Internal details stay in the server log; the client gets the request id to quote.
      message: internal
        ? `Internal server error (request ${ctx?.meta.requestId ?? 'unknown'})`
        : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.meta.requestId,
        issues: zodIssues?.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        // Facts a client can act on, such as when a bay's cooldown ends (`availableAt`).
        details: error.cause instanceof DomainError ? error.cause.details : undefined,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error);
    if (mapped) throw mapped;
  }
  return result;
});

/** True when any string inside the value contains a NUL, which PostgreSQL cannot store in text or jsonb. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(
    ([key, entry]) => key.includes('\u0000') || containsNul(entry, depth + 1),
  );
}

// Refused once here rather than failing deep inside a write (and its audit row) with a driver error.
const refuseNulCharacters = t.middleware(async ({ getRawInput, next }) => {
  if (containsNul(await getRawInput())) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Text must not contain NUL characters' });
  }
  return next();
});

export const publicProcedure = t.procedure.use(mapDomainErrors).use(refuseNulCharacters);

export type StaffContext = { user: StaffUser; sessionId: string; audit: AuditContext };

export const staffProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = ctx.bearerToken ? await ctx.services.auth.authenticate(ctx.bearerToken) : null;
  if (!session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  const audit: AuditContext = {
    actor: { type: 'user', id: session.user.id, label: session.user.email },
    requestId: ctx.meta.requestId,
    ip: ctx.meta.ip,
    device: ctx.meta.device,
  };
  return next({ ctx: { user: session.user, sessionId: session.sessionId, audit } });
});

/** For CLI commands sent through the running server; see server/localAdmin/key.ts. */
export const localAdminProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!isLoopback(ctx.meta.ip) || !isLocalAdminKey(ctx.services.localAdminKey, ctx.bearerToken)) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  }
  const audit: AuditContext = {
    actor: { type: 'system', label: 'cli' },
    requestId: ctx.meta.requestId,
    ip: ctx.meta.ip,
    device: ctx.meta.device,
  };
  return next({ ctx: { audit } });
});

const requireRole = (role: Role) =>
  staffProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.user.role, role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${role} role` });
    }
    return next();
  });

export const managerProcedure = requireRole('manager');
export const adminProcedure = requireRole('admin');

/** Facilities a user may see. Admins run the whole installation, so they see every facility. */
export function canAccessFacility(user: StaffUser, facilityId: string): boolean {
  return user.role === 'admin' || user.facilityIds.includes(facilityId);
}

/**
 * The single facility-scoping rule for a procedure about one facility. Another facility's id is
 * answered exactly like a missing one, so ids cannot be probed.
 */
const scopedToOneFacility = (base: typeof staffProcedure) =>
  base.input(z.object({ facilityId: z.uuid() })).use(({ ctx, input, next }) => {
    if (!canAccessFacility(ctx.user, input.facilityId)) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'Facility not found' });
    }
    return next({ ctx: { facilityId: input.facilityId } });
  });

/**
 * The same rule for listings with an optional facility filter: `ctx.facilityScope` is the set of
 * facility ids the query may touch, or 'all' for an admin with no filter.
 */
const scopedToFacilities = (base: typeof staffProcedure) =>
  base.input(z.object({ facilityId: z.uuid().optional() })).use(({ ctx, input, next }) => {
    if (input.facilityId && !canAccessFacility(ctx.user, input.facilityId)) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'Facility not found' });
    }
    const facilityScope: FacilityScope = input.facilityId
      ? [input.facilityId]
      : ctx.user.role === 'admin'
        ? 'all'
        : ctx.user.facilityIds;
    return next({ ctx: { facilityScope } });
  });

const facilitySlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/, { error: 'expected a facility slug like "bedford"' });

/** A facility named by slug, checked by the same rule: another facility's slug reads as missing. */
async function facilityOfSlug(ctx: { services: Context['services']; user: StaffUser }, slug: string) {
  const facilityId = await ctx.services.facilities.idOfSlug(slug);
  if (!facilityId || !canAccessFacility(ctx.user, facilityId)) {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'Facility not found' });
  }
  return facilityId;
}

/** The same rule for procedures that name a facility by slug (the AI controls). */
const scopedToFacilitySlug = (base: typeof staffProcedure) =>
  base
    .input(z.object({ facilitySlug }))
    .use(async ({ ctx, input, next }) =>
      next({ ctx: { facilityId: await facilityOfSlug(ctx, input.facilitySlug) } }),
    );

/** A slug or none: `facilityId` null means everywhere (the global kill switch). */
const scopedToOptionalFacilitySlug = (base: typeof staffProcedure) =>
  base.input(z.object({ facilitySlug: facilitySlug.optional() })).use(async ({ ctx, input, next }) => {
    const facilityId: string | null =
      input.facilitySlug === undefined ? null : await facilityOfSlug(ctx, input.facilitySlug);
    return next({ ctx: { facilityId } });
  });

export const managerFacilitySlugProcedure = scopedToFacilitySlug(managerProcedure);
export const managerOptionalFacilitySlugProcedure = scopedToOptionalFacilitySlug(managerProcedure);

export const facilityProcedure = scopedToOneFacility(staffProcedure);
export const managerFacilityProcedure = scopedToOneFacility(managerProcedure);
export const facilityScopedProcedure = scopedToFacilities(staffProcedure);
export const managerFacilityScopedProcedure = scopedToFacilities(managerProcedure);

/**
 * The facility rule for a procedure about one bay: the bay's facility must be one of the caller's.
 * Unlike a facility id, a bay of another facility is answered FORBIDDEN, not NOT_FOUND (issue 4
 * asks for a 403); bay ids are random UUIDs, so this reveals only that such a bay exists.
 */
export const bayProcedure = staffProcedure
  .input(z.object({ bayId: z.uuid() }))
  .use(async ({ ctx, input, next }) => {
    const facilityId = await ctx.services.bays.facilityOf(input.bayId);
    if (!facilityId) throw new TRPCError({ code: 'NOT_FOUND', message: 'Bay not found' });
    if (!canAccessFacility(ctx.user, facilityId)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'This bay belongs to a facility you do not work at',
      });
    }
    return next({ ctx: { bayId: input.bayId, facilityId } });
  });

/**
 * The facility rule for a procedure about one SMS thread (or one message in it). Unlike a bay, another
 * facility's thread is answered exactly like a missing one: threads are customers' conversations, and
 * not even their existence is shown outside the facility.
 */
export const threadProcedure = staffProcedure
  .input(z.object({ threadId: z.uuid() }))
  .use(async ({ ctx, input, next }) => {
    const facilityId = await ctx.services.messaging.facilityOfThread(input.threadId);
    if (!facilityId || !canAccessFacility(ctx.user, facilityId)) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'Thread not found' });
    }
    return next({ ctx: { threadId: input.threadId, facilityId } });
  });

/** An AI answer belongs to a thread; the thread's rule applies. */
export const aiRunProcedure = staffProcedure
  .input(z.object({ runId: z.uuid() }))
  .use(async ({ ctx, input, next }) => {
    const facilityId = await ctx.services.intelligence.facilityOfRun(input.runId);
    if (!facilityId || !canAccessFacility(ctx.user, facilityId)) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'AI answer not found' });
    }
    return next({ ctx: { runId: input.runId, facilityId } });
  });

export const threadMessageProcedure = staffProcedure
  .input(z.object({ messageId: z.uuid() }))
  .use(async ({ ctx, input, next }) => {
    const facilityId = await ctx.services.messaging.facilityOfMessage(input.messageId);
    if (!facilityId || !canAccessFacility(ctx.user, facilityId)) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'Message not found' });
    }
    return next({ ctx: { messageId: input.messageId, facilityId } });
  });
