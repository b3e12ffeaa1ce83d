import { z } from 'zod';
import type { Executor } from '../../db/types.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Logger } from '../../logger.ts';
import { parseRetryAfter } from '../retryAfter.ts';

export const SLACK_QUEUE = 'slack.send';
export const SLACK_DEAD_LETTER_QUEUE = `${SLACK_QUEUE}.dead`;

export type SlackAlert = { text: string; blocks?: unknown[] };

type SlackJob = SlackAlert & {
  /** How many times Slack has said 429 to this alert; each one re-queues it after Retry-After. */
  deferrals?: number;
};

const alertSchema = z.object({
  text: z.string().trim().min(1, { error: 'a Slack alert needs text' }),
  blocks: z.array(z.unknown()).max(50, { error: 'Slack takes at most 50 blocks' }).optional(),
});

const DEFAULT_TIMEOUT_MS = 10_000;
/** Slack allows about one message per second per webhook; when it says 429 without a hint, wait a little. */
const DEFAULT_RETRY_AFTER_SECONDS = 2;
const MAX_DEFERRALS = 30;

type Fetch = typeof globalThis.fetch;

/**
 * Alerts to staff through a Slack incoming webhook. `notify` only enqueues (in the caller's transaction
 * when given), so a Slack outage never blocks or loses an alert; the `slack.send` worker delivers.
 * The webhook URL is a credential: it is never logged, put in job data or quoted in an error.
 */
export class SlackNotifier {
  private readonly fetch: Fetch;

  constructor(
    private readonly deps: {
      jobs: JobQueue | undefined;
      webhookUrl: string | undefined;
      logger: Logger;
      fetch?: Fetch;
      timeoutMs?: number;
      /** Retries for 5xx and network errors, with exponential backoff, before dead-lettering. */
      retry?: { limit?: number; delaySeconds?: number };
      pollingIntervalSeconds?: number;
    },
  ) {
    this.fetch = deps.fetch ?? globalThis.fetch;
  }

  /** Registers the `slack.send` worker; call before the job queue starts. */
  define(): void {
    this.deps.jobs?.define<SlackJob>({
      name: SLACK_QUEUE,
      retryLimit: this.deps.retry?.limit ?? 8,
      retryDelaySeconds: this.deps.retry?.delaySeconds ?? 5,
      pollingIntervalSeconds: this.deps.pollingIntervalSeconds ?? 2,
      handler: (job) => this.deliver(job),
    });
  }

  /**
   * Queues an alert and returns. With `tx`, the alert is sent only if that transaction commits, and an
   * enqueue failure is the caller's (the transaction is already broken); without it, a failure is logged.
   */
  async notify(alert: SlackAlert, tx?: Executor): Promise<void> {
    const { jobs, webhookUrl, logger } = this.deps;
    if (!webhookUrl) {
      logger.debug('Slack alert skipped: SLACK_WEBHOOK_URL is not set');
      return;
    }
    if (!jobs) {
      logger.warn('Slack alert dropped: this process has no job queue');
      return;
    }
    const parsed = alertSchema.safeParse(alert);
    if (!parsed.success) {
      // A malformed alert is our bug, but it must not fail the action that raised it.
      logger.error({ problems: z.prettifyError(parsed.error) }, 'Slack alert dropped: invalid alert');
      return;
    }
    const job: SlackJob = parsed.data;
    if (tx) {
      await jobs.send(SLACK_QUEUE, job, {}, tx);
      return;
    }
    await jobs.send(SLACK_QUEUE, job).catch((error: unknown) => {
      logger.error({ err: error }, 'could not queue a Slack alert');
    });
  }

  private async deliver(job: SlackJob): Promise<void> {
    const { jobs, webhookUrl, logger } = this.deps;
    if (!webhookUrl || !jobs) {
      await this.giveUp(job, 'SLACK_WEBHOOK_URL is no longer set');
      return;
    }
    let response: Response;
    try {
      response = await this.fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: job.text, blocks: job.blocks }),
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      // Our own message: undici's may carry the URL, and that is the secret.
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
      throw new Error(`Slack webhook ${reason}${typeof code === 'string' ? ` (${code})` : ''}`);
    }
    const body = (await response.text().catch(() => '')).slice(0, 100);
    if (response.ok) return;
    if (response.status === 429) {
      const deferrals = (job.deferrals ?? 0) + 1;
      if (deferrals > MAX_DEFERRALS) {
        await this.giveUp(job, `still rate-limited after ${MAX_DEFERRALS} waits`);
        return;
      }
      // pg-boss has no per-failure delay, so honour Retry-After by queueing a copy that starts later
      // and letting this job complete. (If completing failed after the send, Slack would get it twice.)
      const retryAfterMs =
        parseRetryAfter(response.headers.get('retry-after')) ?? DEFAULT_RETRY_AFTER_SECONDS * 1000;
      const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      logger.info({ retryAfterSeconds: seconds, deferrals }, 'Slack rate-limited an alert; re-queued');
      await jobs.send(SLACK_QUEUE, { ...job, deferrals } satisfies SlackJob, { startAfter: seconds });
      return;
    }
    if (response.status >= 500) throw new Error(`Slack webhook replied ${response.status} (${body})`);
    // Any other 4xx (bad payload, revoked webhook): the same request will never succeed.
    await this.giveUp(job, `Slack webhook replied ${response.status} (${body})`);
  }

  private async giveUp(job: SlackJob, reason: string): Promise<void> {
    this.deps.logger.error({ reason }, 'Slack alert not delivered; moved to the dead-letter queue');
    await this.deps.jobs?.send(SLACK_DEAD_LETTER_QUEUE, { ...job, reason });
  }
}
