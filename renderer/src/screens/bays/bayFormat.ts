/**
 * Times and durations as the board shows them. Clock times are in the facility's own time zone, so
 * "Offline since 14:02" reads the same as the clock on the desk's wall.
 */

type ClockFormats = { time: Intl.DateTimeFormat; seconds: Intl.DateTimeFormat; day: Intl.DateTimeFormat };

const clockFormats = new Map<string, ClockFormats>();

function clockFormatsFor(timeZone: string | undefined): ClockFormats {
  const key = timeZone ?? '';
  let formats = clockFormats.get(key);
  if (!formats) {
    try {
      formats = {
        // 24-hour, as the server's messages say it ("cooling down until 14:32").
        time: new Intl.DateTimeFormat(undefined, {
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZone,
        }),
        seconds: new Intl.DateTimeFormat(undefined, {
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
          timeZone,
        }),
        day: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone }),
      };
    } catch {
      // An unknown zone name must not blank the board: fall back to this computer's zone.
      formats = clockFormatsFor(undefined);
    }
    clockFormats.set(key, formats);
  }
  return formats;
}

/** "14:02" (or "14:02:31"), with the day in front when it was not today (in the facility's zone). */
export function formatClock(
  iso: string,
  timeZone: string | undefined,
  now: number,
  options: { seconds?: boolean } = {},
): string {
  const moment = new Date(iso);
  const formats = clockFormatsFor(timeZone);
  const time = (options.seconds ? formats.seconds : formats.time).format(moment);
  const sameDay = formats.day.format(moment) === formats.day.format(new Date(now));
  return sameDay ? time : `${formats.day.format(moment)}, ${time}`;
}

/**
 * A span of time for people: "45 s", "4 min 12 s", "1 h 5 min". Rounded up to the second, so a
 * cooldown never reads "0 s" while it still refuses.
 */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${seconds} s`;
}

/** Milliseconds from `now` until `iso`; 0 when it has passed. */
export function msUntil(iso: string, now: number): number {
  return Math.max(0, new Date(iso).getTime() - now);
}

/** Milliseconds from `iso` until `now`; 0 when it is in the future (clock skew). */
export function msSince(iso: string, now: number): number {
  return Math.max(0, now - new Date(iso).getTime());
}
