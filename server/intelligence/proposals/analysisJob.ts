import type { JobQueue } from '../../jobs/queue.ts';

// The SOP analysis runs hourly through pg-boss, and a manager can start one from the app; both go
// through the same queue, so two never run at once on one worker and a crash retries the run.

export const ANALYSIS_QUEUE = 'sops.analysis';

export type AnalysisJobData = { facilityId?: string };

export function defineAnalysisJob(
  jobs: JobQueue,
  run: (data: AnalysisJobData) => Promise<unknown>,
  cron = '0 * * * *',
): void {
  jobs.define<AnalysisJobData>({
    name: ANALYSIS_QUEUE,
    schedule: cron,
    // A failed Claude call leaves its feedback for the next run; retrying sooner would spend budget.
    retryLimit: 1,
    handler: async (data) => {
      await run(data ?? {});
    },
  });
}

/** A manager's "analyse now": one job on the same queue. */
export async function requestAnalysis(jobs: JobQueue, data: AnalysisJobData = {}) {
  return jobs.send<AnalysisJobData>(ANALYSIS_QUEUE, data);
}
