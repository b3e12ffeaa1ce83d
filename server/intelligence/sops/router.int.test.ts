import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import { auditLog } from '../../db/schema/index.ts';
import { engines } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { fixturesDir, seedStaff } from './testApp.ts';

describe.each(engines)('sops API on %s', (engine) => {
  let app: TestApp;
  let staff: Awaited<ReturnType<typeof seedStaff>>;
  let doorId: string;

  beforeAll(async () => {
    app = await createTestApp(engine);
    staff = await seedStaff(app);
    await app.services.sops.importDirectory(fixturesDir, systemActor('cli'));
    doorId = (await app.services.sops.get({ path: 'booking/door-access.md' })).document.id;
    const v1 = (await app.services.sops.get({ documentId: doorId })).content;
    await app.services.sops.createVersion(doorId, `${v1}\nv2 line\n`, {
      source: 'edit',
      audit: systemActor(),
    });
  });
  afterAll(() => app?.close());

  it('lets any staff member list, read and see the history of SOPs', async () => {
    const list = await staff.asFrontdesk.sops.list();
    expect(list).toHaveLength(5);
    expect(list.find((doc) => doc.id === doorId)).toMatchObject({
      path: 'booking/door-access.md',
      agent: 'booking',
      title: 'Door access',
      version: 2,
      sectionCount: 4,
    });
    const byPath = await staff.asFrontdesk.sops.get({ path: 'booking/door-access.md' });
    expect(byPath).toMatchObject({ document: { id: doorId, currentVersion: 2 }, isCurrent: true });
    const old = await staff.asFrontdesk.sops.get({ documentId: doorId, version: 1 });
    expect(old).toMatchObject({ version: { version: 1, source: 'import' }, isCurrent: false });
    expect(old.content).not.toContain('v2 line');
    const history = await staff.asFrontdesk.sops.history({ documentId: doorId });
    expect(history.map((entry) => [entry.version, entry.added, entry.removed])).toEqual([
      [2, 2, 0],
      [1, old.content.trimEnd().split('\n').length, 0],
    ]);
  });

  it('answers NOT_FOUND for a missing SOP or version, and BAD_REQUEST for a bad input', async () => {
    const caller = staff.asFrontdesk.sops;
    await expect(caller.get({ path: 'booking/missing.md' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.get({ documentId: doorId, version: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.history({ documentId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.get({ documentId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.get({ documentId: doorId, version: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('needs a sign-in', async () => {
    await expect(app.caller().sops.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(app.caller().sops.cliExport()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('lets a manager roll back, audited under their name, but not front desk', async () => {
    await expect(staff.asFrontdesk.sops.rollback({ sopId: doorId, version: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await staff.asFrontdesk.sops.get({ documentId: doorId })).document.currentVersion).toBe(2);

    const rolled = await staff.asManager.sops.rollback({ sopId: doorId, version: 1 });
    expect(rolled).toMatchObject({ documentId: doorId, version: 3, path: 'booking/door-access.md' });
    const view = await staff.asFrontdesk.sops.get({ documentId: doorId });
    expect(view.version).toMatchObject({
      version: 3,
      source: 'rollback',
      note: 'Rolled back to v1',
      createdBy: { id: staff.manager.id, name: 'Morgan Manager' },
    });
    const [audit] = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sop.version_created'), eq(auditLog.targetId, doorId)))
      .orderBy(auditLog.id)
      .limit(1)
      .offset(1);
    expect(audit).toMatchObject({
      actorType: 'user',
      actorId: staff.manager.id,
      actorLabel: 'manager@bedford.test',
    });
    expect(audit?.after).toMatchObject({ version: 3, source: 'rollback', note: 'Rolled back to v1' });
    await expect(staff.asManager.sops.rollback({ sopId: doorId, version: 3 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
