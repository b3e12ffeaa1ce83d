import type { JobQueue } from '../jobs/queue.ts';
import type { BayService } from './service.ts';

export const DISPATCH_QUEUE = 'bays.dispatch';
export const TRACK_QUEUE = 'bays.track';
export const POLL_QUEUE = 'bays.poll';

export type DispatchJob = { actionId: string; requestId: string | null };
export type TrackJob = { actionId: string; requestId: string | null };

// Each handler is a thin shell around a BayService method that tests call directly. NinjaOne
// failures are retried by the handlers themselves (a new job with `startAfter`), so pg-boss's own
// retries are left for database trouble.
export function defineBayJobs(jobs: JobQueue, bays: BayService, pollSeconds: number): void {
  jobs.define<DispatchJob>({
    name: DISPATCH_QUEUE,
    retryLimit: 5,
    retryDelaySeconds: 2,
    concurrency: 4,
    // A person is waiting for this one.
    pollingIntervalSeconds: 0.5,
    handler: async (data) => {
      const outcome = await bays.runDispatch(data.actionId, data.requestId);
      if (outcome.kind === 'busy') {
        await jobs.send(DISPATCH_QUEUE, data, { startAfter: new Date(Date.now() + outcome.retryInMs) });
      }
    },
  });
  jobs.define<TrackJob>({
    name: TRACK_QUEUE,
    retryLimit: 5,
    retryDelaySeconds: 2,
    concurrency: 4,
    pollingIntervalSeconds: 1,
    handler: async (data) => {
      await bays.runTrack(data.actionId, data.requestId);
    },
  });
  jobs.define({
    name: POLL_QUEUE,
    // The next poll is already queued; retrying this one would only crowd it.
    retryLimit: 0,
    handler: async () => {
      await schedulePoll(jobs, pollSeconds);
      await bays.runPoll();
    },
  });
}

/**
 * Queues the next status poll for the next `pollSeconds` slot. pg-boss cron only goes down to a
 * minute, so each poll queues its successor; the slot (singletonSeconds) makes the queue hold at
 * most one poll per slot, however many instances start or poll at once.
 */
export async function schedulePoll(jobs: JobQueue, pollSeconds: number): Promise<void> {
  await jobs.send(
    POLL_QUEUE,
    {},
    {
      singletonKey: 'poll',
      singletonSeconds: pollSeconds,
      singletonNextSlot: true,
      deleteAfterSeconds: 3_600,
    },
  );
}
