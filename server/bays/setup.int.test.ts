import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/types.ts';
import { facilities } from '../db/schema/index.ts';
import { DomainError } from '../errors.ts';
import { parseSetupFile } from '../facilities/setupFile.ts';
import { engines } from '../test/databases.ts';
import { createTestApp } from '../test/harness.ts';
import { baySetup, bedfordDevice, DARTMOUTH_DEVICE } from './fixtures.ts';
import { type BayTestApp, createBayTestApp } from './testApp.ts';

const cli = systemActor('cli');

async function domainError(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof DomainError) return error;
  throw new Error(`expected a DomainError, got ${String(error)}`);
}

describe('the restart-sim script id in the setup file', () => {
  it('must be a positive whole number, named by its path', () => {
    const file = baySetup(1);
    const text = JSON.stringify({
      facilities: [{ ...file.facilities[0], actions: { 'restart-sim': { scriptId: -4 } } }],
    });
    expect(() => parseSetupFile(text)).toThrow(
      'Invalid setup file: facilities[0].actions.restart-sim.scriptId: expected a positive integer',
    );
    const typo = JSON.stringify({
      facilities: [{ ...file.facilities[0], actions: { 'restart-sim': { scriptID: 4 } } }],
    });
    expect(() => parseSetupFile(typo)).toThrow('facilities[0].actions.restart-sim.scriptID: unknown field');
  });
});

describe.each(engines)('setup checks restart scripts against NinjaOne on %s', (engine) => {
  let app: BayTestApp;
  beforeAll(async () => {
    // Dartmouth's device (201) is not in this fake NinjaOne.
    app = await createBayTestApp(engine, { deviceIds: [bedfordDevice(1), bedfordDevice(2)] });
  });
  afterAll(() => app?.close());

  const facilityCount = async () => (await app.database.handle.db.select().from(facilities)).length;

  it("refuses a script id a bay's PC does not offer, naming the field and the bay, and writes nothing", async () => {
    const file = baySetup(2);
    if (file.facilities[0]) file.facilities[0].actions = { 'restart-sim': { scriptId: 99 } };
    file.facilities.pop();
    const error = await domainError(app.services.facilities.applySetup(file, cli));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      `facilities[0].actions.restart-sim.scriptId: script 99 is not available on Bay 1's PC (NinjaOne device ${bedfordDevice(1)}) of "bedford"`,
    );
    expect(await facilityCount()).toBe(0);
  });

  it('names a device NinjaOne does not know', async () => {
    const file = baySetup(1);
    const error = await domainError(app.services.facilities.applySetup(file, cli));
    expect(error.message).toBe(
      `facilities[1].actions.restart-sim.scriptId: NinjaOne has no device ${DARTMOUTH_DEVICE} (Bay 1 of "dartmouth"), so script 12 cannot be checked`,
    );
    expect(await facilityCount()).toBe(0);
  });

  it('stops, writing nothing, when NinjaOne cannot be reached', async () => {
    const file = baySetup(2);
    file.facilities.pop();
    app.ninja.control.failNext('any', { status: 503, times: 2 });
    const error = await domainError(app.services.facilities.applySetup(file, cli));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(
      /^facilities\[0\]\.actions\.restart-sim\.scriptId: could not check script 12/,
    );
    expect(await facilityCount()).toBe(0);
  });

  it('accepts a script every bay offers, asking NinjaOne once per bay', async () => {
    const file = baySetup(2);
    file.facilities.pop();
    const before = app.ninja.control.calls('GET', '/v2/device/*/scripting/options');
    await app.services.facilities.applySetup(file, cli);
    expect(app.ninja.control.calls('GET', '/v2/device/*/scripting/options') - before).toBe(2);
    const [bedford] = await app.database.handle.db
      .select()
      .from(facilities)
      .where(eq(facilities.slug, 'bedford'));
    expect(bedford?.settings).toEqual({ actions: { 'restart-sim': { scriptId: 12 } } });
  });
});

describe.each(engines)('setup without NinjaOne configured on %s', (engine) => {
  it('skips the script check', async () => {
    const app = await createTestApp(engine);
    try {
      const summary = await app.services.facilities.applySetup(baySetup(1), cli);
      expect(summary.facilitiesCreated).toBe(2);
    } finally {
      await app.close();
    }
  });
});
