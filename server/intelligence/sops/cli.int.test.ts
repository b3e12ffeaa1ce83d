import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { sopDocuments, sopVersions } from '../../db/schema/index.ts';
import { createLogger } from '../../logger.ts';
import { type RunningServer, startServer } from '../../main.ts';
import { type CliWorkspace, createCliWorkspace, runClubos } from '../../test/cli.ts';
import { engines } from '../../test/databases.ts';
import { readSopDirectory } from './files.ts';
import { copyFixtures } from './testApp.ts';

const DOOR = 'booking/door-access.md';

/** Changes one line of the door-access SOP in `dir`. */
async function editDoorAccess(dir: string, text: string) {
  const file = path.join(dir, DOOR);
  await writeFile(
    file,
    (await readFile(file, 'utf8')).replace(/texted \d+ minutes|texted [a-z ]+ minutes/, text),
  );
}

describe.each(engines)('clubos sops on %s', (engine) => {
  let workspace: CliWorkspace;
  let copy: Awaited<ReturnType<typeof copyFixtures>>;

  beforeAll(async () => {
    workspace = await createCliWorkspace(engine, 'clubos-sops-cli-');
    copy = await copyFixtures();
  });
  afterAll(async () => {
    await copy?.remove();
    await workspace?.remove();
  });

  const clubos = (...args: string[]) => runClubos(args, { env: workspace.env });

  async function versionCount() {
    const database = await workspace.openDatabase();
    try {
      return (await database.db.select().from(sopVersions)).length;
    } finally {
      await database.close();
    }
  }

  it('imports a folder, then reports a second run as up to date', async () => {
    const first = await clubos('sops', 'import', copy.dir);
    expect(first).toEqual({
      code: 0,
      stdout: `Imported SOPs from ${copy.dir}: 5 created, 0 updated, 0 unchanged.\n`,
      stderr: '',
    });
    const second = await clubos('sops', 'import', copy.dir);
    expect(second.stdout).toBe(`SOPs in ${copy.dir} are already up to date (5 unchanged).\n`);
    expect(await versionCount()).toBe(5);
  });

  it('imports a changed file as a new version, from CLUBOS_SOPS_DIR when no folder is given', async () => {
    await editDoorAccess(copy.dir, 'texted 45 minutes');
    const result = await runClubos(['sops', 'import'], {
      env: { ...workspace.env, CLUBOS_SOPS_DIR: copy.dir },
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`Imported SOPs from ${copy.dir}: 0 created, 1 updated, 4 unchanged.\n`);
    expect(await versionCount()).toBe(6);
  });

  it('refuses a folder with a bad file, naming it, and writes nothing', async () => {
    const bad = await copyFixtures();
    try {
      await editDoorAccess(bad.dir, 'texted 5 minutes');
      await writeFile(path.join(bad.dir, 'brand/untitled.md'), 'no title here\n');
      const result = await clubos('sops', 'import', bad.dir);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: 'clubos: brand/untitled.md: has no "# Title" line\n',
      });
      expect(await versionCount()).toBe(6);
      const missing = await clubos('sops', 'import', path.join(bad.dir, 'nope'));
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/SOP folder .*nope does not exist/);
    } finally {
      await bad.remove();
    }
  });

  it('exports the current versions, creating the folders', async () => {
    const out = path.join(workspace.root, 'exported', 'sops');
    const result = await clubos('sops', 'export', out);
    expect(result).toEqual({ code: 0, stdout: `Exported 5 SOPs to ${out}.\n`, stderr: '' });
    expect(await readSopDirectory(out)).toEqual(await readSopDirectory(copy.dir));
    expect(await clubos('sops', 'export')).toMatchObject({ code: 2 });
  });
});

// With PGlite only the server may open the data directory, so the commands go through it.
describe.runIf(engines.includes('pglite'))('SOPs with a running server on PGlite', () => {
  let copy: Awaited<ReturnType<typeof copyFixtures>>;
  let server: RunningServer | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    copy = await copyFixtures();
    env = {
      CLUBOS_DATA_DIR: path.join(copy.dir, '..', 'data'),
      CLUBOS_SOPS_DIR: copy.dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
    };
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  afterAll(() => copy?.remove());

  const start = async () => {
    server = await startServer({
      config: loadConfig(env),
      logger: createLogger({ level: 'silent' }),
      demo: false,
    });
    return server;
  };

  it('imports the SOP folder at first start, and sends import and export through the server', async () => {
    const running = await start();
    expect((await running.services.sops.list()).map((doc) => doc.version)).toEqual([1, 1, 1, 1, 1]);

    await editDoorAccess(copy.dir, 'texted 50 minutes');
    const imported = await runClubos(['sops', 'import'], { env });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain(`The ClubOS server at ${running.url} holds the database`);
    expect(imported.stdout).toBe(`Imported SOPs from ${copy.dir}: 0 created, 1 updated, 4 unchanged.\n`);
    expect((await running.services.sops.get({ path: DOOR })).content).toContain('texted 50 minutes');

    const out = path.join(copy.dir, '..', 'out');
    await mkdir(out);
    const exported = await runClubos(['sops', 'export', out], { env });
    expect(exported).toMatchObject({ code: 0, stdout: `Exported 5 SOPs to ${out}.\n` });
    expect(await readFile(path.join(out, DOOR), 'utf8')).toContain('texted 50 minutes');

    const bad = path.join(copy.dir, '..', 'bad');
    await mkdir(path.join(bad, 'booking'), { recursive: true });
    await writeFile(path.join(bad, 'booking', 'big.md'), `# Big\n${'x'.repeat(17_000)}`);
    const refused = await runClubos(['sops', 'import', bad], { env });
    expect(refused).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'clubos: booking/big.md: is larger than 16 KB; split it into smaller SOPs\n',
    });
  });

  it('does not import again at a later start: the database is the source of truth', async () => {
    await editDoorAccess(copy.dir, 'texted 55 minutes');
    const running = await start();
    const view = await running.services.sops.get({ path: DOOR });
    expect(view.document.currentVersion).toBe(2);
    expect(view.content).toContain('texted 50 minutes');
    expect((await running.services.database.db.select().from(sopDocuments)).length).toBe(5);
  });
});
