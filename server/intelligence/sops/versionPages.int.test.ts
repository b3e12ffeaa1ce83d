import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import {
  DARTMOUTH,
  newCustomer,
  processEvents,
  seedMessaging,
  textIn,
  threadOf,
} from '../../messaging/fixtures.ts';
import { createMessagingTestApp, type MessagingTestApp } from '../../messaging/testApp.ts';
import { engines } from '../../test/databases.ts';
import { lastInboundId, runsOf, seedIntelligence, textAndAnswer } from '../engine/testSupport.ts';

// A version's page: the diff between any two versions (sops.compare), and the AI answers that stood
// on it (sops.versionReplies), scoped to the caller's facilities like the inbox.

const PASSWORD = 'a long enough password';
const QUESTION = 'Do gift cards expire?';

describe.each(engines)('SOP version pages on %s', (engine) => {
  let app: MessagingTestApp;
  let seeded: Awaited<ReturnType<typeof seedMessaging>>;
  let asAdmin: ReturnType<MessagingTestApp['caller']>;
  let ref: { documentId: string; version: number };
  const bedfordCustomers = [newCustomer(), newCustomer()];
  const dartmouthCustomer = newCustomer();

  beforeAll(async () => {
    app = await createMessagingTestApp(engine, { env: { CLUBOS_AI_DEBOUNCE_SECONDS: '0' } });
    seeded = await seedMessaging(app);
    await seedIntelligence(app);
    const admin = await app.services.users.addUser(
      { email: 'ada@clubos.test', name: 'Ada Admin', role: 'admin', facilitySlugs: [], password: PASSWORD },
      systemActor('test'),
    );
    asAdmin = app.caller((await app.caller().auth.login({ email: admin.email, password: PASSWORD })).token);

    for (const customer of bedfordCustomers) await textAndAnswer(app, customer, QUESTION);
    await textIn(app, dartmouthCustomer, QUESTION, DARTMOUTH);
    await processEvents(app);
    const thread = await threadOf(app, dartmouthCustomer);
    await app.services.intelligence.runReply({
      threadId: thread.id,
      messageId: await lastInboundId(app, thread.id),
    });
    const [run] = await runsOf(app, (await threadOf(app, bedfordCustomers[0] ?? '')).id);
    const used = run?.sopRefs.find((each) => each.path === 'brand/gift-cards.md');
    if (!used) throw new Error('the answer did not use brand/gift-cards.md');
    ref = { documentId: used.documentId, version: used.version };
  });
  afterAll(() => app?.close());

  const runIdsOf = async (customers: string[]) => {
    const ids: string[] = [];
    for (const customer of customers) {
      for (const run of await runsOf(app, (await threadOf(app, customer)).id)) ids.push(run.id);
    }
    return ids;
  };

  it("lists a version's replies from the caller's facilities only, newest first; an admin sees all", async () => {
    const bedford = await runIdsOf(bedfordCustomers);
    const dartmouth = await runIdsOf([dartmouthCustomer]);
    const input = { sopId: ref.documentId, version: ref.version };

    const alice = await seeded.asAlice.sops.versionReplies(input);
    expect(alice.map((reply) => reply.runId).sort()).toEqual([...bedford].sort());
    expect(alice.every((reply) => reply.facility.slug === 'bedford')).toBe(true);
    expect(alice[0]?.createdAt.localeCompare(alice[1]?.createdAt ?? '')).toBeGreaterThanOrEqual(0);
    expect(alice[0]).toMatchObject({ agent: 'brand', query: QUESTION, flagged: false });

    const bob = await seeded.asBob.sops.versionReplies(input);
    expect(bob.map((reply) => reply.runId)).toEqual(dartmouth);

    const all = await asAdmin.sops.versionReplies(input);
    expect(all.map((reply) => reply.runId).sort()).toEqual([...bedford, ...dartmouth].sort());
    // An admin may narrow to one facility, with the same rule as other listings.
    const narrowed = await asAdmin.sops.versionReplies({ ...input, facilityId: await dartmouthId() });
    expect(narrowed.map((reply) => reply.runId)).toEqual(dartmouth);
    // No customer numbers in what the page shows.
    const shown = JSON.stringify(all);
    for (const customer of [...bedfordCustomers, dartmouthCustomer]) expect(shown).not.toContain(customer);
  });

  it('marks flagged replies, honours the limit, and has none for another version', async () => {
    const [newest] = await seeded.asAlice.sops.versionReplies({
      sopId: ref.documentId,
      version: ref.version,
      limit: 1,
    });
    if (!newest) throw new Error('no reply');
    await seeded.asAlice.feedback.flag({ runId: newest.runId, reason: 'Too vague' });
    const again = await seeded.asAlice.sops.versionReplies({ sopId: ref.documentId, version: ref.version });
    expect(again.find((reply) => reply.runId === newest.runId)?.flagged).toBe(true);
    expect(again.filter((reply) => reply.flagged)).toHaveLength(1);

    const sop = await app.services.sops.get({ documentId: ref.documentId });
    await app.services.sops.createVersion(
      ref.documentId,
      `${sop.content}\nGift cards are sold at the desk.\n`,
      {
        source: 'edit',
        audit: systemActor('test'),
      },
    );
    expect(
      await seeded.asAlice.sops.versionReplies({ sopId: ref.documentId, version: ref.version + 1 }),
    ).toEqual([]);
  });

  it('the containment it asks is one the GIN index on sop_refs answers', async () => {
    const plan = await app.database.handle.db.transaction(async (tx) => {
      // Tiny tables are scanned anyway; this asks whether the index can serve the predicate at all.
      await tx.execute(sql`set local enable_seqscan = off`);
      const refs = JSON.stringify([{ documentId: ref.documentId, version: ref.version }]);
      const result = await tx.execute(sql`explain select id from ai_runs where sop_refs @> ${refs}::jsonb`);
      return JSON.stringify(result);
    });
    expect(plan).toContain('ai_runs_sop_refs_idx');
  });

  it('refuses a version or SOP that does not exist, and a limit past 200', async () => {
    const replies = seeded.asAlice.sops.versionReplies;
    await expect(replies({ sopId: ref.documentId, version: 99 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(replies({ sopId: randomUUID(), version: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(replies({ sopId: ref.documentId, version: 1, limit: 201 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('compares any two versions either way, with both metas; a missing version is NOT_FOUND', async () => {
    const forward = await seeded.asAlice.sops.compare({ sopId: ref.documentId, from: 1, to: 2 });
    expect(forward).toMatchObject({
      document: { id: ref.documentId, path: 'brand/gift-cards.md', currentVersion: 2 },
      from: { version: 1, source: 'import' },
      to: { version: 2, source: 'edit' },
      added: 2,
      removed: 0,
    });
    expect(forward.diff).toContain('+Gift cards are sold at the desk.');
    const backward = await seeded.asAlice.sops.compare({ sopId: ref.documentId, from: 2, to: 1 });
    expect(backward).toMatchObject({ added: 0, removed: 2 });
    expect(backward.diff).toContain('-Gift cards are sold at the desk.');
    expect((await seeded.asAlice.sops.compare({ sopId: ref.documentId, from: 2, to: 2 })).diff).toBe('');
    await expect(
      seeded.asAlice.sops.compare({ sopId: ref.documentId, from: 1, to: 7 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Version 7 of brand/gift-cards.md not found',
    });
  });

  async function dartmouthId() {
    const id = await app.services.facilities.idOfSlug('dartmouth');
    if (!id) throw new Error('no Dartmouth');
    return id;
  }
});
