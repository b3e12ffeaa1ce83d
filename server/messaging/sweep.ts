import type { MessagingContext } from './context.ts';
import { dueSnoozes } from './inboxRepository.ts';
import { SEND_QUEUE, type SendJob, sendJobOptions } from './jobs.ts';
import { overdueOutbound } from './messageRepository.ts';
import { publishThread } from './publish.ts';
import { lockThread, updateThread } from './threadRepository.ts';

// Once a minute: re-queue sends whose job was lost (its worker died and pg-boss gave up, say), and
// wake snoozed threads whose time has come. Both are safe to run on every instance at once.

const GRACE_MS = 2 * 60_000;
const BATCH = 200;

export type SweepOutcome = { requeued: number; woken: number };

export async function runSweep(ctx: MessagingContext): Promise<SweepOutcome> {
  const now = ctx.now();
  const overdue = await overdueOutbound(ctx.db, new Date(now.getTime() - GRACE_MS), BATCH);
  for (const { id } of overdue) {
    const job: SendJob = { messageId: id };
    // A duplicate of a job that still exists is harmless: the message's lease lets one attempt in.
    await ctx.jobs?.send(SEND_QUEUE, job, sendJobOptions(0));
  }
  let woken = 0;
  for (const { id } of await dueSnoozes(ctx.db, now, BATCH)) {
    await ctx.db.transaction(async (tx) => {
      const locked = await lockThread(tx, id);
      if (
        locked?.thread.status !== 'snoozed' ||
        !locked.thread.snoozedUntil ||
        locked.thread.snoozedUntil > now
      ) {
        return;
      }
      await updateThread(tx, id, { status: 'open', snoozedUntil: null, updatedAt: now });
      await publishThread(tx, id);
      woken++;
    });
  }
  if (overdue.length > 0) ctx.logger.warn({ count: overdue.length }, 're-queued overdue outbound texts');
  return { requeued: overdue.length, woken };
}
