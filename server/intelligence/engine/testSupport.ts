import { fileURLToPath } from 'node:url';
import { and, desc, eq, sql } from 'drizzle-orm';
import { systemActor } from '../../audit/types.ts';
import { aiRuns, facilities, messages } from '../../db/schema/index.ts';
import { processEvents, textIn, threadOf } from '../../messaging/fixtures.ts';
import type { MessagingTestApp } from '../../messaging/testApp.ts';
import { exampleFacts } from '../facts.ts';
import type { ReplyOutcome } from './replyJob.ts';

// Helpers for the engine's tests, on top of the messaging test app: SOPs imported from the repo's
// sops/ folder, Bedford's facts set, and one call that plays a customer text through to the answer.

export const SOPS_DIR = fileURLToPath(new URL('../../../sops', import.meta.url));

export async function seedIntelligence(app: MessagingTestApp) {
  await app.services.sops.importDirectory(SOPS_DIR, systemActor('test'));
  // Merged into the settings, which also hold the facility's bay actions.
  await app.database.handle.db
    .update(facilities)
    .set({ settings: sql`${facilities.settings} || ${JSON.stringify({ facts: exampleFacts })}::jsonb` })
    .where(eq(facilities.slug, 'bedford'));
}

/** The customer texts; the event job runs; then the AI's debounced job for that text. */
export async function textAndAnswer(
  app: MessagingTestApp,
  customer: string,
  body: string,
): Promise<ReplyOutcome> {
  await textIn(app, customer, body);
  await processEvents(app);
  const thread = await threadOf(app, customer);
  return app.services.intelligence.runReply({
    threadId: thread.id,
    messageId: await lastInboundId(app, thread.id),
  });
}

export async function lastInboundId(app: MessagingTestApp, threadId: string): Promise<string> {
  const [row] = await app.database.handle.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.threadId, threadId), eq(messages.direction, 'inbound')))
    .orderBy(desc(messages.seq))
    .limit(1);
  if (!row) throw new Error('no inbound message');
  return row.id;
}

export async function runsOf(app: MessagingTestApp, threadId: string) {
  return app.database.handle.db
    .select()
    .from(aiRuns)
    .where(eq(aiRuns.threadId, threadId))
    .orderBy(aiRuns.createdAt);
}
