import { z } from 'zod';
import { adminProcedure, managerFacilityScopedProcedure, router } from '../trpc/trpc.ts';
import type { AuditRecord } from './repository.ts';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from './service.ts';

// facilityId comes from managerFacilityScopedProcedure, which turns it into ctx.facilityScope.
const listInput = z.object({
  actorType: z.enum(['user', 'ai', 'system']).optional(),
  actorId: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
});

/** Plain JSON for the wire: no transformer, so the timestamp travels as an ISO string. */
function toAuditItem(record: AuditRecord) {
  return { ...record, occurredAt: record.occurredAt.toISOString() };
}

export const auditRouter = router({
  list: managerFacilityScopedProcedure.input(listInput).query(async ({ ctx, input }) => {
    const page = await ctx.services.audit.list(
      {
        facilityId: input.facilityId,
        actorType: input.actorType,
        actorId: input.actorId,
        action: input.action,
        from: input.from === undefined ? undefined : new Date(input.from),
        to: input.to === undefined ? undefined : new Date(input.to),
        cursor: input.cursor,
        limit: input.limit,
      },
      ctx.facilityScope,
      ctx.user.id,
    );
    return { items: page.items.map(toAuditItem), nextCursor: page.nextCursor };
  }),
  verify: adminProcedure.query(({ ctx }) => ctx.services.audit.verify()),
});
