import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Agent, agentSchema } from '../../../shared/agents.ts';
import { aiFeedback, aiModelCalls, aiRuns, contacts, threads } from '../../db/schema/index.ts';
import type { Executor } from '../../db/types.ts';
import type { KnownPii } from './redaction.ts';

// What the SOP analysis reads: unanalysed flags from our database, or the lines of an uploaded
// `clubos feedback export` file; and the personal data known for the threads they came from.

/** One flagged answer, whichever way it arrived. `feedbackId` is null for uploaded lines. */
export type FlaggedAnswer = {
  /** What a proposal cites as evidence: the feedback id, or `upload:<line>` for an uploaded line. */
  id: string;
  feedbackId: string | null;
  facilityId: string | null;
  agent: Agent;
  query: string;
  response: string;
  reason: string;
  correction: string | null;
  sopVersions: Array<{ path: string; version: number; section: string }>;
  threadId: string | null;
  createdAt: string;
};

/** One line of `clubos feedback export` (shared/ai.ts FeedbackRecord), checked field by field. */
export const feedbackLineSchema = z.object({
  query: z.string(),
  response: z.string(),
  agent: agentSchema,
  feedback_rating: z.literal('unhelpful').default('unhelpful'),
  reason: z.string(),
  correction: z.string().nullable().default(null),
  sop_versions: z
    .array(z.object({ path: z.string().min(1), version: z.number().int(), section: z.string() }))
    .default([]),
  thread_id: z.string().default(''),
  created_at: z.string().default(''),
});

export async function unanalysedFeedback(db: Executor, facilityId?: string): Promise<FlaggedAnswer[]> {
  const conditions = [isNull(aiFeedback.analysedAt)];
  if (facilityId) conditions.push(eq(aiFeedback.facilityId, facilityId));
  const rows = await db
    .select({ feedback: aiFeedback, run: aiRuns })
    .from(aiFeedback)
    .innerJoin(aiRuns, eq(aiRuns.id, aiFeedback.runId))
    .where(and(...conditions))
    .orderBy(asc(aiFeedback.createdAt), asc(aiFeedback.id));
  return rows.map(({ feedback, run }) => ({
    id: feedback.id,
    feedbackId: feedback.id,
    facilityId: feedback.facilityId,
    agent: run.agent,
    query: run.query,
    response: run.body ?? '',
    reason: feedback.reason,
    correction: feedback.correction,
    sopVersions: run.sopRefs.map((ref) => ({ path: ref.path, version: ref.version, section: ref.heading })),
    threadId: run.threadId,
    createdAt: feedback.createdAt.toISOString(),
  }));
}

/**
 * Uploaded lines, validated; a bad line throws with its line number and the failing field path.
 * `facilityId` is the facility the manager uploaded for, if any (the file itself names none).
 */
export function uploadedFeedback(lines: unknown[], facilityId: string | null = null): FlaggedAnswer[] {
  return lines.map((line, index) => {
    const parsed = feedbackLineSchema.safeParse(line);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UploadLineError(index + 1, `${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    const record = parsed.data;
    return {
      id: `upload:${index + 1}`,
      feedbackId: null,
      facilityId,
      agent: record.agent,
      query: record.query,
      response: record.response,
      reason: record.reason,
      correction: record.correction,
      sopVersions: record.sop_versions,
      threadId: record.thread_id || null,
      createdAt: record.created_at,
    };
  });
}

export class UploadLineError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`Feedback line ${line} is not a feedback record: ${problem}`);
    this.name = 'UploadLineError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that can name our rows: an uploaded line's thread or evidence id may be anything. */
export const isUuid = (id: string | null | undefined): id is string => !!id && UUID.test(id);

/** The names and numbers of the contacts behind these threads: what redaction must catch by value. */
export async function knownPiiOf(
  db: Executor,
  answers: Array<Pick<FlaggedAnswer, 'threadId'>>,
): Promise<KnownPii> {
  // An uploaded line may name a thread we do not have, or not a uuid at all.
  const ids = [...new Set(answers.map((answer) => answer.threadId).filter(isUuid))];
  if (ids.length === 0) return { names: [], phones: [] };
  const rows = await db
    .select({ name: contacts.name, phone: contacts.phone, customerNumber: threads.customerNumber })
    .from(threads)
    .innerJoin(contacts, eq(contacts.id, threads.contactId))
    .where(inArray(threads.id, ids));
  return {
    names: [...new Set(rows.flatMap((row) => (row.name ? [row.name] : [])))],
    phones: [...new Set(rows.flatMap((row) => [row.phone, row.customerNumber]))],
  };
}

export async function markAnalysed(db: Executor, answers: FlaggedAnswer[], at: Date): Promise<number> {
  const ids = answers.flatMap((answer) => (answer.feedbackId ? [answer.feedbackId] : []));
  if (ids.length === 0) return 0;
  await db.update(aiFeedback).set({ analysedAt: at }).where(inArray(aiFeedback.id, ids));
  return ids.length;
}

/** What Claude has cost since the start of this UTC day, across facilities: the daily budget's measure. */
export async function claudeSpentToday(db: Executor, now: Date): Promise<number> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${aiModelCalls.costUsd}), 0)` })
    .from(aiModelCalls)
    .where(and(eq(aiModelCalls.provider, 'anthropic'), gte(aiModelCalls.createdAt, dayStart)));
  return Number(row?.total ?? 0);
}
