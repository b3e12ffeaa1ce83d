import { lt } from 'drizzle-orm';
import { events, sessions } from '../db/schema/index.ts';
import type { Db } from '../db/types.ts';
import type { JobQueue } from './queue.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
// Long enough for any client to resume a subscription after a weekend offline.
const EVENT_RETENTION_DAYS = 14;
const EXPIRED_SESSION_RETENTION_DAYS = 7;

export const HOUSEKEEPING_QUEUE = 'housekeeping';

/** Hourly clean-up of rows that only matter for a while; audit rows are never touched. */
export function defineHousekeeping(jobs: JobQueue, db: Db, now: () => Date = () => new Date()) {
  jobs.define({
    name: HOUSEKEEPING_QUEUE,
    schedule: '17 * * * *',
    retryLimit: 3,
    handler: async () => {
      const at = now().getTime();
      await db
        .delete(sessions)
        .where(lt(sessions.expiresAt, new Date(at - EXPIRED_SESSION_RETENTION_DAYS * DAY_MS)));
      await db.delete(events).where(lt(events.createdAt, new Date(at - EVENT_RETENTION_DAYS * DAY_MS)));
    },
  });
}
