import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { FeedbackRecord } from '../../../shared/ai.ts';
import type { StaffUser } from '../../../shared/user.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { aiFeedback, aiRuns, type MessageRow } from '../../db/schema/index.ts';
import type { Executor, Tx } from '../../db/types.ts';
import { DomainError, notFound } from '../../errors.ts';
import type { FacilityScope } from '../../facilities/scope.ts';
import { aiActor, type IntelligenceContext } from './context.ts';
import { findRun, findRunByReply, lastSentRun } from './repository.ts';
import { publishRun } from './runEvents.ts';

// "Unhelpful" marks: the fuel for SOP improvement. Three sources: staff, the customer, and a staff
// edit of a draft before sending it (the edit is the correction).

const UNHELPFUL =
  /\b(?:(?:that|this|it|you)\s+)?(?:did\s*n[o']?t|didnt|does\s*n[o']?t|doesnt|was\s*n[o']?t|wasnt|is\s*n[o']?t|isnt)\s+(?:really\s+)?help(?:ful|ing)?\b|\bnot\s+(?:very\s+|really\s+)?helpful\b|\bunhelpful\b|\buseless\b|\bno\s+help\b|\bnot\s+what\s+i\s+asked\b|\bpas\s+(?:très\s+)?utile\b|\bça\s+(?:ne\s+)?m'a\s+pas\s+aid/i;

/** "that didn't help", "not helpful", "useless": the customer's verdict on the last answer. */
export function isUnhelpfulVerdict(text: string): boolean {
  return UNHELPFUL.test(text.replace(/’/g, "'"));
}

/** Flags the last AI answer the customer received in this thread, once per customer text. */
export async function flagFromCustomer(
  ctx: IntelligenceContext,
  tx: Tx,
  message: MessageRow,
): Promise<string> {
  const run = await lastSentRun(tx, message.threadId);
  if (!run) return 'unhelpful verdict, but no AI answer to flag';
  await tx.insert(aiFeedback).values({
    runId: run.id,
    facilityId: run.facilityId,
    source: 'customer',
    reason: `Customer replied: "${message.body.slice(0, 300)}"`,
    createdAt: ctx.now(),
  });
  await recordAudit(tx, aiActor(), {
    action: 'ai.feedback.flagged',
    targetType: 'ai_run',
    targetId: run.id,
    facilityId: run.facilityId,
    after: { source: 'customer', messageId: message.id },
  });
  await publishRun(tx, run.id);
  return 'previous AI answer flagged unhelpful by the customer';
}

/** A staff member's mark on an AI answer (sent, drafted or shadow), with an optional better answer. */
export async function flagByStaff(
  ctx: IntelligenceContext,
  user: StaffUser,
  input: { runId: string; reason: string; correction?: string | undefined },
  audit: AuditContext,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const run = await findRun(tx, input.runId);
    if (!run) throw notFound('AI answer');
    if (run.kind !== 'reply')
      throw new DomainError('invalid_input', 'Only an agent’s answer can be marked unhelpful.');
    await tx.insert(aiFeedback).values({
      runId: run.id,
      facilityId: run.facilityId,
      source: 'staff',
      reason: input.reason,
      correction: input.correction ?? null,
      createdBy: user.id,
      createdAt: ctx.now(),
    });
    await recordAudit(tx, audit, {
      action: 'ai.feedback.flagged',
      targetType: 'ai_run',
      targetId: run.id,
      facilityId: run.facilityId,
      after: { source: 'staff', reason: input.reason, corrected: input.correction !== undefined },
    });
    await publishRun(tx, run.id);
  });
}

/** The run an outbound message came from, for flagging by message id. */
export async function runIdOfMessage(db: Executor, messageId: string): Promise<string> {
  const run = await findRunByReply(db, messageId);
  if (!run) throw new DomainError('invalid_input', 'That message was not written by the AI.');
  return run.id;
}

/** A draft edited before sending: the edit is the correction. */
export async function recordEdit(
  tx: Tx,
  ctx: IntelligenceContext,
  user: StaffUser,
  runId: string,
  facilityId: string,
  edited: string,
) {
  await tx.insert(aiFeedback).values({
    runId,
    facilityId,
    source: 'edit',
    reason: 'Staff edited the draft before sending it',
    correction: edited,
    createdBy: user.id,
    createdAt: ctx.now(),
  });
}

/** One JSON line per flagged answer, oldest first: the format `clubos feedback export` writes. */
export async function exportFeedback(
  db: Executor,
  filter: { since?: Date | undefined; scope: FacilityScope },
): Promise<FeedbackRecord[]> {
  if (filter.scope !== 'all' && filter.scope.length === 0) return [];
  const conditions = [];
  if (filter.since) conditions.push(gte(aiFeedback.createdAt, filter.since));
  if (filter.scope !== 'all') conditions.push(inArray(aiFeedback.facilityId, filter.scope));
  const rows = await db
    .select({ feedback: aiFeedback, run: aiRuns })
    .from(aiFeedback)
    .innerJoin(aiRuns, eq(aiRuns.id, aiFeedback.runId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(aiFeedback.createdAt), asc(aiFeedback.id));
  return rows.map(({ feedback, run }) => ({
    query: run.query,
    response: run.body ?? '',
    agent: run.agent,
    feedback_rating: feedback.rating,
    reason: feedback.reason,
    correction: feedback.correction,
    sop_versions: run.sopRefs.map((ref) => ({ path: ref.path, version: ref.version, section: ref.heading })),
    thread_id: run.threadId,
    created_at: feedback.createdAt.toISOString(),
  }));
}
