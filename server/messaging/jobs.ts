import type { JobQueue } from '../jobs/queue.ts';
import type { MessagingService } from './service.ts';

export const EVENT_QUEUE = 'messaging.event';
export const SEND_QUEUE = 'messaging.send';
export const SWEEP_QUEUE = 'messaging.sweep';

export type EventJob = { webhookEventId: number };
export type SendJob = { messageId: string };

// A send job is scaffolding for its message row, which keeps the record. A worker that dies holding
// one is noticed after two minutes (pg-boss then retries it), not after pg-boss's default fifteen.
export function sendJobOptions(delayMs: number) {
  return {
    startAfter: new Date(Date.now() + Math.max(0, delayMs)),
    expireInSeconds: 120,
    deleteAfterSeconds: 3_600,
  };
}

// A pg-boss worker waits a polling interval after each job even with a backlog, so a queue handles at
// most workers / interval jobs a second (pg-boss allows no interval under 0.5 s): 16 / 0.5 s = 32 a
// second per instance. That keeps up with OpenPhone's 10 sends a second and their status webhooks
// (two each), with room to spare.
const POLL_SECONDS = 0.5;
const EVENT_WORKERS = 16;
const SEND_WORKERS = 16;

// Each handler is a thin shell around a MessagingService method that tests call directly. OpenPhone
// failures are retried by the outbox itself (a new job with `startAfter`); pg-boss's own retries are
// for database trouble.
export function defineMessagingJobs(jobs: JobQueue, messaging: MessagingService): void {
  jobs.define<EventJob>({
    name: EVENT_QUEUE,
    retryLimit: 8,
    retryDelaySeconds: 1,
    concurrency: EVENT_WORKERS,
    // A customer is waiting for the reply this may send.
    pollingIntervalSeconds: POLL_SECONDS,
    handler: async (data) => {
      await messaging.runEvent(data.webhookEventId);
    },
  });
  jobs.define<SendJob>({
    name: SEND_QUEUE,
    retryLimit: 8,
    retryDelaySeconds: 1,
    // Enough workers to keep the shared rate limit busy; the limiter, not this, sets the pace.
    concurrency: SEND_WORKERS,
    pollingIntervalSeconds: POLL_SECONDS,
    handler: async (data) => {
      const outcome = await messaging.runSend(data.messageId);
      if (outcome.kind === 'busy') {
        await jobs.send(SEND_QUEUE, data, sendJobOptions(outcome.retryInMs));
      }
    },
  });
  jobs.define({
    name: SWEEP_QUEUE,
    // The next run is a minute away; retrying this one would only crowd it.
    retryLimit: 0,
    schedule: '* * * * *',
    handler: async () => {
      await messaging.runSweep();
    },
  });
}
