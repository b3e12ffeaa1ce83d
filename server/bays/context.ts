import type { BayActionKind } from '../../shared/bays.ts';
import type { AuditContext } from '../audit/types.ts';
import type { Config } from '../config.ts';
import type { BayActionRow, BayRow } from '../db/schema/index.ts';
import type { Db, Tx } from '../db/types.ts';
import type { NinjaOneApi } from '../integrations/ninjaone/types.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import type { AlertSender } from './alerts.ts';

export type BayTimings = {
  offlineAttentionMs: number;
  actionTimeoutMs: number;
  cooldownMs: Record<BayActionKind, number>;
  /** How often an action in flight is checked against NinjaOne. */
  trackIntervalMs: number;
  /** First retry delay after NinjaOne failed a call; doubles per attempt. */
  retryBaseMs: number;
  /** NinjaOne call attempts per action before it fails. */
  maxAttempts: number;
  /** How long one dispatch attempt may hold an action before another may try. */
  dispatchLeaseMs: number;
};

/** What the bay modules share; one per BayService. */
export type BayContext = {
  db: Db;
  logger: Logger;
  now: () => Date;
  ninjaone: NinjaOneApi | undefined;
  jobs: JobQueue | undefined;
  alerts: AlertSender;
  timings: BayTimings;
  /** Told, inside the transaction that settles it, when an action reaches its final state. */
  finishedActions: { handler: FinishedActionHandler | undefined };
};

export type FinishedAction = {
  action: BayActionRow;
  bay: BayRow;
  state: 'succeeded' | 'failed' | 'timedOut';
  message: string | null;
};
export type FinishedActionHandler = (tx: Tx, finished: FinishedAction) => Promise<void>;

/**
 * Derived from the action timeout so a short timeout (as in tests) also checks and retries often:
 * about twenty checks within the timeout, never more than every 5 s apart.
 */
export function timingsFrom(config: Config['bays']): BayTimings {
  const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
  return {
    offlineAttentionMs: config.offlineAttentionMs,
    actionTimeoutMs: config.actionTimeoutMs,
    cooldownMs: config.cooldownMs,
    trackIntervalMs: Math.round(clamp(config.actionTimeoutMs / 20, 100, 5_000)),
    retryBaseMs: Math.round(clamp(config.actionTimeoutMs / 100, 100, 2_000)),
    maxAttempts: 4,
    dispatchLeaseMs: 60_000,
  };
}

/** Who the background steps of an action are recorded as; the staff member is in each row's details. */
export const bayJobsActor: AuditContext = {
  actor: { type: 'system', id: 'bay-jobs', label: 'ClubOS bay jobs' },
};

export function jobAuditContext(requestId: string | null | undefined): AuditContext {
  return { ...bayJobsActor, requestId: requestId ?? null };
}
