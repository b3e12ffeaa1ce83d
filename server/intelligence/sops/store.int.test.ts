import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../audit/types.ts';
import { auditLog, sopVersions } from '../../db/schema/index.ts';
import { engines } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { readSopDirectory } from './files.ts';
import { copyFixtures, fixturesDir } from './testApp.ts';

const cli = systemActor('cli');

describe.each(engines)('SOP store on %s', (engine) => {
  let app: TestApp;
  let sops: TestApp['services']['sops'];
  let copy: Awaited<ReturnType<typeof copyFixtures>>;

  beforeAll(async () => {
    app = await createTestApp(engine);
    sops = app.services.sops;
    copy = await copyFixtures();
  });
  afterAll(async () => {
    await copy?.remove();
    await app?.close();
  });

  const auditRows = (action: string) =>
    app.database.handle.db.select().from(auditLog).where(eq(auditLog.action, action));
  const doorAccess = async () => (await sops.get({ path: 'booking/door-access.md' })).document;

  it('imports every file as version 1, audited once, and a re-import changes nothing', async () => {
    expect(await sops.hasDocuments()).toBe(false);
    expect(await sops.importDirectory(copy.dir, cli)).toEqual({ created: 5, updated: 0, unchanged: 0 });
    const list = await sops.list();
    expect(list.map((doc) => [doc.path, doc.agent, doc.version])).toEqual([
      ['booking/cancellations.md', 'booking', 1],
      ['booking/door-access.md', 'booking', 1],
      ['brand/voice.md', 'brand', 1],
      ['emergency/safety.md', 'emergency', 1],
      ['tech-support/simulator.md', 'tech_support', 1],
    ]);
    expect(list.find((doc) => doc.path === 'booking/door-access.md')).toMatchObject({
      title: 'Door access',
      sectionCount: 4,
    });
    const [imported] = await auditRows('sops.imported');
    expect(imported).toMatchObject({ actorType: 'system', actorLabel: 'cli', targetType: 'sop' });
    expect(imported?.after).toMatchObject({ created: 5, updated: 0, unchanged: 0 });

    expect(await sops.importDirectory(copy.dir, cli)).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(await auditRows('sops.imported')).toHaveLength(1);
    expect((await sops.list()).every((doc) => doc.version === 1)).toBe(true);
  });

  it('stores the content raw, placeholders and all, with its sections', async () => {
    const view = await sops.get({ path: 'booking/door-access.md' });
    expect(view.content).toBe(await readFile(path.join(fixturesDir, 'booking/door-access.md'), 'utf8'));
    expect(view.version).toMatchObject({
      version: 1,
      source: 'import',
      note: 'Imported from file',
      createdBy: null,
    });
    expect(view.isCurrent).toBe(true);
    expect(view.sections.map((section) => section.heading)).toEqual([
      'Door access',
      'Your door PIN',
      'Arriving early',
      'Forgotten items',
    ]);
    expect(view.sections[1]?.body).toContain('{{facts.phone.staff}}');
  });

  it('imports a changed file as a new version, with a diff in the history', async () => {
    const file = path.join(copy.dir, 'booking/door-access.md');
    const before = await readFile(file, 'utf8');
    await writeFile(file, before.replace('texted 30 minutes', 'texted 60 minutes'));
    expect(await sops.importDirectory(copy.dir, cli)).toEqual({ created: 0, updated: 1, unchanged: 4 });
    const { id } = await doorAccess();
    const history = await sops.history(id);
    expect(history.map((entry) => [entry.version, entry.source])).toEqual([
      [2, 'import'],
      [1, 'import'],
    ]);
    expect(history[0]).toMatchObject({ added: 1, removed: 1 });
    expect(history[0]?.diff).toContain('+Every booking comes with a four-digit door code, texted 60 minutes');
    expect(history[0]?.diff).toContain('-Every booking comes with a four-digit door code, texted 30 minutes');
    expect(history[1]?.diff).toContain('--- /dev/null');
    // The old version is still there to read.
    const v1 = await sops.get({ documentId: id, version: 1 });
    expect(v1).toMatchObject({ isCurrent: false, document: { currentVersion: 2 } });
    expect(v1.content).toBe(before);
  });

  it('never deletes a document whose file is gone', async () => {
    await rm(path.join(copy.dir, 'brand/voice.md'));
    expect(await sops.importDirectory(copy.dir, cli)).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect((await sops.list()).map((doc) => doc.path)).toContain('brand/voice.md');
  });

  it('refuses a directory with an invalid file, naming each problem, and writes nothing', async () => {
    const bad = await copyFixtures();
    try {
      await writeFile(path.join(bad.dir, 'booking/no-title.md'), '## Only a section\n');
      await writeFile(path.join(bad.dir, 'booking/door-access.md'), '# Door access\n\nA change.\n');
      await writeFile(path.join(bad.dir, 'README.md'), 'not an SOP, and not imported');
      await writeFile(path.join(bad.dir, 'booking/notes.txt'), 'ignored');
      await mkdir(path.join(bad.dir, 'sales'));
      await writeFile(path.join(bad.dir, 'sales/pricing.md'), '# Pricing\ntext');
      const attempt = sops.importDirectory(bad.dir, cli);
      await expect(attempt).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(attempt).rejects.toThrow(
        /2 SOP files are invalid:\n {2}booking\/no-title\.md: has no "# Title" line\n {2}sales\/pricing\.md: SOPs live directly/,
      );
      expect((await doorAccess()).currentVersion).toBe(2);
    } finally {
      await bad.remove();
    }
    await expect(sops.importDirectory(path.join(copy.dir, 'missing'), cli)).rejects.toThrow(/does not exist/);
  });

  it('gives concurrent writers of one SOP consecutive versions, each audited', async () => {
    const { id } = await doorAccess();
    const base = (await sops.get({ documentId: id })).content;
    const writers = Array.from({ length: 6 }, (_, i) =>
      sops.createVersion(id, `${base}\nEdit number ${i}.\n`, {
        source: 'edit',
        note: `edit ${i}`,
        audit: cli,
      }),
    );
    const created = await Promise.all(writers);
    expect(created.map((version) => version.version).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    const view = await sops.get({ documentId: id });
    expect(view.document.currentVersion).toBe(8);
    const stored = await app.database.handle.db
      .select({ version: sopVersions.version })
      .from(sopVersions)
      .where(eq(sopVersions.documentId, id));
    expect(stored).toHaveLength(8);
    const audits = await auditRows('sop.version_created');
    expect(audits.filter((row) => row.targetId === id)).toHaveLength(6);
    await expect(sops.createVersion(id, view.content, { source: 'edit', audit: cli })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(sops.createVersion(id, 'no title', { source: 'edit', audit: cli })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('rolls back by writing the old content as a new version', async () => {
    const { id } = await doorAccess();
    const v1 = await sops.get({ documentId: id, version: 1 });
    const rolled = await sops.rollback(id, 1, cli);
    expect(rolled.version).toBe(9);
    const view = await sops.get({ documentId: id });
    expect(view.content).toBe(v1.content);
    expect(view.version).toMatchObject({ version: 9, source: 'rollback', note: 'Rolled back to v1' });
    expect(view.sections.map((section) => section.body)).toEqual(v1.sections.map((section) => section.body));
    const [latest] = await sops.history(id);
    expect(latest).toMatchObject({ version: 9, source: 'rollback', note: 'Rolled back to v1' });
    await expect(sops.rollback(id, 9, cli)).rejects.toThrow('v9 is already the current version');
    await expect(sops.rollback(id, 1, cli)).rejects.toMatchObject({ code: 'conflict' });
    await expect(sops.rollback(id, 99, cli)).rejects.toMatchObject({ code: 'not_found' });
    await expect(sops.rollback(randomUUID(), 1, cli)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('exports the current versions as files that import back as unchanged', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'clubos-sops-export-'));
    try {
      expect(await sops.exportDirectory(out)).toBe(5);
      const exported = await readSopDirectory(out);
      expect(exported.map((file) => file.path)).toEqual((await sops.list()).map((doc) => doc.path));
      const door = exported.find((file) => file.path === 'booking/door-access.md');
      expect(door?.content).toBe((await sops.get({ path: 'booking/door-access.md' })).content);
      expect(await sops.importDirectory(out, cli)).toEqual({ created: 0, updated: 0, unchanged: 5 });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
