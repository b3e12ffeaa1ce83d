import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../../shared/roles.ts';
import { systemActor } from '../../audit/types.ts';
import { bedfordFacility } from '../../test/fixtures.ts';
import type { TestApp } from '../../test/harness.ts';

// Shared by the SOP tests: the fixture SOPs (fixtures/, one folder per agent like sops/), a writable
// copy of them, and staff of each role signed in.

export const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));
export const PASSWORD = 'a long enough password';

/** A temporary copy of the fixtures that a test may change; `remove` deletes it. */
export async function copyFixtures(): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'clubos-sops-'));
  const dir = path.join(root, 'sops');
  await cp(fixturesDir, dir, { recursive: true });
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Bedford with a front-desk login and a manager, each signed in. */
export async function seedStaff(app: TestApp) {
  const cli = systemActor('cli');
  await app.services.facilities.applySetup({ facilities: [{ ...bedfordFacility, bays: [] }] }, cli);
  const add = (email: string, name: string, role: Role) =>
    app.services.users.addUser({ email, name, role, facilitySlugs: ['bedford'], password: PASSWORD }, cli);
  const frontdesk = await add('desk@bedford.test', 'Dana Desk', 'frontdesk');
  const manager = await add('manager@bedford.test', 'Morgan Manager', 'manager');
  const signIn = async (email: string) =>
    app.caller((await app.caller().auth.login({ email, password: PASSWORD })).token);
  return {
    frontdesk,
    manager,
    asFrontdesk: await signIn(frontdesk.email),
    asManager: await signIn(manager.email),
  };
}
