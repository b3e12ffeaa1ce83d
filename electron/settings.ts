import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SERVER_URL, serverUrlSchema } from '../shared/desktopApi.ts';

const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

export type WindowState = z.infer<typeof windowStateSchema>;

/**
 * `settings.json` in userData. Each field is validated on its own, so one damaged value (say a
 * hand-edited server URL) falls back to its default without losing the rest.
 */
const settingsFileSchema = (defaultServerUrl: string) =>
  z.object({
    serverUrl: serverUrlSchema.catch(defaultServerUrl),
    window: windowStateSchema.optional().catch(undefined),
  });

type SettingsFile = z.output<ReturnType<typeof settingsFileSchema>>;

export type SettingsStore = {
  /** Reads the file once; later reads come from memory. */
  load(): Promise<void>;
  serverUrl(): string;
  /** Validates, normalises to the origin, saves and returns it. */
  setServerUrl(url: string): Promise<string>;
  windowState(): WindowState | undefined;
  setWindowState(state: WindowState): Promise<void>;
  /** Settles when every save started so far has finished (or failed). */
  flush(): Promise<void>;
};

/**
 * `defaultServerUrl` applies until the user saves one: `npm start` passes the URL of the server it
 * just started (CLUBOS_SERVER_URL), so a non-default PORT still connects on first run.
 */
export function createSettingsStore(file: string, defaultServerUrl = DEFAULT_SERVER_URL): SettingsStore {
  const fileSchema = settingsFileSchema(defaultServerUrl);
  const defaults = (): SettingsFile => ({ serverUrl: defaultServerUrl, window: undefined });
  let current = defaults();
  // Saves run one after another so an older snapshot never lands after a newer one.
  let saving: Promise<void> = Promise.resolve();

  const save = (): Promise<void> => {
    const snapshot = `${JSON.stringify(current, null, 2)}\n`;
    const run = saving
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dirname(file), { recursive: true });
        const temporary = `${file}.tmp`;
        await writeFile(temporary, snapshot, 'utf8');
        try {
          await rename(temporary, file);
        } catch {
          // Windows can refuse the rename while a scanner holds the target open; write in place instead.
          await writeFile(file, snapshot, 'utf8');
        }
      });
    saving = run;
    return run;
  };

  return {
    async load() {
      let raw: string;
      try {
        raw = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') {
          console.warn(`Could not read ${file}; using default settings:`, error);
        }
        current = defaults();
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        console.warn(`${file} is not valid JSON; using default settings`);
        json = {};
      }
      const parsed = fileSchema.safeParse(json);
      current = parsed.success ? parsed.data : defaults();
    },
    serverUrl: () => current.serverUrl,
    async setServerUrl(url) {
      const serverUrl = serverUrlSchema.parse(url);
      current = { ...current, serverUrl };
      await save();
      return serverUrl;
    },
    windowState: () => current.window,
    async setWindowState(state) {
      current = { ...current, window: windowStateSchema.parse(state) };
      await save();
    },
    flush: () => saving.catch(() => undefined),
  };
}
