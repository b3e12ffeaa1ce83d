import { instantOf, localTime } from '../time/zonedTime.ts';

// Business-initiated texts (auto-texts, follow-ups; not replies) go out only between 08:00 and 21:00
// in the facility's time zone, which stands in for the customer's: we do not know where they are.
// A text outside the window is deferred to the next morning, never dropped.

/** Minutes after local midnight: sends allowed from `start` (inclusive) until `end` (exclusive). */
export type SendWindow = { start: number; end: number };

export const DEFAULT_SEND_WINDOW: SendWindow = { start: 8 * 60, end: 21 * 60 };

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
