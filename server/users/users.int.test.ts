import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/types.ts';
import { auditLog, users } from '../db/schema/index.ts';
import { DomainError } from '../errors.ts';
import { engines } from '../test/databases.ts';
import { bedfordFacility, dartmouthFacility } from '../test/fixtures.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

const PASSWORD = 'a long enough password';
const cli = systemActor('cli');
const bay = { number: 1, name: 'Bay 1', ninjaDeviceId: 1 };

async function rejection(work: Promise<unknown>): Promise<DomainError | TRPCError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError || error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.each(engines)('users on %s', (engine) => {
  let app: TestApp;
  let created = 0;
  const uniqueEmail = (prefix: string) => `${prefix}-${++created}@example.test`;

  beforeAll(async () => {
    app = await createTestApp(engine);
    await app.services.facilities.applySetup(
      {
        facilities: [
          { ...bedfordFacility, bays: [bay] },
          { ...dartmouthFacility, bays: [bay] },
        ],
      },
      cli,
    );
  });
  afterAll(() => app?.close());

  const userCount = async () => (await app.database.handle.db.select().from(users)).length;
  const add = (email: string, role: 'frontdesk' | 'manager' | 'admin', facilitySlugs: string[]) =>
    app.services.users.addUser({ email, name: 'Someone', role, facilitySlugs, password: PASSWORD }, cli);
  const signIn = async (email: string) =>
    app.caller((await app.caller().auth.login({ email, password: PASSWORD })).token);

  it('adds a user with a lower-cased email, audited without the password hash', async () => {
    const email = uniqueEmail('New.Person');
    const user = await app.services.users.addUser(
      {
        email,
        name: ' New Person ',
        role: 'manager',
        facilitySlugs: ['bedford', 'dartmouth'],
        password: PASSWORD,
      },
      cli,
    );
    expect(user).toMatchObject({ email: email.toLowerCase(), name: 'New Person', role: 'manager' });
    expect(user.facilityIds).toHaveLength(2);

    const rows = await app.database.handle.db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'user.created',
      actorType: 'system',
      actorLabel: 'cli',
      after: {
        email: email.toLowerCase(),
        name: 'New Person',
        role: 'manager',
        facilities: ['bedford', 'dartmouth'],
      },
    });
    expect(JSON.stringify(rows)).not.toMatch(/scrypt|a long enough password/);
    const [stored] = await app.database.handle.db.select().from(users).where(eq(users.id, user.id));
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
  });

  it('refuses bad input and writes nothing', async () => {
    const before = await userCount();
    // Thunks, so each call starts only when awaited and no rejection goes unhandled meanwhile.
    const cases: [() => Promise<unknown>, string, string | RegExp][] = [
      [
        () =>
          app.services.users.addUser(
            {
              email: uniqueEmail('short'),
              name: 'S',
              role: 'frontdesk',
              facilitySlugs: ['bedford'],
              password: 'elevenchars',
            },
            cli,
          ),
        'invalid_input',
        'password: must be at least 12 characters',
      ],
      [
        () => add(uniqueEmail('lost'), 'frontdesk', ['bedford', 'nowhere']),
        'invalid_input',
        'Unknown facility "nowhere"',
      ],
      [
        () => add(uniqueEmail('homeless'), 'manager', []),
        'invalid_input',
        'A manager needs at least one facility',
      ],
      [() => add('not-an-email', 'frontdesk', ['bedford']), 'invalid_input', /^email: /],
    ];
    for (const [work, code, message] of cases) {
      const error = await rejection(work());
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(code);
      expect(error.message).toMatch(message);
    }
    expect(await userCount()).toBe(before);
  });

  it('refuses a duplicate email whatever its case', async () => {
    const email = uniqueEmail('twice');
    await add(email, 'frontdesk', ['bedford']);
    const error = await rejection(add(email.toUpperCase(), 'frontdesk', ['dartmouth']));
    expect((error as DomainError).code).toBe('conflict');
  });

  it('an admin needs no facility and sees every user; a manager sees only shared facilities', async () => {
    const adminEmail = uniqueEmail('admin');
    const admin = await add(adminEmail, 'admin', []);
    expect(admin.facilityIds).toEqual([]);
    const bedfordOnly = uniqueEmail('bedford');
    const dartmouthOnly = uniqueEmail('dartmouth');
    const both = uniqueEmail('both');
    const managerEmail = uniqueEmail('manager');
    await add(bedfordOnly, 'frontdesk', ['bedford']);
    await add(dartmouthOnly, 'frontdesk', ['dartmouth']);
    const bothUser = await add(both, 'frontdesk', ['bedford', 'dartmouth']);
    const manager = await add(managerEmail, 'manager', ['bedford']);

    const adminView = (await (await signIn(adminEmail)).users.list({})).map((user) => user.email);
    expect(adminView).toEqual(
      expect.arrayContaining([adminEmail, bedfordOnly, dartmouthOnly, both, managerEmail]),
    );

    const managerList = await (await signIn(managerEmail)).users.list({});
    const managerView = managerList.map((user) => user.email);
    expect(managerView).toEqual(expect.arrayContaining([bedfordOnly, both, managerEmail]));
    expect(managerView).not.toContain(dartmouthOnly);
    expect(managerView).not.toContain(adminEmail);
    // Memberships outside the manager's facilities are not disclosed either.
    expect(managerList.find((user) => user.email === both)?.facilityIds).toEqual(manager.facilityIds);
    expect(bothUser.facilityIds).toHaveLength(2);
    expect(typeof managerList[0]?.createdAt).toBe('string');

    const dartmouthId = bothUser.facilityIds.find((id) => !manager.facilityIds.includes(id));
    if (!dartmouthId) throw new Error('dartmouth id missing');
    const denied = await rejection((await signIn(managerEmail)).users.list({ facilityId: dartmouthId }));
    expect((denied as TRPCError).code).toBe('NOT_FOUND');
  });

  it('an admin unlocks a locked account, audited; others may not', async () => {
    const lockedEmail = uniqueEmail('locked');
    const locked = await add(lockedEmail, 'frontdesk', ['bedford']);
    const adminEmail = uniqueEmail('unlocker');
    await add(adminEmail, 'admin', []);
    const managerEmail = uniqueEmail('not-admin');
    await add(managerEmail, 'manager', ['bedford']);
    const admin = await signIn(adminEmail);
    const manager = await signIn(managerEmail);

    const until = new Date(app.clock.now.getTime() + 15 * 60_000);
    await app.database.handle.db
      .update(users)
      .set({ failedLoginCount: 10, lastFailedLoginAt: app.clock.now, lockedUntil: until })
      .where(eq(users.id, locked.id));
    const refused = await rejection(app.caller().auth.login({ email: lockedEmail, password: PASSWORD }));
    expect((refused as TRPCError).code).toBe('TOO_MANY_REQUESTS');

    expect((await rejection(manager.users.unlock({ userId: locked.id }))).code).toBe('FORBIDDEN');
    const missing = await rejection(admin.users.unlock({ userId: '00000000-0000-4000-8000-000000000000' }));
    expect((missing as TRPCError).code).toBe('NOT_FOUND');

    expect(await admin.users.unlock({ userId: locked.id })).toEqual({ ok: true });
    expect((await app.caller().auth.login({ email: lockedEmail, password: PASSWORD })).user.id).toBe(
      locked.id,
    );

    const [audit] = await app.database.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'user.unlocked'));
    expect(audit).toMatchObject({
      actorType: 'user',
      actorLabel: adminEmail,
      targetId: locked.id,
      before: { failedLoginCount: 10, lockedUntil: until.toISOString() },
      after: { failedLoginCount: 0, lockedUntil: null },
    });
  });
});
