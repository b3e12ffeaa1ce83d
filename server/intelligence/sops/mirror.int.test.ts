import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import { engines } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { copyFixtures, fixturesDir, seedStaff } from './testApp.ts';

// SOPS_DIR: each new current version (edit, rollback, approval) is also written to the folder after
// the commit; without it nothing is written, so the shipped sops/ folder is never overwritten.

const DOOR = 'booking/door-access.md';

describe.each(engines)('mirroring SOP versions to SOPS_DIR on %s', (engine) => {
  let app: TestApp;
  let mirror: Awaited<ReturnType<typeof copyFixtures>>;
  let staff: Awaited<ReturnType<typeof seedStaff>>;
  let doorId: string;
  const mirrored = (sopPath: string) => readFile(path.join(mirror.dir, ...sopPath.split('/')), 'utf8');

  beforeAll(async () => {
    mirror = await copyFixtures();
    // An empty folder: the mirror creates the agent folders itself.
    await rm(mirror.dir, { recursive: true });
    app = await createTestApp(engine, { SOPS_DIR: mirror.dir });
    staff = await seedStaff(app);
    await app.services.sops.importDirectory(fixturesDir, systemActor('cli'));
    doorId = (await app.services.sops.get({ path: DOOR })).document.id;
  });
  afterAll(async () => {
    await app?.close();
    await mirror?.remove();
  });

  it('an import is not mirrored (the files are where it came from)', async () => {
    await expect(readdir(mirror.dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes an edit, then a rollback, to <dir>/<path>, leaving no temporary files', async () => {
    const v1 = (await app.services.sops.get({ documentId: doorId })).content;
    const v2 = `${v1}\nA mirrored line.\n`;
    await app.services.sops.createVersion(doorId, v2, { source: 'edit', audit: systemActor('test') });
    expect(await mirrored(DOOR)).toBe(v2);
    await staff.asManager.sops.rollback({ sopId: doorId, version: 1 });
    expect(await mirrored(DOOR)).toBe(v1);
    expect(await readdir(path.join(mirror.dir, 'booking'))).toEqual(['door-access.md']);
  });

  it('writes an approved proposal', async () => {
    const sop = await app.services.sops.get({ path: 'booking/cancellations.md' });
    const newContent = `${sop.content.trimEnd()}\n\n## Lost receipts\nA lost booking receipt can be reprinted at the front desk.\n`;
    const { proposalId, status } = await app.services.proposals.submit(
      {
        agent: 'booking',
        sopPath: 'booking/cancellations.md',
        summary: 'Lost receipts',
        rationale: 'Asked often',
        evidence: ['fb-1'],
        newContent,
        source: 'claude',
        staffCorrections: [],
      },
      systemActor('test'),
    );
    expect(status).toBe('pending_review');
    await staff.asManager.proposals.approve({ id: proposalId });
    expect(await mirrored('booking/cancellations.md')).toBe(newContent);
  });

  it('a failed write does not undo the version: the database is the source of truth', async () => {
    // A folder where the file should go: the rename onto it fails.
    const blocked = path.join(mirror.dir, 'booking', 'door-access.md');
    await rm(blocked);
    await mkdir(blocked);
    const current = (await app.services.sops.get({ documentId: doorId })).content;
    const created = await app.services.sops.createVersion(doorId, `${current}\nAnother line.\n`, {
      source: 'edit',
      audit: systemActor('test'),
    });
    expect((await app.services.sops.get({ documentId: doorId })).version.version).toBe(created.version);
    // The temporary file is cleaned up.
    expect((await readdir(path.join(mirror.dir, 'booking'))).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
  });
});

describe.each(engines)('without SOPS_DIR on %s', (engine) => {
  let app: TestApp;
  let folder: Awaited<ReturnType<typeof copyFixtures>>;

  beforeAll(async () => {
    folder = await copyFixtures();
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app?.close();
    await folder?.remove();
  });

  it('writes nothing, not even to the folder the SOPs were imported from', async () => {
    expect(app.config.sopsMirrorDir).toBeUndefined();
    await app.services.sops.importDirectory(folder.dir, systemActor('cli'));
    const before = await readFile(path.join(folder.dir, 'booking', 'door-access.md'), 'utf8');
    const sop = await app.services.sops.get({ path: DOOR });
    await app.services.sops.createVersion(sop.document.id, `${sop.content}\nChanged.\n`, {
      source: 'edit',
      audit: systemActor('test'),
    });
    await app.services.sops.rollback(sop.document.id, 1, systemActor('test'));
    expect(await readFile(path.join(folder.dir, 'booking', 'door-access.md'), 'utf8')).toBe(before);
  });
});
