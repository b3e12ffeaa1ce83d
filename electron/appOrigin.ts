/**
 * The renderer is served from a privileged custom scheme (`app://clubos/…`) rather than file://, so it
 * gets a real origin that CSP `'self'`, the navigation guards and the IPC sender check can all name.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'clubos';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for `app://clubos` and anything under it. Compared by parts because Node's WHATWG URL reports
 * the origin of a non-special scheme as "null" (Chromium does not, once the scheme is registered as
 * standard).
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** http: and https: only; everything else (file:, javascript:, smb:, custom handlers) is refused. */
export function parseHttpUrl(url: string): URL | null {
  const parsed = parse(url);
  return parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') ? parsed : null;
}
