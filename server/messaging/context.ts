import type { AuditContext } from '../audit/types.ts';
import type { Config } from '../config.ts';
import type { MessageRow } from '../db/schema/index.ts';
import type { Db, Executor, Tx } from '../db/types.ts';
import type { OpenPhoneApi } from '../integrations/openphone/types.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';

/** The part of the Slack notifier messaging uses; it enqueues in `tx`, so an alert commits with its cause. */
export type AlertSender = { notify(message: { text: string }, tx?: Tx): Promise<unknown> };

/** Outbox knobs that are not configuration: tests turn them to run fast or at another rate. */
export type OutboxTuning = {
  /** OpenPhone's documented limit per API key, shared by every instance. */
  sendsPerSecond: number;
  /** First retry delay; doubles per attempt up to `retryMaxMs`, with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long one attempt may hold a message before another may take it over. */
  leaseMs: number;
  /** How long an attempt waits for a rate-limit slot before it re-queues itself instead. */
  maxRateWaitMs: number;
};

export const defaultOutboxTuning: OutboxTuning = {
  sendsPerSecond: 10,
  retryBaseMs: 2_000,
  retryMaxMs: 5 * 60_000,
  leaseMs: 60_000,
  maxRateWaitMs: 10_000,
};

/** The OpenPhone account the outbox sends through; the rate limit is kept per API key. */
export type OpenPhoneAccount = { api: OpenPhoneApi; apiKey: string };

/** What the messaging modules share; one per MessagingService. */
export type MessagingContext = {
  db: Db;
  logger: Logger;
  now: () => Date;
  jobs: JobQueue | undefined;
  alerts: AlertSender;
  openphone: OpenPhoneAccount | undefined;
  /** Undefined: the webhook refuses everything (fails closed). */
  webhookSecret: string | undefined;
  settings: Config['messaging'];
  outbox: OutboxTuning;
  /** Who hears about a customer's text (not a keyword) inside the event job's transaction: the AI. */
  customerMessages: { handler: CustomerMessageHandler | undefined };
  /** Asked before each automatic AI text leaves: a reason to hold it (a kill switch), or null. */
  aiSendHold: { check: AiSendHold | undefined };
};

export type AiSendHold = (db: Executor, facilityId: string) => Promise<string | null>;

/**
 * Called once per stored customer text, in the transaction that marks its event processed, so what it
 * writes (an emergency reply, the AI's debounced job) commits exactly once with it. Returns what it
 * did, in words, for the event's outcome.
 */
export type CustomerMessageHandler = (tx: Tx, message: MessageRow) => Promise<string>;

/** Who the background steps (intake, the event job, the outbox) are recorded as in the audit log. */
export const messagingActor: AuditContext = {
  actor: { type: 'system', id: 'messaging', label: 'ClubOS messaging' },
};
