import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/types.ts';
import { engines } from '../test/databases.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { seedDemo } from './seed.ts';

describe.each(engines)('demo seed on %s', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
  });
  afterEach(() => app?.close());

  it('seeds a demo facility and two working logins into an empty database, once', async () => {
    const lines: string[] = [];
    expect(await seedDemo(app.services, (line) => lines.push(line))).toBe(true);

    const text = lines.join('\n');
    expect(text).toContain('Demo logins (shown once, save them now):');
    const logins = [...text.matchAll(/(frontdesk|manager)\s+(\S+@demo\.clubos\.local)\s+(\S+)/g)].map(
      (match) => ({
        role: match[1],
        email: match[2] ?? '',
        password: match[3] ?? '',
      }),
    );
    expect(logins.map((login) => [login.role, login.email])).toEqual([
      ['frontdesk', 'frontdesk@demo.clubos.local'],
      ['manager', 'manager@demo.clubos.local'],
    ]);
    expect(logins[0]?.password).not.toBe(logins[1]?.password);

    const [facility] = await app.services.facilities.list('all');
    expect(facility).toMatchObject({
      slug: 'demo',
      name: 'ClubOS Demo',
      phoneNumber: '+19025550199',
      bayCount: 6,
    });
    if (!facility) return;
    const details = await app.services.facilities.get(facility.id);
    expect(details.timezone).toBe('America/Halifax');
    expect(details.openphoneNumberId).toBe('PNdemo');
    expect(details.bays.map((bay) => [bay.name, bay.ninjaDeviceId])).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => [`Bay ${n}`, 9000 + n]),
    );

    for (const login of logins) {
      expect(login.password.length).toBeGreaterThanOrEqual(18);
      const session = await app.caller().auth.login({ email: login.email, password: login.password });
      expect(session.user).toMatchObject({ role: login.role, facilityIds: [facility.id] });
    }

    const again: string[] = [];
    expect(await seedDemo(app.services, (line) => again.push(line))).toBe(false);
    expect(again).toEqual([]);
    expect(await app.services.users.list('all')).toHaveLength(2);
  });

  it('leaves a database that already has a facility alone', async () => {
    await app.services.facilities.applySetup(
      {
        facilities: [
          { slug: 'real', name: 'Real', timezone: 'America/Halifax', phoneNumber: '+19025550100', bays: [] },
        ],
      },
      systemActor('test'),
    );
    const lines: string[] = [];
    expect(await seedDemo(app.services, (line) => lines.push(line))).toBe(false);
    expect(lines).toEqual([]);
    expect(await app.services.users.list('all')).toEqual([]);
  });
});
