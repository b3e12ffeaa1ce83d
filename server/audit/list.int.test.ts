import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../shared/user.ts';
import type { AuthService } from '../auth/service.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import type { Services } from '../services.ts';
import { createTestDatabase, engines, type TestDatabase } from '../test/databases.ts';
import { createTestContext } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/trpc.ts';
import { recordAudit } from './record.ts';
import type { AuditRecord } from './repository.ts';
import { auditRouter } from './router.ts';
import { type AuditFilters, AuditService } from './service.ts';
import type { Actor } from './types.ts';

const facilityA = randomUUID();
const facilityB = randomUUID();
const alice: Actor = { type: 'user', id: 'alice', label: 'alice@example.com' };
const bob: Actor = { type: 'user', id: 'bob', label: 'bob@example.com' };
const assistant: Actor = { type: 'ai', id: 'sop-assistant', label: 'SOP assistant' };
const system: Actor = { type: 'system', label: 'setup' };

// Oldest first. Includes a literal '_' in an action so a prefix filter must not treat it as a wildcard.
const rows: { actor: Actor; action: string; facilityId: string | null }[] = [
  { actor: alice, action: 'auth.login', facilityId: null },
  { actor: alice, action: 'bay.reset', facilityId: facilityA },
  { actor: assistant, action: 'sop.propose', facilityId: facilityA },
  { actor: system, action: 'setup.apply', facilityId: null },
  { actor: bob, action: 'bay.reset', facilityId: facilityB },
  { actor: bob, action: 'auth.logout', facilityId: null },
  { actor: alice, action: 'bay_ops.reset', facilityId: facilityA },
  { actor: assistant, action: 'bayXops.reset', facilityId: facilityB },
  { actor: alice, action: 'auth.login', facilityId: null },
  { actor: system, action: 'bay.reset', facilityId: facilityA },
  { actor: bob, action: 'authentic.check', facilityId: facilityB },
];

const createCaller = createCallerFactory(auditRouter);

