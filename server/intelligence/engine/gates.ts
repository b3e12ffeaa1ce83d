import type { ContactRow, FacilityRow, ThreadRow } from '../../db/schema/index.ts';
import type { Executor } from '../../db/types.ts';
import type { IntelligenceContext } from './context.ts';
import { controlsFor, repliesSince } from './repository.ts';

export type Gate = { state: 'skipped' | 'handed_off'; reason: string };

/**
 * Why the AI must not answer this thread now, or null. Skips leave the thread as it is (a person is
 * already on it, or nothing may be sent); hand-offs put it in front of a person.
 */
export async function gateFor(
  ctx: IntelligenceContext,
  db: Executor,
  where: { thread: ThreadRow; contact: ContactRow; facility: FacilityRow },
): Promise<Gate | null> {
  const now = ctx.now();
  const { thread, contact, facility } = where;
  if (contact.optedOutAt) {
    return { state: 'skipped', reason: 'The customer opted out of texts; the AI never replies to them.' };
  }
  if (thread.aiPausedUntil && thread.aiPausedUntil > now) {
    return {
      state: 'skipped',
      reason: `The AI is paused on this thread until ${thread.aiPausedUntil.toISOString()} (a staff member took over).`,
    };
  }
  const controls = await controlsFor(db, facility.id);
  if (controls.global?.killSwitch) {
    return { state: 'handed_off', reason: 'The AI is switched off everywhere (global kill switch).' };
  }
  if (controls.facility?.killSwitch) {
    return { state: 'handed_off', reason: `The AI is switched off at ${facility.name} (kill switch).` };
  }
  const recent = await repliesSince(db, thread.id, new Date(now.getTime() - 3_600_000));
  if (recent >= ctx.settings.repliesPerHour) {
    return {
      state: 'handed_off',
      reason: `The AI already answered this customer ${recent} times in the last hour (limit ${ctx.settings.repliesPerHour}).`,
    };
  }
  return null;
}

/** True when an AI-initiated text may not leave now: a kill switch went on after it was queued. */
export async function sendingStopped(db: Executor, facilityId: string): Promise<string | null> {
  const controls = await controlsFor(db, facilityId);
  if (controls.global?.killSwitch)
    return 'Not sent: the AI was switched off everywhere before this went out.';
  if (controls.facility?.killSwitch) return 'Not sent: the AI was switched off here before this went out.';
  return null;
}
