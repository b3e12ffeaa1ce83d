import type { ThreadStatus } from '../../shared/sms.ts';
import { DomainError } from '../errors.ts';

/** A customer who texts again is waiting on us, whatever the thread was: it (re)opens. */
export function statusAfterInbound(status: ThreadStatus): ThreadStatus {
  switch (status) {
    case 'open':
    case 'pending':
    case 'resolved':
    case 'snoozed':
      return 'open';
    default: {
      const unreachable: never = status;
      throw new Error(`unknown thread status ${String(unreachable)}`);
    }
  }
}

/** The columns a staff status change sets; snoozing needs a time in the future. */
export function statusChange(
  to: ThreadStatus,
  snoozedUntil: Date | undefined,
  now: Date,
): { status: ThreadStatus; snoozedUntil: Date | null; clearsNeedsHuman: boolean } {
  switch (to) {
    case 'snoozed':
      if (!snoozedUntil || snoozedUntil <= now) {
        throw new DomainError(
          'invalid_input',
          'Snoozing a thread needs a time in the future (snoozedUntil).',
        );
      }
      return { status: to, snoozedUntil, clearsNeedsHuman: false };
    case 'resolved':
      // Resolved means nobody is waiting any more.
      return { status: to, snoozedUntil: null, clearsNeedsHuman: true };
    case 'open':
    case 'pending':
      return { status: to, snoozedUntil: null, clearsNeedsHuman: false };
    default: {
      const unreachable: never = to;
      throw new Error(`unknown thread status ${String(unreachable)}`);
    }
  }
}
