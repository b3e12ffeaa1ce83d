import type { EmergencyAlert } from '../../../shared/ai.ts';
import { recordAudit } from '../../audit/record.ts';
import type { MessageRow } from '../../db/schema/index.ts';
import type { Tx } from '../../db/types.ts';
import { DomainError } from '../../errors.ts';
import { publishEvent } from '../../events/publish.ts';
import { AI_EMERGENCY } from '../../messaging/publish.ts';
import { safetyReply } from '../agents/instructions.ts';
import { detectEmergency, type EmergencyCheck } from '../routing/emergencyRules.ts';
import { aiActor, type IntelligenceContext } from './context.ts';
import { flagFromCustomer, isUnhelpfulVerdict } from './feedback.ts';
import { REPLY_QUEUE, type ReplyJob } from './jobs.ts';
import { insertRun, updateRun } from './repository.ts';
import { publishRun } from './runEvents.ts';

/**
 * Runs in the event job's transaction for every customer text that is not a keyword. Emergencies are
 * answered here and now, by rules alone; everything else waits out the debounce in a job, so a
 * burst of texts gets one answer.
 */
export async function onCustomerMessage(
  ctx: IntelligenceContext,
  tx: Tx,
  message: MessageRow,
): Promise<string> {
  const jobs = ctx.jobs;
  if (!jobs) throw new Error('the AI needs the job queue');
  const done: string[] = [];
  const emergency = detectEmergency(message.body);
  if (emergency.emergency) done.push(await emergencyLane(ctx, tx, message, emergency));
  if (isUnhelpfulVerdict(message.body)) done.push(await flagFromCustomer(ctx, tx, message));
  const job: ReplyJob = { threadId: message.threadId, messageId: message.id };
  await jobs.send(
    REPLY_QUEUE,
    job,
    { startAfter: new Date(Date.now() + ctx.settings.debounceMs), singletonKey: message.id },
    tx,
  );
  done.push('AI answer scheduled');
  return done.join('; ');
}

/** The fixed safety reply, the page to staff (Slack and every open app), and the thread to a human. */
async function emergencyLane(
  ctx: IntelligenceContext,
  tx: Tx,
  message: MessageRow,
  check: EmergencyCheck,
): Promise<string> {
  const where = await ctx.messaging.threadContext(tx, message.threadId);
  if (!where) throw new Error(`thread ${message.threadId} vanished`);
  const { facility, thread } = where;
  const body = safetyReply(facility.name);
  const run = await insertRun(tx, {
    facilityId: facility.id,
    threadId: thread.id,
    triggerMessageId: message.id,
    kind: 'safety',
    state: 'sent',
    query: message.body,
    via: 'rules',
    agent: 'emergency',
    emergency: true,
    routeConfidence: 1,
    body,
    reason: `Emergency words (${check.category}): "${check.matched}"`,
    createdAt: ctx.now(),
  });
  // Already handled by an earlier attempt of this event's job.
  if (!run) return 'emergency already handled';
  // Audit before anything publishes: both take a global lock, and one order everywhere avoids deadlocks.
  await recordAudit(tx, aiActor('emergency'), {
    action: 'ai.emergency.detected',
    targetType: 'thread',
    targetId: thread.id,
    facilityId: facility.id,
    after: { runId: run.id, category: check.category, matched: check.matched },
  });

  let replyState = 'safety reply queued';
  try {
    const { message: reply } = await ctx.messaging.queueSend(tx, {
      threadId: thread.id,
      body,
      kind: 'emergency_reply',
      idempotencyKey: `emergency:${message.id}`,
    });
    await updateRun(tx, run.id, { replyMessageId: reply.id });
  } catch (error) {
    // An opted-out number gets no text, but staff are still paged.
    if (!(error instanceof DomainError)) throw error;
    await updateRun(tx, run.id, { state: 'skipped', reason: `${run.reason}. ${error.message}` });
    replyState = 'safety reply refused (opted out)';
  }
  await ctx.messaging.needHuman(tx, thread.id);
  // The customer's number stays out of Slack: the last four digits are enough to find the thread.
  await ctx.alerts.notify(
    {
      text: `:rotating_light: EMERGENCY at ${facility.name} (${check.category}): "${message.body.slice(0, 200)}" from the customer ending ${thread.customerNumber.slice(-4)}. They were told to call 911 if anyone is hurt. Open the thread in ClubOS now.`,
    },
    tx,
  );
  const alert: EmergencyAlert = {
    threadId: thread.id,
    facilityId: facility.id,
    customerNumber: thread.customerNumber,
    category: check.category,
    text: message.body.slice(0, 300),
    at: ctx.now().toISOString(),
  };
  await publishEvent(tx, { type: AI_EMERGENCY, facilityId: facility.id, payload: alert });
  await publishRun(tx, run.id);
  return `emergency (${check.category}): ${replyState}, staff paged`;
}
