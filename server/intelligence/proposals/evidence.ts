import { and, desc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { ProposalEvidence } from '../../../shared/proposals.ts';
import { aiFeedback, aiRuns, facilities, messages } from '../../db/schema/index.ts';
import type { Executor } from '../../db/types.ts';
import { isUuid, knownPiiOf } from './analysisSource.ts';
import { Redactor } from './redaction.ts';

// The evidence a manager reads beside a proposal: each flagged answer with the last few texts of its
// thread up to that answer, redacted with the same detectors as the prompt Claude gets. A reviewer
// judges the SOP change, not the customer, and the proposal page is shown to every manager, whatever
// facility the thread belongs to.

/** Texts of the thread shown before (and including) the flagged answer. */
const THREAD_TAIL = 6;

export async function evidenceOf(db: Executor, evidenceIds: string[]): Promise<ProposalEvidence[]> {
  const ids = [...new Set(evidenceIds.filter(isUuid))];
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({
            feedbackId: aiFeedback.id,
            source: aiFeedback.source,
            reason: aiFeedback.reason,
            correction: aiFeedback.correction,
            flaggedAt: aiFeedback.createdAt,
            runId: aiRuns.id,
            threadId: aiRuns.threadId,
            agent: aiRuns.agent,
            query: aiRuns.query,
            answer: aiRuns.body,
            finalAnswer: aiRuns.finalBody,
            answeredAt: aiRuns.createdAt,
            facilityName: facilities.name,
          })
          .from(aiFeedback)
          .innerJoin(aiRuns, eq(aiRuns.id, aiFeedback.runId))
          .innerJoin(facilities, eq(facilities.id, aiFeedback.facilityId))
          .where(inArray(aiFeedback.id, ids));
  const known = await knownPiiOf(
    db,
    rows.map((row) => ({ threadId: row.threadId })),
  );
  // One Redactor for the whole page: the same person is [NAME_1] in every thread shown.
  const redactor = new Redactor(known);
  const redact = (text: string) => redactor.redact(text).text;
  const byId = new Map(rows.map((row) => [row.feedbackId, row]));
  const evidence: ProposalEvidence[] = [];
  for (const id of evidenceIds) {
    const row = byId.get(id);
    if (!row) {
      // An uploaded file's line (`upload:<n>`) or feedback since deleted: named, with nothing to show.
      evidence.push({ id, found: false });
      continue;
    }
    const tail = await threadTail(db, row.threadId, row.answeredAt);
    evidence.push({
      id,
      found: true,
      facilityName: row.facilityName,
      agent: row.agent,
      flaggedBy: row.source,
      reason: redact(row.reason),
      question: redact(row.query),
      answer: redact(row.finalAnswer ?? row.answer ?? ''),
      correction: row.correction === null ? null : redact(row.correction),
      flaggedAt: row.flaggedAt.toISOString(),
      thread: tail.map((message) => ({
        direction: message.direction,
        body: redact(message.body),
        at: message.sortAt.toISOString(),
      })),
    });
  }
  return evidence;
}

async function threadTail(db: Executor, threadId: string, until: Date) {
  const rows = await db
    .select({ direction: messages.direction, body: messages.body, sortAt: messages.sortAt })
    .from(messages)
    .where(and(eq(messages.threadId, threadId), lte(messages.sortAt, until)))
    .orderBy(desc(messages.sortAt), desc(messages.seq))
    .limit(THREAD_TAIL);
  return rows.reverse();
}

/** The staff corrections among the cited feedback: what a proposal may add numbers and links from. */
export async function correctionsCited(db: Executor, evidenceIds: string[]): Promise<string[]> {
  const ids = [...new Set(evidenceIds.filter(isUuid))];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ correction: aiFeedback.correction })
    .from(aiFeedback)
    .where(and(inArray(aiFeedback.id, ids), isNotNull(aiFeedback.correction)));
  return rows.flatMap((row) => (row.correction ? [row.correction] : []));
}
