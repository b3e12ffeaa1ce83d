import { z } from 'zod';

/**
 * The one API the renderer gets from the desktop shell (Electron preload) or, in a browser, from the
 * web fallback. Declared once here; the preload checks its object against it with `satisfies`, and
 * the main process validates every IPC argument with the schemas below.
 */
export type KeychainStatus = { available: true } | { available: false; reason: string };

export type DesktopApi = {
  credentials: {
    /** The saved session token, or null when none is saved (or the keychain is unavailable). */
    get(): Promise<string | null>;
    /** Saves the token in the OS keychain. Never falls back to plain text: `stored: false` says why. */
    set(token: string): Promise<{ stored: true } | { stored: false; reason: string }>;
    clear(): Promise<void>;
    status(): Promise<KeychainStatus>;
  };
  settings: {
    getServerUrl(): Promise<string>;
    /** Normalises, saves and returns the URL; the connect-src of the CSP follows it. */
    setServerUrl(url: string): Promise<string>;
  };
  app: {
    version: string;
    /** 'desktop' in Electron, 'web' in a browser. */
    shell: 'desktop' | 'web';
  };
  /** A native notification (used for emergencies). */
  notify(title: string, body: string): Promise<void>;
};

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4310';

/** http(s) only, no credentials, no path beyond the origin: it becomes the CSP connect-src. */
export const serverUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }))
  .refine((value) => {
    const url = new URL(value);
    return !url.username && !url.password;
  }, 'must not contain a user name or password')
  .transform((value) => new URL(value).origin);

export const sessionTokenSchema = z
  .string()
  .min(16)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/);

/** IPC channel → the tuple of arguments it accepts. Anything else is rejected in the main process. */
export const ipcContract = {
  'credentials.get': z.tuple([]),
  'credentials.set': z.tuple([sessionTokenSchema]),
  'credentials.clear': z.tuple([]),
  'credentials.status': z.tuple([]),
  'settings.getServerUrl': z.tuple([]),
  'settings.setServerUrl': z.tuple([serverUrlSchema]),
  notify: z.tuple([z.string().min(1).max(120), z.string().max(1000)]),
} as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcArgs<C extends IpcChannel> = z.output<(typeof ipcContract)[C]>;
