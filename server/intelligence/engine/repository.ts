import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Agent } from '../../../shared/agents.ts';
import { DEFAULT_AGENT_MODE } from '../../../shared/ai.ts';
import {
  type AgentMode,
  type AiRunRow,
  aiAgentModes,
  aiControls,
  aiModelCalls,
  aiRuns,
  facilities,
  messages,
  users,
} from '../../db/schema/index.ts';
import type { Executor, Tx } from '../../db/types.ts';

// The only code that touches the AI runs, modes, controls and model calls (feedback has its own module).

export type NewRun = typeof aiRuns.$inferInsert;

/** Inserts a run, or returns undefined when its trigger already has one (a retried job). */
export async function insertRun(tx: Tx, run: NewRun): Promise<AiRunRow | undefined> {
  const [row] = await tx.insert(aiRuns).values(run).onConflictDoNothing().returning();
  return row;
}

export async function findRun(db: Executor, runId: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(aiRuns).where(eq(aiRuns.id, runId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** The agent's answer to this customer text, if a job already wrote one. */
export async function replyRunOf(db: Executor, triggerMessageId: string) {
  const [row] = await db
    .select({ id: aiRuns.id })
    .from(aiRuns)
    .where(and(eq(aiRuns.triggerMessageId, triggerMessageId), eq(aiRuns.kind, 'reply')));
  return row;
}

/** Whether the thread had an emergency (a safety reply) since `since`. */
export async function safetyRunSince(db: Executor, threadId: string, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: aiRuns.id })
    .from(aiRuns)
    .where(and(eq(aiRuns.threadId, threadId), eq(aiRuns.kind, 'safety'), gte(aiRuns.createdAt, since)))
    .limit(1);
  return Boolean(row);
}

export async function findRunByReply(db: Executor, messageId: string) {
  const [row] = await db.select().from(aiRuns).where(eq(aiRuns.replyMessageId, messageId));
  return row;
}

export async function updateRun(tx: Tx, runId: string, changes: Partial<NewRun>): Promise<AiRunRow> {
  const [row] = await tx.update(aiRuns).set(changes).where(eq(aiRuns.id, runId)).returning();
  if (!row) throw new Error(`ai run ${runId} vanished`);
  return row;
}

/** A thread's runs, newest first, with the name of whoever decided each. */
export async function runsOfThread(db: Executor, threadId: string, limit = 50) {
  return db
    .select({ run: aiRuns, deciderName: users.name })
    .from(aiRuns)
    .leftJoin(users, eq(users.id, aiRuns.decidedBy))
    .where(eq(aiRuns.threadId, threadId))
    .orderBy(desc(aiRuns.createdAt))
    .limit(limit);
}

export async function runWithDecider(db: Executor, runId: string) {
  const [row] = await db
    .select({ run: aiRuns, deciderName: users.name })
    .from(aiRuns)
    .leftJoin(users, eq(users.id, aiRuns.decidedBy))
    .where(eq(aiRuns.id, runId));
  return row;
}

/** The last answer the customer actually received in a thread (for "that didn't help"). */
export async function lastSentRun(db: Executor, threadId: string) {
  const [row] = await db
    .select()
    .from(aiRuns)
    .where(and(eq(aiRuns.threadId, threadId), eq(aiRuns.state, 'sent'), eq(aiRuns.kind, 'reply')))
    .orderBy(desc(aiRuns.createdAt))
    .limit(1);
  return row;
}

/** The newest reset offer in a thread still waiting on the customer's YES. */
export async function openResetOffer(db: Executor, threadId: string) {
  const [row] = await db
    .select()
    .from(aiRuns)
    .where(and(eq(aiRuns.threadId, threadId), sql`${aiRuns.resetOffer}->>'state' = 'offered'`))
    .orderBy(desc(aiRuns.createdAt))
    .limit(1);
  return row;
}

export async function runByResetAction(db: Executor, actionId: string) {
  const [row] = await db
    .select()
    .from(aiRuns)
    .where(sql`${aiRuns.resetOffer}->>'actionId' = ${actionId}`)
    .limit(1);
  return row;
}

/** AI answers that reached (or were meant to reach) one customer recently: the per-customer limit. */
export async function repliesSince(db: Executor, threadId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(aiRuns)
    .where(
      and(
        eq(aiRuns.threadId, threadId),
        eq(aiRuns.kind, 'reply'),
        gte(aiRuns.createdAt, since),
        sql`${aiRuns.state} in ('sent', 'draft', 'shadow')`,
      ),
    );
  return row?.count ?? 0;
}

export async function modesOf(db: Executor, facilityId: string): Promise<Record<Agent, AgentMode>> {
  const rows = await db.select().from(aiAgentModes).where(eq(aiAgentModes.facilityId, facilityId));
  const modes: Record<Agent, AgentMode> = {
    emergency: DEFAULT_AGENT_MODE,
    booking: DEFAULT_AGENT_MODE,
    tech_support: DEFAULT_AGENT_MODE,
    brand: DEFAULT_AGENT_MODE,
  };
  for (const row of rows) modes[row.agent] = row.mode;
  return modes;
}

export async function upsertMode(
  tx: Tx,
  values: { facilityId: string; agent: Agent; mode: AgentMode; updatedBy: string; at: Date },
) {
  await tx
    .insert(aiAgentModes)
    .values({ ...values, updatedAt: values.at })
    .onConflictDoUpdate({
      target: [aiAgentModes.facilityId, aiAgentModes.agent],
      set: { mode: values.mode, updatedBy: values.updatedBy, updatedAt: values.at },
    });
}

/** The facility's controls row and the global one (either may be missing: switches off, default budget). */
export async function controlsFor(db: Executor, facilityId: string) {
  const rows = await db
    .select()
    .from(aiControls)
    .where(sql`${aiControls.facilityId} = ${facilityId} or ${aiControls.globalRow} = 1`);
  return {
    facility: rows.find((row) => row.facilityId === facilityId),
    global: rows.find((row) => row.globalRow === 1),
  };
}

export async function allControls(db: Executor) {
  return db.select().from(aiControls);
}

export async function upsertControls(
  tx: Tx,
  scope: { facilityId: string } | 'global',
  changes: { killSwitch?: boolean; dailyBudgetUsd?: number | null; budgetAlertedOn?: string },
  by: { userId: string | null; at: Date },
) {
  const set = { ...changes, updatedBy: by.userId, updatedAt: by.at };
  const values = scope === 'global' ? { globalRow: 1, ...set } : { facilityId: scope.facilityId, ...set };
  const [row] = await tx
    .insert(aiControls)
    .values(values)
    .onConflictDoUpdate({ target: scope === 'global' ? aiControls.globalRow : aiControls.facilityId, set })
    .returning();
  if (!row) throw new Error('ai controls upsert returned no row');
  return row;
}

export type ModelCall = typeof aiModelCalls.$inferInsert;

export async function recordModelCall(db: Executor, call: ModelCall) {
  await db.insert(aiModelCalls).values(call);
}

export async function spentSince(db: Executor, facilityId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${aiModelCalls.costUsd}), 0)` })
    .from(aiModelCalls)
    .where(and(eq(aiModelCalls.facilityId, facilityId), gte(aiModelCalls.createdAt, since)));
  return Number(row?.total ?? 0);
}

export async function facilityRow(db: Executor, facilityId: string) {
  const [row] = await db.select().from(facilities).where(eq(facilities.id, facilityId));
  return row;
}

/** The customer texts of the current burst: inbound messages after the last outbound one, oldest first. */
export async function burstOf(db: Executor, threadId: string) {
  const rows = await db
    .select({ id: messages.id, body: messages.body, direction: messages.direction, kind: messages.kind })
    .from(messages)
    .where(eq(messages.threadId, threadId))
    .orderBy(desc(messages.sortAt), desc(messages.seq))
    .limit(20);
  const burst: Array<{ id: string; body: string }> = [];
  for (const row of rows) {
    // The fixed emergency reply does not answer the customer's question; the Emergency agent still may.
    if (row.direction === 'outbound' && row.kind !== 'emergency_reply') break;
    if (row.direction === 'outbound') continue;
    burst.unshift({ id: row.id, body: row.body });
  }
  return burst;
}

/** The conversation so far for the prompt: the last few messages, oldest first. */
export async function recentMessages(db: Executor, threadId: string, limit = 10) {
  const rows = await db
    .select({ direction: messages.direction, kind: messages.kind, body: messages.body })
    .from(messages)
    .where(and(eq(messages.threadId, threadId), isNull(messages.deadLetteredAt)))
    .orderBy(desc(messages.sortAt), desc(messages.seq))
    .limit(limit);
  return rows.reverse();
}
