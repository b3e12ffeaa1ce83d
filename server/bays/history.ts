import { type BayActionKind, bayActionKindSchema, bayActionLabels } from '../../shared/bays.ts';
import type { AuditRecord } from '../audit/repository.ts';
import { actionNoun } from './wording.ts';

/** One line of a bay's history, from its audit row. */
export type BayHistoryEntry = {
  /** The audit row id; also the paging cursor. */
  id: number;
  occurredAt: string;
  /** The audit action, e.g. 'bay.reset.requested', 'ninjaone.reboot.called', 'bay.reset.succeeded'. */
  action: string;
  /** Who wrote the row: the staff member for a request, the bay jobs for NinjaOne calls and outcomes. */
  actor: { type: AuditRecord['actorType']; id: string | null; label: string | null };
  /** The staff member the step was done for (the one who pressed the button). */
  requestedBy: { id: string; name: string | null } | null;
  actionId: string | null;
  kind: BayActionKind | null;
  /** A sentence for staff. */
  summary: string;
};

type Details = {
  actionId?: unknown;
  kind?: unknown;
  attempt?: unknown;
  outcome?: unknown;
  message?: unknown;
  error?: { message?: unknown };
  requestedBy?: unknown;
};

export function historyEntry(record: AuditRecord): BayHistoryEntry {
  const after = (record.after ?? {}) as Details;
  const kind = bayActionKindSchema.safeParse(after.kind).data ?? null;
  return {
    id: record.id,
    occurredAt: record.occurredAt.toISOString(),
    action: record.action,
    actor: { type: record.actorType, id: record.actorId, label: record.actorLabel },
    requestedBy: requester(after),
    actionId: typeof after.actionId === 'string' ? after.actionId : null,
    kind,
    summary: summary(record, after, kind),
  };
}

function requester(after: Details): BayHistoryEntry['requestedBy'] {
  const by = after.requestedBy as { id?: unknown; name?: unknown } | null | undefined;
  if (by && typeof by.id === 'string')
    return { id: by.id, name: typeof by.name === 'string' ? by.name : null };
  return null;
}

function summary(record: AuditRecord, after: Details, kind: BayActionKind | null): string {
  const label = kind ? bayActionLabels[kind] : 'Action';
  const noun = kind ? actionNoun(kind) : 'action';
  const message = typeof after.message === 'string' ? after.message : null;
  switch (record.action) {
    case 'bay.reset.requested':
      return `${requester(after)?.name ?? record.actorLabel ?? 'Someone'} asked for: ${label}.`;
    case 'ninjaone.reboot.called':
    case 'ninjaone.script.called': {
      const attempt = typeof after.attempt === 'number' ? ` (attempt ${after.attempt})` : '';
      if (after.outcome === 'accepted') return `NinjaOne took the ${noun}${attempt}.`;
      if (after.outcome === 'reconciled') {
        return `NinjaOne already had the ${noun} from an earlier attempt${attempt}; not sent again.`;
      }
      const error = typeof after.error?.message === 'string' ? `: ${after.error.message}` : '.';
      return `NinjaOne call failed${attempt}${error}`;
    }
    case 'bay.reset.succeeded':
      return `${label} succeeded${message ? `: ${message}` : '.'}`;
    case 'bay.reset.failed':
      return `${label} failed${message ? `: ${message}` : '.'}`;
    case 'bay.reset.timedOut':
      return `${label} timed out${message ? `: ${message}` : '.'}`;
    case 'bay.created':
      return 'Bay added by setup.';
    case 'bay.updated':
      return 'Bay details changed by setup.';
    default:
      return record.action;
  }
}
