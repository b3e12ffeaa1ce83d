import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../../../../server/trpc/appRouter.ts';

export type AuditListInput = inferRouterInputs<AppRouter>['audit']['list'];

export const actorTypes = ['user', 'ai', 'system'] as const;
export type ActorType = (typeof actorTypes)[number];

/** The filter form as typed: every value a string, '' meaning "any". */
export type AuditFilterValues = {
  facilityId: string;
  actorType: '' | ActorType;
  action: string;
  /** `datetime-local` values, in this computer's time zone. */
  from: string;
  to: string;
};

export const emptyAuditFilters: AuditFilterValues = {
  facilityId: '',
  actorType: '',
  action: '',
  from: '',
  to: '',
};

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilterErrors = Partial<Record<keyof AuditFilterValues, string>>;

function localToIso(value: string): string | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The form's values as `audit.list` input, or what is wrong with them, by field. */
export function toAuditInput(
  values: AuditFilterValues,
): { ok: true; input: AuditListInput } | { ok: false; errors: AuditFilterErrors } {
  const errors: AuditFilterErrors = {};
  const action = values.action.trim();
  if (action.length > 100) errors.action = 'An action is at most 100 characters.';
  const from = values.from ? localToIso(values.from) : null;
  const to = values.to ? localToIso(values.to) : null;
  if (values.from && !from) errors.from = 'Enter a valid date and time.';
  if (values.to && !to) errors.to = 'Enter a valid date and time.';
  if (from && to && from >= to) errors.to = 'Must be later than “From”.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      limit: AUDIT_PAGE_SIZE,
      ...(values.facilityId && { facilityId: values.facilityId }),
      ...(values.actorType && { actorType: values.actorType }),
      ...(action && { action }),
      ...(from && { from }),
      ...(to && { to }),
    },
  };
}
