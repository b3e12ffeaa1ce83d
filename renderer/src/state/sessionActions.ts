import type { ApiClient } from '../api/client.ts';
import { describeError, isUnauthorized } from '../api/errors.ts';
import { desktop } from '../platform/desktop.ts';
import { carryNoticeAcrossReload, takeCarriedNotice } from './carriedNotice.ts';
import { useSession } from './session.ts';

// The session's transitions. Each one leaves the store in a state the UI can show as it is, and the
// token is only ever kept where the host keeps it (keychain, or session storage in a browser).

/** Asks the host which server to use and whether it can keep a sign-in. */
export async function loadHostSettings(): Promise<void> {
  const [serverUrl, keychain] = await Promise.all([
    desktop.settings.getServerUrl(),
    desktop.credentials
      .status()
      .catch((error: unknown) => ({ available: false as const, reason: describeError(error, '') })),
  ]);
  useSession.setState({ serverUrl, keychain });
}

/** At start: a saved token that the server still accepts skips the login screen. */
export async function restoreSession(client: ApiClient, serverUrl: string): Promise<void> {
  const token = await desktop.credentials.get().catch(() => null);
  if (!token) {
    useSession.setState({ token: null, status: { kind: 'signedOut', notice: takeCarriedNotice() } });
    return;
  }
  useSession.setState({ token });
  try {
    const user = await client.auth.me.query();
    useSession.setState({ status: { kind: 'signedIn', user } });
  } catch (error) {
    if (isUnauthorized(error)) {
      await desktop.credentials.clear();
      useSession.setState({
        token: null,
        status: { kind: 'signedOut', notice: 'Your last sign-in has ended. Sign in again.' },
      });
    } else {
      useSession.setState({ status: { kind: 'unreachable', message: describeError(error, serverUrl) } });
    }
  }
}

/** Throws the server's error (wrong password, locked, throttled, unreachable) for the form to show. */
export async function signIn(client: ApiClient, input: { email: string; password: string }): Promise<void> {
  const result = await client.auth.login.mutate(input);
  const serverUrl = useSession.getState().serverUrl ?? '';
  const saved = await desktop.credentials
    .set(result.token)
    .catch((error: unknown) => ({ stored: false as const, reason: describeError(error, serverUrl) }));
  useSession.setState({
    token: result.token,
    keychainNotice: saved.stored
      ? null
      : `Your sign-in could not be saved (${saved.reason}). You will need to sign in each time the app starts.`,
    status: { kind: 'signedIn', user: result.user },
  });
}

/**
 * Saves a new server address and reloads. The reload is what makes it take effect: in the desktop
 * app the page's CSP (connect-src) is fixed when the page loads, so this page could not reach the
 * new server. Nobody is signed in at this point.
 */
export async function switchServer(url: string, notice: string): Promise<void> {
  const serverUrl = await desktop.settings.setServerUrl(url);
  carryNoticeAcrossReload(notice.replace('{server}', serverUrl));
  window.location.reload();
}

/** Ends the session on the server, then forgets it here whatever the server said. */
export async function signOut(client: ApiClient, serverUrl: string): Promise<void> {
  let notice: string | undefined;
  try {
    await client.auth.logout.mutate();
  } catch (error) {
    if (!isUnauthorized(error)) {
      notice = `Signed out on this computer, but the server was not told (${describeError(error, serverUrl)}). That session ends by itself when it expires.`;
    }
  }
  await desktop.credentials.clear();
  useSession.setState({ token: null, keychainNotice: null, status: { kind: 'signedOut', notice } });
}

/** The server refused the token mid-session (expired, or signed out elsewhere). */
export async function expireSession(): Promise<void> {
  if (useSession.getState().status.kind !== 'signedIn') return;
  useSession.setState({
    token: null,
    keychainNotice: null,
    status: { kind: 'signedOut', notice: 'Your session has ended. Sign in again to continue.' },
  });
  await desktop.credentials.clear();
}

/** A new server means a new sign-in: the old session is ended on the old server first. */
export async function changeServer(client: ApiClient, oldUrl: string, newUrl: string): Promise<void> {
  await signOut(client, oldUrl);
  await switchServer(newUrl, 'Server changed to {server}. Sign in to continue.');
}