describe.each(engines)('audit listing on %s', (engine) => {
  let database: TestDatabase;
  let audit: AuditService;
  let all: AuditRecord[];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    audit = new AuditService({
      db: database.handle.db,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    });
    for (const [i, row] of rows.entries()) {
      await database.handle.db.transaction((tx) =>
        recordAudit(tx, { actor: row.actor, requestId: `req-${i}` }, { ...row, after: { i } }),
      );
      // Distinct milliseconds, so time-range boundaries fall between rows.
      await delay(3);
    }
    all = (await audit.list({ limit: 200 }, 'all')).items;
  });
  afterAll(async () => {
    await database.drop();
  });

  const ids = (items: AuditRecord[]) => items.map((item) => item.id);
  const actions = (items: AuditRecord[]) => items.map((item) => item.action);

  async function everyPage(filters: AuditFilters, scope: string[] | 'all') {
    const seen: AuditRecord[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 50; page += 1) {
      const result = await audit.list({ ...filters, cursor }, scope);
      seen.push(...result.items);
      if (result.nextCursor === null) return seen;
      cursor = result.nextCursor;
    }
    throw new Error('paging did not end');
  }

  it('lists everything newest first for an admin scope', () => {
    expect(actions(all)).toEqual(rows.map((row) => row.action).reverse());
    expect(ids(all)).toEqual([...ids(all)].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({
      actorType: 'user',
      actorId: 'bob',
      requestId: 'req-10',
      after: { i: 10 },
    });
  });

  it('restricts to the facilities in scope and hides rows with no facility', async () => {
    const onlyA = (await audit.list({}, [facilityA])).items;
    expect(actions(onlyA)).toEqual(['bay.reset', 'bay_ops.reset', 'sop.propose', 'bay.reset']);
    expect(onlyA.every((item) => item.facilityId === facilityA)).toBe(true);
    const both = (await audit.list({}, [facilityA, facilityB])).items;
    expect(both).toHaveLength(rows.filter((row) => row.facilityId !== null).length);
    expect((await audit.list({}, [])).items).toEqual([]);
    // A facility filter outside the scope widens nothing.
    expect((await audit.list({ facilityId: facilityB }, [facilityA])).items).toEqual([]);
    expect(actions((await audit.list({ facilityId: facilityB }, 'all')).items)).toEqual([
      'authentic.check',
      'bayXops.reset',
      'bay.reset',
    ]);
  });

  it("also shows the caller's own rows outside the scope, and nobody else's", async () => {
    const bobsOwn = (await audit.list({}, [facilityA], 'bob')).items;
    const ownOutsideScope = bobsOwn.filter((item) => item.facilityId !== facilityA);
    expect(ownOutsideScope.length).toBeGreaterThan(0);
    expect(ownOutsideScope.every((item) => item.actorType === 'user' && item.actorId === 'bob')).toBe(true);
    const inScope = (await audit.list({}, [facilityA])).items;
    expect(bobsOwn).toHaveLength(inScope.length + ownOutsideScope.length);
    // With an empty scope, only their own rows.
    const onlyOwn = (await audit.list({}, [], 'bob')).items;
    expect(onlyOwn.length).toBeGreaterThan(0);
    expect(onlyOwn.every((item) => item.actorId === 'bob')).toBe(true);
  });

  it('filters by actor type and actor id', async () => {
    expect(actions((await audit.list({ actorType: 'ai' }, 'all')).items)).toEqual([
      'bayXops.reset',
      'sop.propose',
    ]);
    const bobs = (await audit.list({ actorType: 'user', actorId: 'bob' }, 'all')).items;
    expect(actions(bobs)).toEqual(['authentic.check', 'auth.logout', 'bay.reset']);
  });

  it('matches an action exactly, or as a prefix when it ends with a dot', async () => {
    expect(actions((await audit.list({ action: 'auth.login' }, 'all')).items)).toEqual([
      'auth.login',
      'auth.login',
    ]);
    expect(actions((await audit.list({ action: 'auth.' }, 'all')).items)).toEqual([
      'auth.login',
      'auth.logout',
      'auth.login',
    ]);
    expect((await audit.list({ action: 'auth' }, 'all')).items).toEqual([]);
    expect(actions((await audit.list({ action: 'bay_ops.' }, 'all')).items)).toEqual(['bay_ops.reset']);
  });

  it('filters by a time range that includes its start and excludes its end', async () => {
    const oldestFirst = [...all].reverse();
    const from = oldestFirst[2]?.occurredAt ?? new Date();
    const to = oldestFirst[6]?.occurredAt ?? new Date();
    const inRange = (await audit.list({ from, to }, 'all')).items;
    expect(ids(inRange)).toEqual(ids(oldestFirst.slice(2, 6).reverse()));
    const combined = (await audit.list({ from, to, facilityId: facilityA }, 'all')).items;
    expect(actions(combined)).toEqual(['sop.propose']);
  });

  it('pages by cursor with no duplicates or gaps, with and without filters', async () => {
    const pages = await everyPage({ limit: 2 }, 'all');
    expect(ids(pages)).toEqual(ids(all));
    const firstPage = await audit.list({ limit: 2 }, 'all');
    expect(firstPage.nextCursor).toBe(all[1]?.id);
    const exact = await audit.list({ limit: all.length }, 'all');
    expect(exact.nextCursor).toBeNull();

    const scoped = await everyPage({ limit: 3 }, [facilityA, facilityB]);
    expect(ids(scoped)).toEqual(ids(all.filter((item) => item.facilityId !== null)));
    const users = await everyPage({ limit: 1, actorType: 'user' }, 'all');
    expect(ids(users)).toEqual(ids(all.filter((item) => item.actorType === 'user')));
  });

  it('refuses a limit or cursor out of range', async () => {
    await expect(audit.list({ limit: 0 }, 'all')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(audit.list({ limit: 201 }, 'all')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(audit.list({ cursor: 0 }, 'all')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  describe('through the router', () => {
    const users: Record<string, StaffUser> = {
      admin: { id: 'u-admin', email: 'admin@example.com', name: 'Admin', role: 'admin', facilityIds: [] },
      managerA: {
        id: 'u-ma',
        email: 'ma@example.com',
        name: 'Manager A',
        role: 'manager',
        facilityIds: [facilityA],
      },
      frontdeskA: {
        id: 'u-fa',
        email: 'fa@example.com',
        name: 'Desk A',
        role: 'frontdesk',
        facilityIds: [facilityA],
      },
    };
    // Sign-in belongs to the auth service; here a token is simply the key of a user above.
    const as = (token: string | null) => {
      const auth: Pick<AuthService, 'authenticate'> = {
        authenticate: async (bearer) => {
          const user = users[bearer];
          return user ? { user, sessionId: `s-${bearer}` } : null;
        },
      };
      const services = { audit, auth } as Partial<Services> as Services;
      return createCaller(createTestContext(services, { token }));
    };

    it('returns plain JSON with ISO timestamps, scoped to the manager facilities', async () => {
      const page = await as('managerA').list({});
      expect(page.items.map((item) => item.facilityId)).toEqual(Array(4).fill(facilityA));
      expect(JSON.parse(JSON.stringify(page))).toEqual(page);
      expect(page.items[0]?.occurredAt).toBe(
        all.find((item) => item.facilityId === facilityA)?.occurredAt.toISOString(),
      );
    });

    it('passes filters and paging through', async () => {
      const first = await as('admin').list({ action: 'auth.', limit: 2, from: '2000-01-01T02:00:00+02:00' });
      expect(first.items.map((item) => item.action)).toEqual(['auth.login', 'auth.logout']);
      const next = await as('admin').list({ action: 'auth.', limit: 2, cursor: first.nextCursor ?? 0 });
      expect(next).toMatchObject({ items: [{ action: 'auth.login' }], nextCursor: null });
      const until = all[3]?.occurredAt.toISOString();
      expect((await as('admin').list({ to: until })).items.map((item) => item.id)).toEqual(ids(all.slice(4)));
    });

    it('hides other facilities, and refuses front desk and anonymous callers', async () => {
      await expect(as('managerA').list({ facilityId: facilityB })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(as('frontdeskA').list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(as(null).list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it.each([
      { limit: 0 },
      { limit: 201 },
      { cursor: 0 },
      { actorType: 'robot' },
      { action: 'x'.repeat(101) },
      { from: 'yesterday' },
      { to: '2025-01-01' },
    ])('rejects bad input %o', async (input) => {
      await expect(as('admin').list(input as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('lets only an admin verify the chain', async () => {
      expect(await as('admin').verify()).toEqual({ ok: true, rows: rows.length });
      await expect(as('managerA').verify()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
