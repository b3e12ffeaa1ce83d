import type { BayActionKind } from '../../shared/bays.ts';

// Staff read these on a busy front desk: short, plain, and in the facility's own time zone.

const DAY_MS = 24 * 60 * 60 * 1000;

/** "14:02", or "3 Mar 14:02" when it was not within the last day. */
export function clockTime(at: Date, timeZone: string, now: Date): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  if (now.getTime() - at.getTime() < DAY_MS) return time;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(at);
  return `${day} ${time}`;
}

/** Elapsed time, coarse: "45 s", "2 min", "1 h 5 min". */
export function elapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Time still to wait, to the second and rounded up so it never says "0 s" while refusing: "3 min 0 s". */
export function remaining(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A configured length of time: "10 min", "30 s", "1.5 h". */
export function span(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

const phrases: Record<
  BayActionKind,
  { noun: string; done: (bay: string) => string; again: string; slow: (bay: string) => string }
> = {
  'restart-sim': {
    noun: 'simulator restart',
    done: (bay) => `${bay}'s simulator was restarted`,
    again: 'restart it again',
    slow: (bay) => `${bay}'s simulator restart did not finish`,
  },
  'reboot-pc': {
    noun: 'reboot',
    done: (bay) => `${bay}'s PC was rebooted`,
    again: 'reboot it again',
    slow: (bay) => `${bay} did not come back online`,
  },
};

export const actionNoun = (kind: BayActionKind) => phrases[kind].noun;

export function cooldownMessage(bay: string, kind: BayActionKind, sinceMs: number, waitMs: number) {
  return `${phrases[kind].done(bay)} ${elapsed(sinceMs)} ago. You can ${phrases[kind].again} in ${remaining(waitMs)}.`;
}

export function inProgressMessage(bay: string, kind: BayActionKind) {
  return `${bay} already has a ${phrases[kind].noun} in progress.`;
}

export function timedOutMessage(bay: string, kind: BayActionKind, timeoutMs: number) {
  return `${phrases[kind].slow(bay)} within ${span(timeoutMs)}.`;
}
