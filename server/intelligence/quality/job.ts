import type { JobQueue } from '../../jobs/queue.ts';

// The quality watch runs every 15 minutes through pg-boss: one worker at a time, and a crash is
// retried. It only reads counts and inserts alerts, so a missed run is caught up by the next.

export const QUALITY_WATCH_QUEUE = 'sops.quality_watch';

export function defineQualityWatchJob(
  jobs: JobQueue,
  run: () => Promise<unknown>,
  cron = '*/15 * * * *',
): void {
  jobs.define<Record<string, never>>({
    name: QUALITY_WATCH_QUEUE,
    schedule: cron,
    retryLimit: 2,
    handler: async () => {
      await run();
    },
  });
}
