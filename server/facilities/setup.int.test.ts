import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/types.ts';
import { auditLog, bays, facilities } from '../db/schema/index.ts';
import { DomainError } from '../errors.ts';
import { engines } from '../test/databases.ts';
import { bedfordSetupFile } from '../test/fixtures.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { parseSetupFile, type SetupFile } from './setupFile.ts';

const cli = systemActor('cli');

// Each test uses its own slugs and phone numbers, so tests can share one database per engine.
function facility(slug: string, phone: string, bayCount = 2): SetupFile['facilities'][number] {
  return {
    slug,
    name: slug[0]?.toUpperCase() + slug.slice(1),
    timezone: 'America/Halifax',
    phoneNumber: phone,
    openphoneNumberId: `PN${slug}`,
    bays: Array.from({ length: bayCount }, (_, i) => ({
      number: i + 1,
      name: `Bay ${i + 1}`,
      ninjaDeviceId: 100 + i,
    })),
  };
}

async function thrown(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe.each(engines)('facility setup on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(() => app?.close());

  const db = () => app.database.handle.db;
  const facilityBySlug = async (slug: string) => {
    const [row] = await db().select().from(facilities).where(eq(facilities.slug, slug));
    return row;
  };
  const auditFor = async (facilityId: string) =>
    (await db().select().from(auditLog).where(eq(auditLog.facilityId, facilityId)).orderBy(auditLog.id)).map(
      (row) => row.action,
    );

  it('creates facilities and bays from the documented file, audited in the same transaction', async () => {
    const file = parseSetupFile(JSON.stringify(bedfordSetupFile()));
    expect(await app.services.facilities.applySetup(file, cli)).toEqual({
      facilitiesCreated: 1,
      facilitiesUpdated: 0,
      baysCreated: 2,
      baysUpdated: 0,
    });
    const bedford = await facilityBySlug('bedford');
    expect(bedford).toMatchObject({
      name: 'Bedford',
      phoneNumber: '+19025550100',
      openphoneNumberId: 'PNbedford',
    });
    if (!bedford) return;
    const details = await app.services.facilities.get(bedford.id);
    expect(details.bays.map((bay) => [bay.number, bay.name, bay.ninjaDeviceId])).toEqual([
      [1, 'Bay 1', 101],
      [2, 'Bay 2', 102],
    ]);
    expect(await auditFor(bedford.id)).toEqual(['facility.created', 'bay.created', 'bay.created']);
    const [created] = await db().select().from(auditLog).where(eq(auditLog.targetId, bedford.id));
    expect(created).toMatchObject({ actorType: 'system', actorLabel: 'cli', after: { slug: 'bedford' } });
  });

  it('re-applying the same file changes nothing; edits update in place and new bays are added', async () => {
    const file = { facilities: [facility('halifax', '+19025550300')] };
    await app.services.facilities.applySetup(file, cli);
    const first = await facilityBySlug('halifax');
    if (!first) throw new Error('halifax missing');
    app.clock.advance(60_000);

    expect(await app.services.facilities.applySetup(file, cli)).toEqual({
      facilitiesCreated: 0,
      facilitiesUpdated: 0,
      baysCreated: 0,
      baysUpdated: 0,
    });
    expect((await facilityBySlug('halifax'))?.updatedAt).toEqual(first.updatedAt);

    const edited = facility('halifax', '+19025550300', 3);
    edited.name = 'Halifax Downtown';
    if (edited.bays[0]) edited.bays[0].ninjaDeviceId = 999;
    expect(await app.services.facilities.applySetup({ facilities: [edited] }, cli)).toEqual({
      facilitiesCreated: 0,
      facilitiesUpdated: 1,
      baysCreated: 1,
      baysUpdated: 1,
    });
    const after = await facilityBySlug('halifax');
    expect(after?.id).toBe(first.id);
    expect(after?.name).toBe('Halifax Downtown');
    const stored = await db().select().from(bays).where(eq(bays.facilityId, first.id)).orderBy(bays.number);
    expect(stored.map((bay) => bay.ninjaDeviceId)).toEqual([999, 101, 102]);
    const actions = await auditFor(first.id);
    expect(actions.slice(-3)).toEqual(['facility.updated', 'bay.updated', 'bay.created']);
    const [updated] = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'facility.updated'))
      .orderBy(auditLog.id);
    expect(updated).toMatchObject({ before: { name: 'Halifax' }, after: { name: 'Halifax Downtown' } });
  });

  it('writes nothing when any part of the file fails', async () => {
    await app.services.facilities.applySetup({ facilities: [facility('truro', '+19025550400')] }, cli);
    const countsBefore = [
      (await db().select().from(facilities)).length,
      (await db().select().from(bays)).length,
      (await db().select().from(auditLog)).length,
    ];
    // The first facility is fine; the second takes a number another facility already uses.
    const error = await thrown(
      app.services.facilities.applySetup(
        { facilities: [facility('windsor', '+19025550500'), facility('wolfville', '+19025550400')] },
        cli,
      ),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('facilities[1].phoneNumber: +19025550400 is already used by facility "truro"');
    expect(await facilityBySlug('windsor')).toBeUndefined();
    expect([
      (await db().select().from(facilities)).length,
      (await db().select().from(bays)).length,
      (await db().select().from(auditLog)).length,
    ]).toEqual(countsBefore);
  });

  it('rolls back earlier writes when a later statement fails', async () => {
    // A trigger makes the database refuse one particular bay, after the facility and its first bay
    // (and their audit rows) have already been written inside the transaction.
    await db().execute(
      sql.raw(`create function refuse_exploding_bay() returns trigger language plpgsql as $$
        begin
          if new.name = 'Explode' then raise exception 'bay refused by test trigger'; end if;
          return new;
        end $$`),
    );
    await db().execute(
      sql.raw(`create trigger refuse_exploding_bay before insert on bays
        for each row execute function refuse_exploding_bay()`),
    );
    try {
      const before = (await db().select().from(auditLog)).length;
      const doomed = facility('pictou', '+19025551100', 3);
      if (doomed.bays[2]) doomed.bays[2].name = 'Explode';
      const error = await app.services.facilities.applySetup({ facilities: [doomed] }, cli).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(String((error as Error | undefined)?.cause)).toContain('bay refused by test trigger');
      expect(await facilityBySlug('pictou')).toBeUndefined();
      expect((await db().select().from(auditLog)).length).toBe(before);
    } finally {
      await db().execute(sql.raw('drop trigger refuse_exploding_bay on bays'));
      await db().execute(sql.raw('drop function refuse_exploding_bay()'));
    }
  });

  it('lets two facilities in one file swap phone numbers', async () => {
    await app.services.facilities.applySetup(
      { facilities: [facility('amherst', '+19025550600'), facility('antigonish', '+19025550700')] },
      cli,
    );
    const summary = await app.services.facilities.applySetup(
      { facilities: [facility('amherst', '+19025550700'), facility('antigonish', '+19025550600')] },
      cli,
    );
    expect(summary.facilitiesUpdated).toBe(2);
    expect((await facilityBySlug('amherst'))?.phoneNumber).toBe('+19025550700');
    expect((await facilityBySlug('antigonish'))?.phoneNumber).toBe('+19025550600');
  });

  it('keeps settings and actions, merging rather than wiping what is stored', async () => {
    const file = {
      ...facility('digby', '+19025550800'),
      settings: { openHour: 6 },
      actions: { reset: { scriptId: 7 } },
    };
    await app.services.facilities.applySetup({ facilities: [file] }, cli);
    expect((await facilityBySlug('digby'))?.settings).toEqual({
      openHour: 6,
      actions: { reset: { scriptId: 7 } },
    });
    await app.services.facilities.applySetup({ facilities: [{ ...facility('digby', '+19025550800') }] }, cli);
    expect((await facilityBySlug('digby'))?.settings).toEqual({
      openHour: 6,
      actions: { reset: { scriptId: 7 } },
    });
  });

  it('lists facilities in scope with bay counts and gets one with its bays', async () => {
    await app.services.facilities.applySetup(
      { facilities: [facility('yarmouth', '+19025550900', 3), facility('kentville', '+19025551000', 1)] },
      cli,
    );
    const yarmouth = await facilityBySlug('yarmouth');
    const kentville = await facilityBySlug('kentville');
    if (!yarmouth || !kentville) throw new Error('facilities missing');
    const scoped = await app.services.facilities.list([yarmouth.id]);
    expect(scoped).toEqual([
      {
        id: yarmouth.id,
        slug: 'yarmouth',
        name: 'Yarmouth',
        timezone: 'America/Halifax',
        phoneNumber: '+19025550900',
        bayCount: 3,
      },
    ]);
    expect(await app.services.facilities.list([])).toEqual([]);
    const all = await app.services.facilities.list('all');
    expect(all.find((row) => row.id === kentville.id)?.bayCount).toBe(1);
    expect((await thrown(app.services.facilities.get('00000000-0000-4000-8000-000000000000'))).code).toBe(
      'not_found',
    );
  });
});
