import { serverUrlSchema } from '../shared/desktopApi.ts';
import { isAppUrl, parseHttpUrl } from './appOrigin.ts';
import type { SecureWebPreferences, SessionPort, ShellPort, WebContentsPort } from './ports.ts';

/** Electron's security checklist, applied to every window. */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

/**
 * The CSP sent with every `app://` response. The renderer is bundled, so scripts, styles and fonts come
 * only from the app itself; the one place it may talk to is the configured server.
 */
export function contentSecurityPolicy(serverUrl: string): string {
  const serverOrigin = serverUrlSchema.parse(serverUrl);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${serverOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Opens http(s) links in the user's browser. Anything else (file:, javascript:, smb:, ms-settings:, …)
 * could run or expose something on the PC, so it is refused.
 */
export async function openExternalSafely(shell: ShellPort, url: string): Promise<boolean> {
  const parsed = parseHttpUrl(url);
  if (!parsed) {
    console.warn(`Refused to open a non-http(s) URL externally: ${url.slice(0, 200)}`);
    return false;
  }
  await shell.openExternal(parsed.href);
  return true;
}

/** No navigation away from the app's own origin, no new windows, no <webview>. */
export function hardenWebContents(contents: WebContentsPort, shell: ShellPort): void {
  const stayInApp = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (parseHttpUrl(url)) {
      openExternalSafely(shell, url).catch((error: unknown) => {
        console.warn('Could not open a link in the browser:', error);
      });
    }
    return { action: 'deny' };
  });
}

/** The renderer may show notifications; every other permission (camera, geolocation, USB, …) is denied. */
const GRANTABLE_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTABLE_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

export function installPermissionHandlers(session: SessionPort): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );
}
