import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/types.ts';
import { auditLog, sessions, users } from '../db/schema/index.ts';
import { DomainError } from '../errors.ts';
import { engines } from '../test/databases.ts';
import { bedfordFacility, dartmouthFacility } from '../test/fixtures.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { hashToken } from './tokens.ts';

const PASSWORD = 'correct horse battery';
const WRONG = 'not the password';
const bay = (number: number) => ({ number, name: `Bay ${number}`, ninjaDeviceId: 100 + number });

async function seedFacilities(app: TestApp) {
  await app.services.facilities.applySetup(
    {
      facilities: [
        { ...bedfordFacility, bays: [bay(1)] },
        { ...dartmouthFacility, bays: [bay(2)] },
      ],
    },
    systemActor('test'),
  );
  const [bedford, dartmouth] = await app.services.facilities.list('all');
  if (!bedford || !dartmouth) throw new Error('facilities were not created');
  return { bedford, dartmouth };
}

/** The tRPC error a call failed with; fails the test if the call succeeded. */
async function failure(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const domainCode = (error: TRPCError) => (error.cause instanceof DomainError ? error.cause.code : undefined);

describe.each(engines)('auth on %s', (engine) => {
  // One database per engine; every test signs in as staff it creates, so tests do not share accounts.
  let app: TestApp;
  let bedford: { id: string };
  let dartmouth: { id: string };
  let created = 0;

  beforeAll(async () => {
    app = await createTestApp(engine);
    ({ bedford, dartmouth } = await seedFacilities(app));
  });
  afterAll(() => app?.close());

  async function staff(role: 'frontdesk' | 'manager' = 'frontdesk', facilitySlugs = ['bedford']) {
    created += 1;
    const email = `${role}-${created}@bedford.test`;
    const user = await app.services.users.addUser(
      { email, name: `${role} ${created}`, role, facilitySlugs, password: PASSWORD },
      systemActor('test'),
    );
    const login = (password = PASSWORD, as = email) => app.caller().auth.login({ email: as, password });
    const row = async () => {
      const [found] = await app.database.handle.db.select().from(users).where(eq(users.id, user.id));
      if (!found) throw new Error('user missing');
      return found;
    };
    return { ...user, login, row };
  }
  const auditRows = () => app.database.handle.db.select().from(auditLog).orderBy(auditLog.id);

  it('signs in case-insensitively and the token identifies the user', async () => {
    const front = await staff();
    const result = await front.login(PASSWORD, front.email.toUpperCase());
    expect(result.token).toMatch(/^cos_/);
    expect(result.expiresAt).toBe(new Date(app.clock.now.getTime() + 12 * 3_600_000).toISOString());
    expect(result.user).toEqual({
      id: front.id,
      email: front.email,
      name: front.name,
      role: 'frontdesk',
      facilityIds: [bedford.id],
    });
    expect(await app.caller(result.token).auth.me()).toEqual(result.user);

    const stored = await app.database.handle.db.select().from(sessions).where(eq(sessions.userId, front.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(hashToken(result.token));
    expect(JSON.stringify(stored)).not.toContain(result.token);
  });

  it('rejects a wrong password and an unknown email with the same message', async () => {
    const front = await staff();
    const wrong = await failure(front.login(WRONG));
    const unknown = await failure(front.login(PASSWORD, 'nobody@bedford.test'));
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(unknown.code).toBe('UNAUTHORIZED');
    expect(wrong.message).toBe('Email or password is incorrect');
    expect(unknown.message).toBe(wrong.message);
    expect((await front.row()).failedLoginCount).toBe(1);
    expect((await failure(app.caller().auth.me())).code).toBe('UNAUTHORIZED');
    expect((await failure(app.caller('cos_forged').auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('throttles repeated failures, then locks the account even against the right password', async () => {
    const front = await staff();
    for (let i = 0; i < 5; i++) expect((await failure(front.login(WRONG))).code).toBe('UNAUTHORIZED');

    // From the fifth failure each further attempt must wait 1, 2, 4, 8… seconds, unchecked and uncounted.
    const throttled = await failure(front.login(PASSWORD));
    expect(throttled.code).toBe('TOO_MANY_REQUESTS');
    expect(domainCode(throttled)).toBe('rate_limited');
    expect(throttled.message).toBe('Too many failed sign-ins. Try again in 1 second.');
    expect((await front.row()).failedLoginCount).toBe(5);

    for (const waitSeconds of [1, 2, 4, 8]) {
      app.clock.advance(waitSeconds * 1000 - 1);
      expect(domainCode(await failure(front.login(WRONG)))).toBe('rate_limited');
      app.clock.advance(1);
      expect((await failure(front.login(WRONG))).code).toBe('UNAUTHORIZED');
    }
    expect((await front.row()).failedLoginCount).toBe(9);

    app.clock.advance(16_000);
    const locking = await failure(front.login(WRONG));
    expect(domainCode(locking)).toBe('locked');
    expect(locking.message).toBe(
      'This account is locked after repeated failed sign-ins. Try again in 15 minutes or ask an admin to unlock it.',
    );
    const locked = await front.row();
    expect(locked.failedLoginCount).toBe(10);
    expect(locked.lockedUntil?.getTime()).toBe(app.clock.now.getTime() + 15 * 60_000);

    app.clock.advance(14 * 60_000);
    const refused = await failure(front.login(PASSWORD));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(domainCode(refused)).toBe('locked');
    expect(refused.message).toContain('Try again in 1 minute or ask an admin');

    // Once the lock has been served the account starts afresh.
    app.clock.advance(60_000);
    expect((await failure(front.login(WRONG))).code).toBe('UNAUTHORIZED');
    expect((await front.row()).failedLoginCount).toBe(1);
    expect((await front.login(PASSWORD)).user.id).toBe(front.id);
    const reset = await front.row();
    expect([reset.failedLoginCount, reset.lastFailedLoginAt, reset.lockedUntil]).toEqual([0, null, null]);

    const locks = (await auditRows()).filter(
      (row) => row.action === 'auth.locked' && row.targetId === front.id,
    );
    expect(locks).toHaveLength(1);
  });

  it('a successful sign-in resets the failure count', async () => {
    const front = await staff();
    for (let i = 0; i < 4; i++) await failure(front.login(WRONG));
    expect((await front.row()).failedLoginCount).toBe(4);
    await front.login(PASSWORD);
    expect((await front.row()).failedLoginCount).toBe(0);
  });

  it('refuses a disabled account with the ordinary message and stops its sessions', async () => {
    const front = await staff();
    const { token } = await front.login();
    await app.database.handle.db
      .update(users)
      .set({ disabledAt: app.clock.now })
      .where(eq(users.id, front.id));
    const refused = await failure(front.login());
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(refused.message).toBe('Email or password is incorrect');
    expect((await failure(app.caller(token).auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('rejects an expired token', async () => {
    const front = await staff();
    const { token } = await front.login();
    app.clock.advance(12 * 3_600_000 - 1);
    expect((await app.caller(token).auth.me()).email).toBe(front.email);
    app.clock.advance(1);
    expect((await failure(app.caller(token).auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('rejects a revoked (logged-out) token and leaves other sessions alone', async () => {
    const front = await staff();
    const first = await front.login();
    const second = await front.login();
    expect(await app.caller(first.token).auth.logout()).toEqual({ ok: true });
    expect((await failure(app.caller(first.token).auth.me())).code).toBe('UNAUTHORIZED');
    expect((await failure(app.caller(first.token).auth.logout())).code).toBe('UNAUTHORIZED');
    expect((await app.caller(second.token).auth.me()).id).toBe(front.id);

    const logouts = (await auditRows()).filter(
      (row) => row.action === 'auth.logout' && row.targetId === front.id,
    );
    expect(logouts).toHaveLength(1);
    expect(logouts[0]).toMatchObject({ actorType: 'user', actorId: front.id, actorLabel: front.email });
  });

  it('denies a frontdesk user manager-only procedures and other facilities’ data', async () => {
    const front = await staff();
    const caller = app.caller((await front.login()).token);
    expect((await failure(caller.users.list({}))).code).toBe('FORBIDDEN');
    expect((await failure(caller.users.unlock({ userId: front.id }))).code).toBe('FORBIDDEN');

    expect((await failure(caller.facilities.get({ facilityId: dartmouth.id }))).code).toBe('NOT_FOUND');
    expect((await failure(caller.facilities.list({ facilityId: dartmouth.id }))).code).toBe('NOT_FOUND');
    expect((await caller.facilities.get({ facilityId: bedford.id })).slug).toBe('bedford');
    expect((await caller.facilities.list({})).map((facility) => facility.slug)).toEqual(['bedford']);

    // A manager may list staff, but only those who share one of the manager's facilities.
    const elsewhere = await staff('frontdesk', ['dartmouth']);
    const manager = await staff('manager');
    const listed = await app.caller((await manager.login()).token).users.list({});
    const emails = listed.map((user) => user.email);
    expect(emails).toEqual(expect.arrayContaining([front.email, manager.email]));
    expect(emails).not.toContain(elsewhere.email);
  });

  it('audits sign-ins and failures in the audit log, never with the token or password', async () => {
    const front = await staff();
    const before = (await auditRows()).length;
    await failure(front.login(WRONG));
    await failure(front.login(WRONG, 'nobody@bedford.test'));
    const { token } = await front.login();
    const rows = (await auditRows()).slice(before);

    expect(rows.map((row) => row.action)).toEqual(['auth.login_failed', 'auth.login_failed', 'auth.login']);
    const [wrong, unknown, success] = rows;
    expect(wrong).toMatchObject({
      actorType: 'system',
      actorLabel: 'auth',
      targetType: 'user',
      targetId: front.id,
      ip: '127.0.0.1',
      device: 'test',
      after: { email: front.email, reason: 'wrong_password', failedLoginCount: 1 },
    });
    expect(unknown).toMatchObject({
      targetId: null,
      after: { email: 'nobody@bedford.test', reason: 'unknown_email' },
    });
    expect(success).toMatchObject({
      action: 'auth.login',
      actorType: 'user',
      actorId: front.id,
      targetId: front.id,
    });
    expect(success?.requestId).toEqual(expect.any(String));

    const everything = JSON.stringify(await auditRows());
    for (const secret of [token, token.slice(4), hashToken(token), PASSWORD, WRONG, 'scrypt$']) {
      expect(everything).not.toContain(secret);
    }
  });
});
