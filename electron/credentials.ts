import { type KeychainStatus, sessionTokenSchema } from '../shared/desktopApi.ts';
import type { KeytarPort } from './ports.ts';

export const KEYCHAIN_SERVICE = 'ClubOS';
export const SESSION_ACCOUNT = 'session';

export type CredentialStore = {
  /** Checks once whether the OS keychain answers; `status()` checks again while it does not. */
  probe(): Promise<KeychainStatus>;
  status(): Promise<KeychainStatus>;
  get(): Promise<string | null>;
  set(token: string): Promise<{ stored: true } | { stored: false; reason: string }>;
  clear(): Promise<void>;
};

export type CredentialStoreOptions = {
  service?: string;
  account?: string;
  /** A locked keyring can leave keytar waiting on an unlock prompt that nobody sees. */
  timeoutMs?: number;
};

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The session token in the OS keychain (Windows Credential Manager, macOS Keychain, libsecret). When
 * the keychain cannot be used the token is simply not kept: staff sign in again at the next start. It
 * is never written anywhere else.
 */
export function createCredentialStore(
  loadKeytar: () => Promise<KeytarPort>,
  options: CredentialStoreOptions = {},
): CredentialStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const account = options.account ?? SESSION_ACCOUNT;
  const timeoutMs = options.timeoutMs ?? 5_000;
  // keytar is an optional native addon: a machine where it failed to build or load simply has no keychain.
  let loaded: Promise<KeytarPort> | null = null;
  const call = <T>(what: string, run: (keytar: KeytarPort) => Promise<T>) => {
    loaded ??= loadKeytar().catch((error: unknown) => {
      loaded = null;
      throw new Error(`keytar could not be loaded: ${describe(error)}`);
    });
    return withTimeout(loaded.then(run), timeoutMs, `The OS keychain (${what})`);
  };

  let availability: Promise<KeychainStatus> | null = null;

  const probe = (): Promise<KeychainStatus> => {
    availability ??= call('probe', (keytar) => keytar.findCredentials(service)).then(
      (): KeychainStatus => ({ available: true }),
      (error: unknown): KeychainStatus => ({
        available: false,
        reason: `The OS keychain is unavailable (${describe(error)}); you will need to sign in each time ClubOS starts.`,
      }),
    );
    return availability;
  };

  return {
    probe,
    async status() {
      const known = await probe();
      if (known.available) return known;
      availability = null;
      return probe();
    },
    async get() {
      if (!(await probe()).available) return null;
      try {
        const token = await call('read', (keytar) => keytar.getPassword(service, account));
        if (token === null) return null;
        const parsed = sessionTokenSchema.safeParse(token);
        return parsed.success ? parsed.data : null;
      } catch (error) {
        console.warn(`Could not read the session token from the OS keychain: ${describe(error)}`);
        return null;
      }
    },
    async set(token) {
      const parsed = sessionTokenSchema.safeParse(token);
      if (!parsed.success) return { stored: false, reason: 'The session token is malformed.' };
      const known = await probe();
      if (!known.available) return { stored: false, reason: known.reason };
      try {
        await call('write', (keytar) => keytar.setPassword(service, account, parsed.data));
        return { stored: true };
      } catch (error) {
        return {
          stored: false,
          reason: `The OS keychain refused to save the session (${describe(error)}); you will need to sign in next time.`,
        };
      }
    },
    async clear() {
      if (!(await probe()).available) return;
      await call('delete', (keytar) => keytar.deletePassword(service, account));
    },
  };
}
