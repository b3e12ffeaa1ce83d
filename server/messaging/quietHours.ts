// Business-initiated texts (auto-texts, follow-ups; not replies) go out only between 08:00 and 21:00
// in the facility's time zone, which stands in for the customer's: we do not know where they are.
// A text outside the window is deferred to the next morning, never dropped.

/** Minutes after local midnight: sends allowed from `start` (inclusive) until `end` (exclusive). */
export type SendWindow = { start: number; end: number };

export const DEFAULT_SEND_WINDOW: SendWindow = { start: 8 * 60, end: 21 * 60 };

type LocalTime = { year: number; month: number; day: number; minutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localTime(at: Date, timeZone: string): LocalTime & { seconds: number } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0),
    seconds: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at `at`, in ms (negative west of Greenwich). */
function offsetMs(at: Date, timeZone: string): number {
  const local = localTime(at, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes, local.seconds);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the wall clock in `timeZone` shows the given local date and minute. */
function instantOf(local: LocalTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes);
  // Twice: the first guess can sit on the other side of a daylight-saving change.
  let guess = wall - offsetMs(new Date(wall), timeZone);
  guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

export function isWithinWindow(at: Date, timeZone: string, window = DEFAULT_SEND_WINDOW): boolean {
  const { minutes } = localTime(at, timeZone);
  return minutes >= window.start && minutes < window.end;
}

/** `now` when a business-initiated text may go now; otherwise when the next window opens. */
export function nextSendTime(now: Date, timeZone: string, window = DEFAULT_SEND_WINDOW): Date {
  const local = localTime(now, timeZone);
  if (local.minutes >= window.start && local.minutes < window.end) return now;
  // Before the window: today's opening. After it: tomorrow's (Date.UTC rolls the day over the month).
  const dayOffset = local.minutes >= window.end ? 1 : 0;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + dayOffset));
  return instantOf(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      minutes: window.start,
    },
    timeZone,
  );
}
