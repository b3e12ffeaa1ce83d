import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../retryAfter.ts';
import { createNinjaOneClient } from './client.ts';
import { type FakeNinjaOne, startFakeNinjaOne } from './fakeServer.ts';
import { NinjaOneError } from './types.ts';

const clientId = 'clubos-test-client';
const clientSecret = 'fake-secret-5f2c9a0d41e7';
const BAY = 9001;
const SCRIPT = 12;

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function failure(promise: Promise<unknown>): Promise<NinjaOneError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof NinjaOneError)) throw new Error(`expected a NinjaOneError, got ${String(error)}`);
  return error;
}

describe('NinjaOne client against the fake', () => {
  let fake: FakeNinjaOne;

  async function start(options: { timeoutMs?: number } = {}) {
    fake = await startFakeNinjaOne({
      devices: [{ id: BAY, systemName: 'BAY1-PC', scriptIds: [SCRIPT] }, { id: 9002 }],
      clientId,
      clientSecret,
      rebootOfflineAfterMs: 30,
      rebootDowntimeMs: 200,
      scriptRunMs: 30,
    });
    const client = createNinjaOneClient({
      url: fake.url,
      clientId,
      clientSecret,
      timeoutMs: options.timeoutMs,
    });
    return { client, control: fake.control };
  }

  afterEach(async () => {
    await fake?.close();
  });

  it('caches the token: one token request for several calls, shared by concurrent callers', async () => {
    const { client, control } = await start();
    await Promise.all([client.getDevice(BAY), client.getDevice(9002), client.listDevices()]);
    await client.getActivities(BAY);
    expect(control.calls('POST', '/ws/oauth/token')).toBe(1);
    const devices = await client.listDevices();
    expect(devices.map((device) => device.id)).toEqual([BAY, 9002]);
    expect(devices[0]).toMatchObject({
      systemName: 'BAY1-PC',
      offline: false,
      nodeClass: 'WINDOWS_WORKSTATION',
    });
  });

  it('refreshes the token after a 401 and retries the call once', async () => {
    const { client, control } = await start();
    await client.getDevice(BAY);
    control.expireTokens();
    await expect(client.getDevice(BAY)).resolves.toMatchObject({ id: BAY });
    expect(control.calls('POST', '/ws/oauth/token')).toBe(2);
    expect(control.calls('GET', `/v2/device/${BAY}`)).toBe(3);
  });

  it('gives up with unauthorized when the fresh token is refused too', async () => {
    const { client, control } = await start();
    control.failNext('/v2/device/*', { status: 401, times: 2 });
    const error = await failure(client.getDevice(BAY));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, retryable: false });
    expect(control.calls('GET', `/v2/device/${BAY}`)).toBe(2);
  });

  it('says unauthorized when the client credentials are wrong, without quoting them', async () => {
    const { control } = await start();
    const client = createNinjaOneClient({ url: fake.url, clientId, clientSecret: 'not-the-secret' });
    const error = await failure(client.listDevices());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).not.toContain('not-the-secret');
    expect(control.calls('GET', '/v2/devices')).toBe(0);
  });

  it('turns a 429 into rate_limited with Retry-After in milliseconds, and does not retry by itself', async () => {
    const { client, control } = await start();
    control.failNext('/v2/devices', { status: 429, retryAfterSeconds: 7 });
    const error = await failure(client.listDevices());
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 7_000, retryable: true });
    expect(control.calls('GET', '/v2/devices')).toBe(1);
    control.failNext('any', { status: 429 });
    expect((await failure(client.listDevices())).retryAfterMs).toBe(5_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('turns a 500 into a retryable unavailable error, and the next call succeeds', async () => {
    const { client, control } = await start();
    control.failNext('any', { status: 500 });
    const error = await failure(client.getDevice(BAY));
    expect(error).toMatchObject({ kind: 'unavailable', status: 500, retryable: true });
    await expect(client.getDevice(BAY)).resolves.toMatchObject({ id: BAY });
  });

  it('times out a slow reply', async () => {
    const { client, control } = await start({ timeoutMs: 150 });
    await client.getDevice(BAY);
    control.slow(2_000);
    const error = await failure(client.getDevice(BAY));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('maps an unknown device to not_found', async () => {
    const { client } = await start();
    expect((await failure(client.getDevice(4242))).kind).toBe('not_found');
  });

  it('reboots a device: it goes offline, comes back, and the activities tell the story newest first', async () => {
    const { client } = await start();
    await client.reboot(BAY, 'Frozen simulator (ClubOS, by Front Desk)');
    await waitFor(async () => (await client.getDevice(BAY)).offline);
    await waitFor(async () => !(await client.getDevice(BAY)).offline);
    const activities = await client.getActivities(BAY);
    expect(activities.map((activity) => [activity.activityType, activity.statusCode])).toEqual([
      ['ACTION', 'COMPLETED'],
      ['ACTION', 'START_REQUESTED'],
    ]);
    expect(activities[1]?.message).toContain('Frozen simulator');
    expect(activities[0]?.activityTime).toBeGreaterThanOrEqual(activities[1]?.activityTime ?? Infinity);
  });

  it('never brings back a device told to stay down', async () => {
    const { client, control } = await start();
    control.neverComesBack(BAY);
    await client.reboot(BAY, 'test');
    await waitFor(async () => (await client.getDevice(BAY)).offline);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await client.getDevice(BAY)).offline).toBe(true);
  });

  it('lists runnable scripts and runs one; an unknown script id is rejected', async () => {
    const { client, control } = await start();
    expect(await client.getScriptingOptions(BAY)).toEqual([
      expect.objectContaining({ id: SCRIPT, language: 'powershell' }),
    ]);
    await client.runScript(BAY, SCRIPT);
    await waitFor(async () => (await client.getActivities(BAY))[0]?.statusCode === 'COMPLETED');
    expect((await client.getActivities(BAY))[0]).toMatchObject({
      activityType: 'SCRIPTING',
      status: 'COMPLETED',
    });

    control.failScript(BAY, 'TrackMan.Gui.Shell would not stop');
    await client.runScript(BAY, SCRIPT);
    await waitFor(async () => (await client.getActivities(BAY))[0]?.status === 'FAILED');
    expect((await client.getActivities(BAY))[0]?.message).toBe('TrackMan.Gui.Shell would not stop');

    const error = await failure(client.runScript(BAY, 99));
    expect(error).toMatchObject({ kind: 'rejected', status: 400, retryable: false });
  });

  it('fails script runs on a frozen device until it is rebooted', async () => {
    const { client, control } = await start();
    control.freeze(BAY);
    await client.runScript(BAY, SCRIPT);
    await waitFor(async () => (await client.getActivities(BAY))[0]?.status === 'FAILED');
    await client.reboot(BAY, 'frozen');
    await waitFor(async () => {
      const [latest] = await client.getActivities(BAY);
      return latest?.activityType === 'ACTION' && latest.statusCode === 'COMPLETED';
    });
    await client.runScript(BAY, SCRIPT);
    await waitFor(async () => (await client.getActivities(BAY, { pageSize: 1 }))[0]?.status === 'COMPLETED');
  });

  it('rejects a malformed reply clearly, naming the missing field', async () => {
    const client = createNinjaOneClient({
      url: 'http://ninja.invalid',
      tokenSource: { getToken: async () => 'token', invalidate: () => {} },
      fetch: async () => Response.json({ id: BAY, systemName: 'no offline flag' }),
    });
    const error = await failure(client.getDevice(BAY));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('offline');
  });

  it('tolerates a bare-array activities reply with unknown fields and null extras', async () => {
    const client = createNinjaOneClient({
      url: 'http://ninja.invalid',
      tokenSource: { getToken: async () => 'token', invalidate: () => {} },
      fetch: async () =>
        Response.json([
          { id: 1, activityTime: 100.5, statusCode: 'COMPLETED', message: null, extra: { a: 1 } },
          { id: 2, activityTime: '200', status: 'START_REQUESTED' },
        ]),
    });
    const activities = await client.getActivities(BAY);
    expect(activities.map((activity) => activity.id)).toEqual([2, 1]);
    expect(activities[1]).toMatchObject({ activityTime: 100.5, message: undefined, extra: { a: 1 } });
  });

  it('chaos, driven by a seeded rng, takes a device offline for a while, or freezes one', async () => {
    const rolls = [0, 0.1, 0.99, 0.9];
    fake = await startFakeNinjaOne({
      devices: [
        { id: BAY, scriptIds: [SCRIPT] },
        { id: 9002, scriptIds: [SCRIPT] },
      ],
      clientId,
      clientSecret,
      scriptRunMs: 10,
      chaos: { everyMs: 40, offlineForMs: 150, rng: () => rolls.shift() ?? 1 },
    });
    const client = createNinjaOneClient({ url: fake.url, clientId, clientSecret });
    // First tick: rolls 0 (first device) and 0.1 (< 0.5: offline). Second: 0.99 (last online device), 0.9 (freeze).
    await waitFor(async () => (await client.getDevice(BAY)).offline);
    await waitFor(async () => !(await client.getDevice(BAY)).offline);
    expect((await client.getDevice(9002)).offline).toBe(false);
    await client.runScript(9002, SCRIPT);
    await waitFor(async () => (await client.getActivities(9002))[0]?.status === 'FAILED');
  });

  it('never puts the secret or a token in a URL', async () => {
    const { client, control } = await start();
    await client.listDevices();
    control.expireTokens();
    await client.getActivities(BAY);
    await client.reboot(BAY, 'check');
    expect(control.requests.length).toBeGreaterThan(4);
    for (const request of control.requests) {
      expect(`${request.path}${request.query}`).not.toContain(clientSecret);
      expect(`${request.path}${request.query}`).not.toContain(clientId);
    }
  });
});
