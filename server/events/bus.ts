import { and, asc, gt, inArray, isNull, max, or, type SQL } from 'drizzle-orm';
import type { LiveEvent } from '../../shared/events.ts';
import type { DatabaseHandle, Listener } from '../db/client.ts';
import { type EventRow, events } from '../db/schema/index.ts';
import { DomainError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { EVENTS_CHANNEL } from './publish.ts';

/**
 * What a subscriber may see. `types` omitted or empty means every type.
 *
 * Events with a null facilityId are installation-wide (system notices, maintenance windows) and go
 * to every signed-in staff member, whatever their facilities or facility filter: they are not
 * facility data, and hiding them from a front-desk user scoped to one facility would hide exactly
 * the notices meant for everyone.
 */
export type EventFilter = { facilityScope: string[] | 'all'; types?: string[] | undefined };

export type EventBusOptions = {
  /** Events a subscriber may have waiting before its stream is ended (it then resumes by id). */
  bufferSize?: number;
  /** Rows read per query while catching up. */
  batchSize?: number;
};

const RETRY_AFTER_FAILED_READ_MS = 1_000;

const shuttingDown = () => new DomainError('unavailable', 'The server is shutting down; reconnect to resume');

export function isVisible(filter: EventFilter, event: LiveEvent): boolean {
  if (filter.types?.length && !filter.types.includes(event.type)) return false;
  if (event.facilityId === null || filter.facilityScope === 'all') return true;
  return filter.facilityScope.includes(event.facilityId);
}

/**
 * Fans events out to this instance's subscribers. The `events` table is the source of truth and
 * NOTIFY only says "there is more": each instance reads rows past its own high-water mark, so an
 * event committed on any instance reaches subscribers on every instance, in id order.
 */
export class EventBus {
  private readonly bufferSize: number;
  private readonly batchSize: number;
  private readonly subscriptions = new Set<Subscription>();
  private highWater = 0;
  private starting: Promise<void> | undefined;
  private listener: Listener | undefined;
  private stopped = false;
  private dirty = false;
  private pumping: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly logger: Logger,
    options: EventBusOptions = {},
  ) {
    this.bufferSize = options.bufferSize ?? 1_000;
    this.batchSize = options.batchSize ?? 500;
  }

  /** Idempotent; subscriptions call it too, so a bus nobody started still works. */
  start(): Promise<void> {
    // Final once stopped: a client reconnecting during shutdown must not open a new LISTEN connection.
    if (this.stopped) return Promise.reject(shuttingDown());
    this.starting ??= this.listen().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async listen() {
    // Start from "now": history is for clients that ask for it by id, not for nobody.
    this.highWater = await this.latestId();
    this.listener = await this.database.listen(
      EVENTS_CHANNEL,
      (payload) => {
        // A batch read often picks up several events at once; their later notifications need no query.
        if (Number(payload) > this.highWater || !/^\d+$/.test(payload)) this.requestCatchUp();
      },
      // Anything committed while the connection was down (or between max(id) and LISTEN) is read here.
      () => this.requestCatchUp(),
    );
  }

  /** Final: ends every stream with a reconnectable error, so clients resume on another instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    // A start still in flight would otherwise leave a LISTEN connection open behind us.
    await this.starting?.catch(() => {});
    const listener = this.listener;
    this.listener = undefined;
    await listener?.close();
    await this.pumping;
    // An error, not a normal end: a normal end tells the client the stream is over for good.
    for (const subscription of this.subscriptions) subscription.fail(shuttingDown());
    this.subscriptions.clear();
  }

  /**
   * Registers now (not at the first `next()`), so a caller can subscribe, then replay from the
   * table, and miss nothing in between. The stream ends when `signal` aborts or the bus stops.
   */
  subscribe(filter: EventFilter, signal: AbortSignal): AsyncIterable<LiveEvent> {
    const subscription = new Subscription(filter, this.bufferSize, signal, () =>
      this.subscriptions.delete(subscription),
    );
    if (this.stopped) subscription.fail(shuttingDown());
    else if (!subscription.ended) this.subscriptions.add(subscription);
    return subscription;
  }

  /** Live subscriptions on this instance (for metrics, and for tests that check nothing leaks). */
  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  /** Events after `afterId` that the filter lets through, oldest first: the replay for a resume. */
  async readAfter(afterId: number, filter: EventFilter, limit: number): Promise<LiveEvent[]> {
    const conditions: (SQL | undefined)[] = [gt(events.id, afterId)];
    if (filter.facilityScope !== 'all') {
      conditions.push(or(isNull(events.facilityId), inArray(events.facilityId, filter.facilityScope)));
    }
    if (filter.types?.length) conditions.push(inArray(events.type, filter.types));
    const rows = await this.database.db
      .select()
      .from(events)
      .where(and(...conditions))
      .orderBy(asc(events.id))
      .limit(limit);
    return rows.map(toLiveEvent);
  }

  async latestId(): Promise<number> {
    const [row] = await this.database.db.select({ id: max(events.id) }).from(events);
    return Number(row?.id ?? 0);
  }

  private requestCatchUp() {
    if (this.stopped) return;
    this.dirty = true;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  // One reader at a time: notifications that arrive mid-read just mark the bus dirty for another round.
  private async pump() {
    while (this.dirty && !this.stopped) {
      this.dirty = false;
      try {
        // Bounded by the table: every full batch moves the high-water mark past the rows it read.
        let rows: LiveEvent[];
        do {
          rows = await this.readAfter(this.highWater, { facilityScope: 'all' }, this.batchSize);
          for (const event of rows) this.fanOut(event);
        } while (rows.length === this.batchSize && !this.stopped);
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn({ err: error }, 'event bus could not read new events; retrying');
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.requestCatchUp(), RETRY_AFTER_FAILED_READ_MS);
        this.retryTimer.unref();
        return;
      }
    }
  }

  private fanOut(event: LiveEvent) {
    this.highWater = Number(event.id);
    for (const subscription of this.subscriptions) {
      if (isVisible(subscription.filter, event)) subscription.push(event);
    }
  }
}

export function toLiveEvent(row: EventRow): LiveEvent {
  return {
    id: String(row.id),
    type: row.type,
    facilityId: row.facilityId,
    payload: row.payload,
    createdAt: row.createdAt.toISOString(),
  };
}

/** One subscriber's bounded queue. Overflow ends the stream with an error; nothing is dropped silently. */
class Subscription implements AsyncIterable<LiveEvent> {
  ended = false;
  private readonly queue: LiveEvent[] = [];
  private failure: DomainError | undefined;
  private wake: (() => void) | undefined;
  // Nobody is reading any more, so what is queued is not worth delivering.
  private readonly onAbort = () => {
    this.queue.length = 0;
    this.end();
  };

  constructor(
    readonly filter: EventFilter,
    private readonly bufferSize: number,
    private readonly signal: AbortSignal,
    private readonly onEnd: () => void,
  ) {
    // Already aborted: born ended, and never registered with the bus.
    if (signal.aborted) this.ended = true;
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  push(event: LiveEvent) {
    if (this.ended) return;
    if (this.queue.length >= this.bufferSize) {
      // The client resumes from the last id it received and the table fills the gap.
      this.fail(new DomainError('unavailable', 'Live events fell behind; reconnect to resume'));
      return;
    }
    this.queue.push(event);
    this.wakeReader();
  }

  /** Ends the stream with `error` once what is already queued has been delivered. */
  fail(error: DomainError) {
    if (this.ended) return;
    this.failure = error;
    this.end();
  }

  end() {
    if (this.ended) return;
    this.ended = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.onEnd();
    this.wakeReader();
  }

  private wakeReader() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<LiveEvent> {
    try {
      while (true) {
        const next = this.queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        // What was already queued is delivered first, so the client's last id is as late as possible.
        if (this.failure) throw this.failure;
        if (this.ended) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      this.end();
    }
  }
}
