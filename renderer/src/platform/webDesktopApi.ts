import {
  DEFAULT_SERVER_URL,
  type DesktopApi,
  serverUrlSchema,
  sessionTokenSchema,
} from '../../../shared/desktopApi.ts';

const TOKEN_KEY = 'clubos.sessionToken';
const SERVER_URL_KEY = 'clubos.serverUrl';

/**
 * True when the server itself served this page: the API is then this origin, and the CSP
 * (`connect-src 'self'`) allows nothing else anyway. The Vite dev server is http too, but is not
 * the API, so development builds use the saved setting instead.
 */
export function servedByServer(): boolean {
  return !import.meta.env.DEV && /^https?:$/.test(window.location.protocol);
}

function savedServerUrl(): string {
  const saved = window.localStorage.getItem(SERVER_URL_KEY);
  const parsed = serverUrlSchema.safeParse(saved ?? '');
  return parsed.success ? parsed.data : DEFAULT_SERVER_URL;
}

/**
 * The desktop API for a browser. The session token lives in session storage: it survives a reload
 * of this tab and is gone when the tab closes, and it is never written anywhere that outlives that.
 */
export const webDesktopApi: DesktopApi = {
  credentials: {
    async get() {
      const token = window.sessionStorage.getItem(TOKEN_KEY);
      return token !== null && sessionTokenSchema.safeParse(token).success ? token : null;
    },
    async set(token) {
      window.sessionStorage.setItem(TOKEN_KEY, sessionTokenSchema.parse(token));
      return { stored: true };
    },
    async clear() {
      window.sessionStorage.removeItem(TOKEN_KEY);
    },
    async status() {
      return { available: true };
    },
  },
  settings: {
    async getServerUrl() {
      return servedByServer() ? window.location.origin : savedServerUrl();
    },
    async setServerUrl(url) {
      const normalised = serverUrlSchema.parse(url);
      window.localStorage.setItem(SERVER_URL_KEY, normalised);
      return normalised;
    },
  },
  app: { version: __CLUBOS_VERSION__, shell: 'web' },
  async notify(title, body) {
    if (!('Notification' in window)) return;
    if (Notification.permission === 'default') await Notification.requestPermission();
    if (Notification.permission === 'granted') new Notification(title, { body });
  },
};
