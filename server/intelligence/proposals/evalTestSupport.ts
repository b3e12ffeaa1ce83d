import type { Agent } from '../../../shared/agents.ts';
import { aiFeedback, aiRuns, contacts, facilities, messages, threads } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { exampleFacts } from '../facts.ts';

// Test fixtures for the eval gate's history cases: a facility (with the example facts), a customer
// and their thread, and answers in the states the gate reads (sent, flagged, corrected).

let seq = 0;

export async function evalCustomer(db: Db, contact: { name: string; phone: string }) {
  seq += 1;
  const [facility] = await db
    .insert(facilities)
    .values({
      slug: `eval-${seq}-${Date.now()}`,
      name: 'Eval Golf',
      timezone: 'America/Halifax',
      settings: { facts: exampleFacts },
    })
    .returning();
  if (!facility) throw new Error('no facility');
  const [person] = await db
    .insert(contacts)
    .values({ facilityId: facility.id, ...contact })
    .returning();
  const [thread] = await db
    .insert(threads)
    .values({
      facilityId: facility.id,
      contactId: person?.id ?? '',
      facilityNumber: '+19025550100',
      customerNumber: contact.phone,
      lastActivityAt: new Date(),
    })
    .returning();
  if (!thread) throw new Error('no thread');
  return { facilityId: facility.id, threadId: thread.id };
}

export type SeededAnswer = {
  agent: Agent;
  query: string;
  body: string;
  finalBody?: string;
  state?: 'sent' | 'draft' | 'discarded';
  kind?: 'reply' | 'safety';
  /** Flags the answer; with a correction it is a staff-corrected answer. */
  feedback?: { reason?: string; correction?: string | null };
  /** The SOP the answer stood on (its provenance), when the test needs one. */
  sopPath?: string;
  createdAt?: Date;
};

/** The customer asks, the agent answers (sent unless said otherwise), maybe flagged. */
export async function seedAnswer(db: Db, at: { facilityId: string; threadId: string }, input: SeededAnswer) {
  const [message] = await db
    .insert(messages)
    .values({
      facilityId: at.facilityId,
      threadId: at.threadId,
      direction: 'inbound',
      kind: 'customer',
      body: input.query,
      sortAt: new Date(),
      status: 'received',
    })
    .returning();
  const [run] = await db
    .insert(aiRuns)
    .values({
      facilityId: at.facilityId,
      threadId: at.threadId,
      triggerMessageId: message?.id ?? '',
      kind: input.kind ?? 'reply',
      state: input.state ?? 'sent',
      query: input.query,
      via: 'offline',
      agent: input.agent,
      body: input.body,
      finalBody: input.finalBody ?? null,
      ...(input.sopPath
        ? {
            sopRefs: [
              { sectionId: 's', documentId: 'd', path: input.sopPath, heading: 'Some section', version: 1 },
            ],
          }
        : {}),
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    })
    .returning();
  if (!run) throw new Error('no run');
  let feedbackId: string | null = null;
  if (input.feedback) {
    const [row] = await db
      .insert(aiFeedback)
      .values({
        runId: run.id,
        facilityId: at.facilityId,
        source: 'staff',
        reason: input.feedback.reason ?? 'Not helpful',
        correction: input.feedback.correction ?? null,
      })
      .returning();
    feedbackId = row?.id ?? null;
  }
  return { runId: run.id, feedbackId };
}
