// The real keytar against a real Secret Service. Run it with `npm run test:keychain`, which starts a
// private D-Bus session with an unlocked gnome-keyring-daemon (scripts/with-keyring.sh).
import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialStore, createCredentialStore, KEYCHAIN_SERVICE } from './credentials.ts';

// A fresh account per run, so a developer's real saved session (account "session") is never touched.
const account = `test-${randomUUID()}`;
const token = `tok_${randomUUID().replaceAll('-', '')}`;
let store: CredentialStore;
let available = false;

beforeAll(async () => {
  store = createCredentialStore(async () => keytar, { account, timeoutMs: 10_000 });
  const status = await store.probe();
  available = status.available;
  if (!status.available) {
    throw new Error(
      `${status.reason}\nThis suite needs a Secret Service: run it with \`npm run test:keychain\`, ` +
        'which starts dbus-run-session and an unlocked gnome-keyring-daemon.',
    );
  }
});

afterAll(async () => {
  if (available) await keytar.deletePassword(KEYCHAIN_SERVICE, account);
});

describe('keytar round trip in the OS keyring', () => {
  it('reports the keychain as available', async () => {
    await expect(store.status()).resolves.toEqual({ available: true });
  });

  it('sets, gets and clears the session token under service ClubOS', async () => {
    await expect(store.get()).resolves.toBeNull();
    await expect(store.set(token)).resolves.toEqual({ stored: true });
    await expect(store.get()).resolves.toBe(token);
    // Stored where other tools (and the next start) will find it.
    await expect(keytar.getPassword(KEYCHAIN_SERVICE, account)).resolves.toBe(token);
    await store.clear();
    await expect(store.get()).resolves.toBeNull();
    await expect(keytar.getPassword(KEYCHAIN_SERVICE, account)).resolves.toBeNull();
  });

  it('replaces the token when a new session is saved', async () => {
    const next = `tok_${randomUUID().replaceAll('-', '')}`;
    await store.set(token);
    await store.set(next);
    await expect(store.get()).resolves.toBe(next);
    await store.clear();
  });
});
