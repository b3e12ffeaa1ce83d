import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';

// OpenPhone allows 10 requests a second per API key, for every ClubOS instance together. The limit
// lives in one database row per key holding the next free send slot. A caller reserves the next slot
// with one atomic upsert (so concurrent callers on any instance get distinct slots, `intervalMs`
// apart, with no retry loop), then sleeps until it. Times come from the database clock, so
// instances with skewed clocks still agree.
//
// The interval has 10% headroom over 1000/limit ms. Evenly spaced requests at exactly the limit
// already put limit+1 of them in a closed one-second window, and a request leaves a little after its
// slot; the headroom absorbs up to 100 ms of such lateness, whatever the limit. Half of that is
// allowed for waking up (a busy event loop fires timers late): a caller that wakes later than that
// gives its slot up and reserves another. The other half is for the trip to OpenPhone.

const HEADROOM = 1.1;
const LATE_WAKE_MS = 50;

export class SendRateLimiter {
  private readonly key: string;
  readonly intervalMs: number;

  constructor(
    private readonly db: Db,
    apiKey: string,
    perSecond: number,
  ) {
    // The key is a credential: only a hash of it is stored.
    this.key = `openphone:${createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}`;
    this.intervalMs = (1000 / perSecond) * HEADROOM;
  }

  /**
   * Reserves the next slot and waits for it. When the next slot is more than `maxWaitMs` away (a
   * backlog across instances, or a 429's pause) nothing is reserved and the caller re-queues instead.
   */
  async acquire(maxWaitMs: number): Promise<{ ok: true } | { ok: false; retryInMs: number }> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const reserved = await this.reserve(Math.max(0, deadline - Date.now()));
      if (!reserved.ok) return reserved;
      const slotAt = Date.now() + reserved.waitMs;
      if (reserved.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, reserved.waitMs));
      if (Date.now() - slotAt <= LATE_WAKE_MS) return { ok: true };
    }
  }

  /** One slot, if the next free one is within `maxWaitMs`: how long until it comes. */
  private async reserve(
    maxWaitMs: number,
  ): Promise<{ ok: true; waitMs: number } | { ok: false; retryInMs: number }> {
    const interval = sql`(${this.intervalMs} * interval '1 millisecond')`;
    const reserved = await this.db.execute<{ wait_ms: number | string }>(sql`
      insert into send_rate_limits as l (key, next_slot_at)
      values (${this.key}, clock_timestamp() + ${interval})
      on conflict (key) do update set next_slot_at = greatest(l.next_slot_at, clock_timestamp()) + ${interval}
        where l.next_slot_at <= clock_timestamp() + (${maxWaitMs} * interval '1 millisecond')
      returning extract(epoch from (l.next_slot_at - clock_timestamp())) * 1000 - ${this.intervalMs} as wait_ms`);
    const row = reserved.rows[0];
    if (row) return { ok: true, waitMs: Math.max(0, Number(row.wait_ms)) };
    const next = await this.db.execute<{ wait_ms: number | string }>(sql`
      select extract(epoch from (next_slot_at - clock_timestamp())) * 1000 as wait_ms
      from send_rate_limits where key = ${this.key}`);
    return { ok: false, retryInMs: Math.max(1, Math.ceil(Number(next.rows[0]?.wait_ms ?? 1))) };
  }

  /** A 429 holds back every instance: no slot is handed out before `retryAfterMs` has passed. */
  async pause(retryAfterMs: number): Promise<void> {
    const until = sql`clock_timestamp() + (${retryAfterMs} * interval '1 millisecond')`;
    await this.db.execute(sql`
      insert into send_rate_limits as l (key, next_slot_at) values (${this.key}, ${until})
      on conflict (key) do update set next_slot_at = greatest(l.next_slot_at, ${until})`);
  }
}
