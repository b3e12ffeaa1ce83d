import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, bays, facilities } from '../db/schema/index.ts';
import { type CliWorkspace, createCliWorkspace, runClubos } from '../test/cli.ts';
import { engines } from '../test/databases.ts';
import { bedfordSetupFile } from '../test/fixtures.ts';

const facility = (slug: string, phoneNumber: string) => ({
  slug,
  name: slug,
  timezone: 'America/Halifax',
  phoneNumber,
  bays: [{ number: 1, name: 'Bay 1', ninjaDeviceId: 1 }],
});

describe.each(engines)('clubos setup on %s', (engine) => {
  let workspace: CliWorkspace;
  let root: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    workspace = await createCliWorkspace(engine, 'clubos-setup-');
    ({ root, env } = workspace);
  });
  afterAll(() => workspace?.remove());

  const clubos = (...args: string[]) => runClubos(args, { env });

  async function file(name: string, content: unknown) {
    const target = path.join(root, name);
    await writeFile(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return target;
  }

  /** Row counts read straight from the database the CLI wrote to (the CLI has closed it by now). */
  async function counts() {
    const database = await workspace.openDatabase();
    try {
      const { db } = database;
      return {
        facilities: (await db.select().from(facilities)).length,
        bays: (await db.select().from(bays)).length,
        audit: (await db.select().from(auditLog)).length,
      };
    } finally {
      await database.close();
    }
  }

  it('applies a setup file, then reports a second run as already up to date', async () => {
    const good = await file('bedford.json', bedfordSetupFile());
    const first = await clubos('setup', good);
    expect(first.stderr).toBe('');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toBe(
      'Setup applied: 1 facility created, 0 facilities updated, 2 bays created, 0 bays updated.\n',
    );
    expect(await counts()).toMatchObject({ facilities: 1, bays: 2 });

    const second = await clubos('setup', good);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already up to date');
  });

  it('a bad file exits 1, names the field, and writes nothing', async () => {
    const before = await counts();
    const bad = bedfordSetupFile();
    bad.facilities[0]?.bays.push({ number: 3, name: 'Bay 3', ninjaDeviceId: 'abc' as unknown as number });
    if (bad.facilities[0]) bad.facilities[0].name = 'Bedford (renamed)';
    // The fields before the bad one are valid, so a partial write would show up as a rename or a third bay.
    const badFile = await file('bad.json', {
      facilities: [facility('windsor', '+19025550500'), bad.facilities[0]],
    });
    const result = await clubos('setup', badFile);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('facilities[1].bays[2].ninjaDeviceId: expected a positive integer');
    expect(result.stderr).toContain(badFile);
    expect(result.stdout).toBe('');
    expect(await counts()).toEqual(before);
  });

  it('a file that clashes with the database writes nothing either', async () => {
    const before = await counts();
    // Valid on its own; the second facility takes Bedford's phone number.
    const clash = await file('clash.json', {
      facilities: [facility('truro', '+19025550400'), facility('wolfville', '+19025550100')],
    });
    const result = await clubos('setup', clash);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'facilities[1].phoneNumber: +19025550100 is already used by facility "bedford"',
    );
    expect(await counts()).toEqual(before);
  });

  it('says so plainly when the file is not JSON or cannot be read', async () => {
    const broken = await clubos('setup', await file('broken.json', '{"facilities": [\n  {"slug": "x",}\n]}'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.json: The setup file is not valid JSON: .*line 2 column/);

    const missing = await clubos('setup', path.join(root, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('has help, and a missing argument is bad usage', async () => {
    const help = await clubos('setup', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: clubos setup [options] <file>');
    const bare = await clubos('setup');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("missing required argument 'file'");
  });
});
