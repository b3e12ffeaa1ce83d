import { and, desc, eq, isNotNull, notExists, sql } from 'drizzle-orm';
import type { SopAgent } from '../../../shared/sops.ts';
import { aiFeedback, aiRuns, contacts, facilities, threads } from '../../db/schema/index.ts';
import type { Executor } from '../../db/types.ts';
import { readFacts } from '../facts.ts';
import type { EvalCase } from './evalCases.ts';

// The golden set's history part, read for one agent: recent answers that were sent and never flagged
// (their expected answer is what was sent), and staff corrections (the expected answer is the
// correction). Each replays with its own facility's facts, so the expected answer's prices and links
// are the ones that facility's SOPs render.

/** Per kind; newest first. Enough to catch a regression without making every gate slow and costly. */
export const HISTORY_CASES_PER_KIND = 20;

const caseColumns = {
  runId: aiRuns.id,
  query: aiRuns.query,
  facilityName: facilities.name,
  timezone: facilities.timezone,
  facilityPhone: facilities.phoneNumber,
  settings: facilities.settings,
  contactName: contacts.name,
  contactPhone: contacts.phone,
  customerNumber: threads.customerNumber,
};

type CaseRow = {
  runId: string;
  query: string;
  facilityName: string;
  timezone: string;
  facilityPhone: string | null;
  settings: Record<string, unknown>;
  contactName: string | null;
  contactPhone: string | null;
  customerNumber: string;
};

/** Sent replies of this agent with no feedback at all, newest first. */
export async function helpfulAnswers(db: Executor, agent: SopAgent, limit = HISTORY_CASES_PER_KIND) {
  return db
    .select({ ...caseColumns, sent: sql<string | null>`coalesce(${aiRuns.finalBody}, ${aiRuns.body})` })
    .from(aiRuns)
    .innerJoin(facilities, eq(facilities.id, aiRuns.facilityId))
    .innerJoin(threads, eq(threads.id, aiRuns.threadId))
    .leftJoin(contacts, eq(contacts.id, threads.contactId))
    .where(
      and(
        eq(aiRuns.agent, agent),
        eq(aiRuns.kind, 'reply'),
        eq(aiRuns.state, 'sent'),
        sql`coalesce(${aiRuns.finalBody}, ${aiRuns.body}) <> ''`,
        notExists(db.select({ one: sql`1` }).from(aiFeedback).where(eq(aiFeedback.runId, aiRuns.id))),
      ),
    )
    .orderBy(desc(aiRuns.createdAt), desc(aiRuns.id))
    .limit(limit);
}

/** Staff corrections of this agent's replies, newest first. */
export async function correctedAnswers(db: Executor, agent: SopAgent, limit = HISTORY_CASES_PER_KIND) {
  return db
    .select({ ...caseColumns, feedbackId: aiFeedback.id, correction: aiFeedback.correction })
    .from(aiFeedback)
    .innerJoin(aiRuns, eq(aiRuns.id, aiFeedback.runId))
    .innerJoin(facilities, eq(facilities.id, aiRuns.facilityId))
    .innerJoin(threads, eq(threads.id, aiRuns.threadId))
    .leftJoin(contacts, eq(contacts.id, threads.contactId))
    .where(
      and(
        eq(aiRuns.agent, agent),
        eq(aiRuns.kind, 'reply'),
        isNotNull(aiFeedback.correction),
        sql`btrim(${aiFeedback.correction}) <> ''`,
      ),
    )
    .orderBy(desc(aiFeedback.createdAt), desc(aiFeedback.id))
    .limit(limit);
}

/** The history cases for `agent`: helpful answers first, then corrections. */
export async function historyCases(
  db: Executor,
  agent: SopAgent,
  limit = HISTORY_CASES_PER_KIND,
): Promise<EvalCase[]> {
  const helpful = (await helpfulAnswers(db, agent, limit)).flatMap((row) =>
    row.sent ? [historyCase(row, agent, 'helpful', `helpful-${row.runId}`, row.sent)] : [],
  );
  const corrected = (await correctedAnswers(db, agent, limit)).flatMap((row) =>
    row.correction
      ? [historyCase(row, agent, 'correction', `correction-${row.feedbackId}`, row.correction)]
      : [],
  );
  return [...helpful, ...corrected];
}

function historyCase(
  row: CaseRow,
  agent: SopAgent,
  source: 'helpful' | 'correction',
  id: string,
  expected: string,
): EvalCase {
  return {
    id,
    source,
    agent,
    query: row.query,
    expected,
    facility: {
      facts: readFacts(row.settings).facts,
      who: { name: row.facilityName, timezone: row.timezone, phoneNumber: row.facilityPhone ?? '' },
    },
    known: {
      names: row.contactName ? [row.contactName] : [],
      phones: [...new Set([row.customerNumber, ...(row.contactPhone ? [row.contactPhone] : [])])],
    },
  };
}
