import { create } from 'zustand';
import type { KeychainStatus } from '../../../shared/desktopApi.ts';
import type { StaffUser } from '../../../shared/user.ts';

export type SessionStatus =
  /** Reading the saved token and checking it with the server. */
  | { kind: 'starting' }
  /** A token is saved but the server could not be asked whether it is still good. */
  | { kind: 'unreachable'; message: string }
  | { kind: 'signedOut'; notice?: string }
  | { kind: 'signedIn'; user: StaffUser };

type SessionState = {
  /** Null until the host has said which server to use. */
  serverUrl: string | null;
  keychain: KeychainStatus | null;
  /** Set when signing in could not save the token, so the user knows the next start asks again. */
  keychainNotice: string | null;
  /** Sent as the bearer token; kept apart from `status` so it can be checked before sign-in completes. */
  token: string | null;
  status: SessionStatus;
};

export const useSession = create<SessionState>()(() => ({
  serverUrl: null,
  keychain: null,
  keychainNotice: null,
  token: null,
  status: { kind: 'starting' },
}));
