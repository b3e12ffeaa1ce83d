import { eq, inArray, sql } from 'drizzle-orm';
import type { AiRunView } from '../../../shared/ai.ts';
import { aiFeedback } from '../../db/schema/index.ts';
import type { Executor, Tx } from '../../db/types.ts';
import { publishEvent } from '../../events/publish.ts';
import { AI_RUN } from '../../messaging/publish.ts';
import { runsOfThread, runWithDecider } from './repository.ts';
import { runView } from './views.ts';

/** Which of these runs have been flagged unhelpful. */
async function flaggedRuns(db: Executor, runIds: string[]): Promise<Set<string>> {
  if (runIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ runId: aiFeedback.runId })
    .from(aiFeedback)
    .where(inArray(aiFeedback.runId, runIds));
  return new Set(rows.map((row) => row.runId));
}

export async function loadRun(db: Executor, runId: string) {
  const row = await runWithDecider(db, runId);
  if (!row) return undefined;
  const flagged = await db
    .select({ one: sql`1` })
    .from(aiFeedback)
    .where(eq(aiFeedback.runId, runId))
    .limit(1);
  return { facilityId: row.run.facilityId, view: runView(row.run, row.deciderName, flagged.length > 0) };
}

export async function threadRunViews(db: Executor, threadId: string): Promise<AiRunView[]> {
  const rows = await runsOfThread(db, threadId);
  const flagged = await flaggedRuns(
    db,
    rows.map((row) => row.run.id),
  );
  return rows.map((row) => runView(row.run, row.deciderName, flagged.has(row.run.id)));
}

/** Announces a run's current state to the thread's live feed, in the caller's transaction. */
export async function publishRun(tx: Tx, runId: string): Promise<AiRunView> {
  const loaded = await loadRun(tx, runId);
  if (!loaded) throw new Error(`ai run ${runId} vanished`);
  const { facilityId, view } = loaded;
  await publishEvent(tx, { type: AI_RUN, facilityId, payload: { threadId: view.threadId, run: view } });
  return view;
}
