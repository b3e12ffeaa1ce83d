import { describe, expect, it } from 'vitest';
import { activityResult, statusChangesFor } from './deviceStatus.ts';
import { clockTime, cooldownMessage, elapsed, remaining, span, timedOutMessage } from './wording.ts';

describe('bay wording', () => {
  it('says how long is left to the second, never "0 s" while refusing', () => {
    expect(remaining(180_000)).toBe('3 min 0 s');
    expect(remaining(179_001)).toBe('3 min 0 s');
    expect(remaining(59_500)).toBe('1 min 0 s');
    expect(remaining(1)).toBe('1 s');
    expect(elapsed(125_000)).toBe('2 min');
    expect(elapsed(3_900_000)).toBe('1 h 5 min');
    expect(span(600_000)).toBe('10 min');
    expect(span(3_000)).toBe('3 s');
  });

  it('writes the cooldown and timeout sentences staff see', () => {
    expect(cooldownMessage('Bay 3', 'restart-sim', 120_000, 180_000)).toBe(
      "Bay 3's simulator was restarted 2 min ago. You can restart it again in 3 min 0 s.",
    );
    expect(cooldownMessage('Bay 3', 'reboot-pc', 30_000, 570_000)).toBe(
      "Bay 3's PC was rebooted 30 s ago. You can reboot it again in 9 min 30 s.",
    );
    expect(timedOutMessage('Bay 3', 'reboot-pc', 600_000)).toBe(
      'Bay 3 did not come back online within 10 min.',
    );
  });

  it('shows times in the facility time zone, with the day once it is not today', () => {
    const at = new Date('2026-03-03T18:02:00Z');
    expect(clockTime(at, 'America/Halifax', new Date('2026-03-03T19:00:00Z'))).toBe('14:02');
    expect(clockTime(at, 'America/Halifax', new Date('2026-03-05T19:00:00Z'))).toBe('3 Mar 14:02');
  });
});

describe('reading NinjaOne', () => {
  const now = new Date('2026-03-03T18:00:00Z');

  it('writes status only when the online flag flips', () => {
    const online = { id: 1, offline: false, lastContact: now.getTime() / 1000 };
    const stored = {
      bayId: 'b',
      online: true,
      lastSeenAt: now,
      offlineSince: null,
      lastOfflineAt: null,
      attentionSince: null,
      updatedAt: now,
    };
    expect(statusChangesFor(stored, online, now)).toEqual({});
    expect(statusChangesFor(stored, { ...online, offline: true }, now)).toEqual({
      online: false,
      offlineSince: now,
      lastOfflineAt: now,
      lastSeenAt: now,
    });
    expect(statusChangesFor(undefined, online, now)).toMatchObject({ online: true, offlineSince: null });
  });

  it("takes an action's outcome from the newest matching activity since it started", () => {
    const t = now.getTime() / 1000;
    const activities = [
      { activityTime: t + 5, activityType: 'SCRIPTING', status: 'FAILED', message: 'TrackMan hung' },
      { activityTime: t + 1, activityType: 'SCRIPTING', status: 'START_REQUESTED', message: 'requested' },
      { activityTime: t - 600, activityType: 'SCRIPTING', status: 'COMPLETED', message: 'an older run' },
    ];
    expect(activityResult(activities, 'restart-sim', now)).toEqual({
      state: 'failed',
      message: 'TrackMan hung',
    });
    expect(activityResult(activities.slice(1), 'restart-sim', now)).toBeUndefined();
    expect(activityResult(activities, 'reboot-pc', now)).toBeUndefined();
    const reboot = [
      { activityTime: t + 9, activityType: 'ACTION', sourceName: 'Reboot', status: 'COMPLETED' },
    ];
    expect(activityResult(reboot, 'reboot-pc', now)).toEqual({ state: 'succeeded', message: null });
  });
});
