import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentialStore, KEYCHAIN_SERVICE, SESSION_ACCOUNT } from './credentials.ts';
import type { KeytarPort } from './ports.ts';
import { FakeKeytar } from './testing/fakeElectron.ts';

const TOKEN = 'tok_0123456789abcdefABCDEF';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('credential store with a working keychain', () => {
  it('keeps the token under service ClubOS', async () => {
    const keytar = new FakeKeytar();
    const store = createCredentialStore(async () => keytar);
    await expect(store.status()).resolves.toEqual({ available: true });
    await expect(store.set(TOKEN)).resolves.toEqual({ stored: true });
    expect(keytar.entries.get(`${KEYCHAIN_SERVICE}/${SESSION_ACCOUNT}`)).toBe(TOKEN);
    await expect(store.get()).resolves.toBe(TOKEN);
    await store.clear();
    await expect(store.get()).resolves.toBeNull();
  });

  it('ignores a stored value that is not a session token', async () => {
    const keytar = new FakeKeytar();
    keytar.entries.set('ClubOS/session', 'not a token; rm -rf /');
    await expect(createCredentialStore(async () => keytar).get()).resolves.toBeNull();
  });

  it('refuses to store a malformed token', async () => {
    const keytar = new FakeKeytar();
    const result = await createCredentialStore(async () => keytar).set('x');
    expect(result.stored).toBe(false);
    expect(keytar.entries.size).toBe(0);
  });
});

describe('credential store when the keychain is unavailable', () => {
  const broken = () => new FakeKeytar(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));

  it('says so, with the reason, from status', async () => {
    const status = await createCredentialStore(async () => broken()).status();
    expect(status.available).toBe(false);
    expect(!status.available && status.reason).toMatch(/D-Bus/);
    expect(!status.available && status.reason).toMatch(/sign in each time/);
  });

  it('does not store the token and says why; nothing else is written', async () => {
    const keytar = broken();
    const store = createCredentialStore(async () => keytar);
    const result = await store.set(TOKEN);
    expect(result).toEqual({ stored: false, reason: expect.stringMatching(/unavailable/) });
    expect(keytar.calls).not.toContain('setPassword');
    await expect(store.get()).resolves.toBeNull();
    await expect(store.clear()).resolves.toBeUndefined();
  });

  it('treats a keytar that cannot be loaded as no keychain', async () => {
    const store = createCredentialStore(async () => {
      throw new Error("Cannot find module 'keytar'");
    });
    const status = await store.status();
    expect(status).toEqual({ available: false, reason: expect.stringMatching(/keytar could not be loaded/) });
    await expect(store.set(TOKEN)).resolves.toMatchObject({ stored: false });
  });

  it('gives up on a keychain that never answers (a locked keyring waiting for a prompt)', async () => {
    const hanging: KeytarPort = {
      getPassword: () => new Promise(() => undefined),
      setPassword: () => new Promise(() => undefined),
      deletePassword: () => new Promise(() => undefined),
      findCredentials: () => new Promise(() => undefined),
    };
    const store = createCredentialStore(async () => hanging, { timeoutMs: 20 });
    await expect(store.status()).resolves.toEqual({
      available: false,
      reason: expect.stringMatching(/did not answer within 20 ms/),
    });
    await expect(store.set(TOKEN)).resolves.toMatchObject({ stored: false });
  });

  it('reports a write that fails after a good probe, without any fallback', async () => {
    const keytar = new FakeKeytar();
    vi.spyOn(keytar, 'setPassword').mockRejectedValue(
      new Error('The user name or passphrase you entered is not correct'),
    );
    const store = createCredentialStore(async () => keytar);
    await expect(store.set(TOKEN)).resolves.toEqual({
      stored: false,
      reason: expect.stringMatching(/refused to save/),
    });
    expect(keytar.entries.size).toBe(0);
  });

  it('notices when the keychain comes back (status probes again while unavailable)', async () => {
    let failure: Error | null = new Error('locked');
    const keytar = new FakeKeytar();
    vi.spyOn(keytar, 'findCredentials').mockImplementation(async () => {
      if (failure) throw failure;
      return [];
    });
    const store = createCredentialStore(async () => keytar);
    expect((await store.status()).available).toBe(false);
    failure = null;
    expect((await store.status()).available).toBe(true);
    await expect(store.set(TOKEN)).resolves.toEqual({ stored: true });
  });
});
