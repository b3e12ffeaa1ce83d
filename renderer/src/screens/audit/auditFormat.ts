import type { ActorType } from './auditFilters.ts';

const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string | undefined): {
  date: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
} {
  const key = timeZone ?? '';
  let pair = formatters.get(key);
  if (!pair) {
    try {
      pair = {
        date: new Intl.DateTimeFormat(undefined, {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          timeZone,
        }),
        time: new Intl.DateTimeFormat(undefined, {
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          timeZoneName: 'short',
          timeZone,
        }),
      };
    } catch {
      // An unknown zone name must not blank the audit log: fall back to this computer's zone.
      pair = formattersFor(undefined);
    }
    formatters.set(key, pair);
  }
  return pair;
}

/**
 * A moment in the facility's own time zone (so it reads as it did at the desk), else this
 * computer's: the date, and the time with its zone.
 */
export function formatWhen(iso: string, timeZone?: string): { date: string; time: string } {
  const moment = new Date(iso);
  const { date, time } = formattersFor(timeZone);
  return { date: date.format(moment), time: time.format(moment) };
}

export function actorTypeLabel(type: ActorType): string {
  switch (type) {
    case 'user':
      return 'Staff';
    case 'ai':
      return 'AI';
    case 'system':
      return 'System';
    default: {
      const unexpected: never = type;
      return unexpected;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID's first block, enough to tell rows apart; the full id is in the row's details. */
export function shortId(id: string): string {
  return UUID.test(id) ? `${id.slice(0, 8)}…` : id;
}
