import type { JobQueue } from '../../jobs/queue.ts';
import type { IntelligenceService } from '../service.ts';

export const REPLY_QUEUE = 'ai.reply';

/** Answer the thread's current burst, if `messageId` is still its newest customer text when this runs. */
export type ReplyJob = { threadId: string; messageId: string };

export function defineIntelligenceJobs(jobs: JobQueue, intelligence: IntelligenceService): void {
  jobs.define<ReplyJob>({
    name: REPLY_QUEUE,
    retryLimit: 4,
    retryDelaySeconds: 2,
    concurrency: 8,
    // A customer is waiting; the debounce already spaces bursts out.
    pollingIntervalSeconds: 0.5,
    handler: async (data) => {
      await intelligence.runReply(data);
    },
  });
}
