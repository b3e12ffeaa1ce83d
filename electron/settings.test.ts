import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SERVER_URL } from '../shared/desktopApi.ts';
import { createSettingsStore } from './settings.ts';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clubos-settings-'));
  file = join(dir, 'settings.json');
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('settings store', () => {
  it('starts with the default server URL when there is no file', async () => {
    const store = createSettingsStore(file);
    await store.load();
    expect(store.serverUrl()).toBe(DEFAULT_SERVER_URL);
    expect(store.windowState()).toBeUndefined();
  });

  it('uses the given default (the server npm start ran) until the user saves a URL', async () => {
    const store = createSettingsStore(file, 'http://127.0.0.1:5555');
    await store.load();
    expect(store.serverUrl()).toBe('http://127.0.0.1:5555');
    await store.setServerUrl('https://clubos.example.com');
    const reloaded = createSettingsStore(file, 'http://127.0.0.1:5555');
    await reloaded.load();
    expect(reloaded.serverUrl()).toBe('https://clubos.example.com');
  });

  it('normalises, saves and reloads the server URL', async () => {
    const store = createSettingsStore(file);
    await store.load();
    await expect(store.setServerUrl(' https://ops.example:8443/login ')).resolves.toBe(
      'https://ops.example:8443',
    );
    const again = createSettingsStore(file);
    await again.load();
    expect(again.serverUrl()).toBe('https://ops.example:8443');
  });

  it('refuses an invalid server URL and keeps the old one', async () => {
    const store = createSettingsStore(file);
    await store.load();
    await expect(store.setServerUrl('file:///etc/passwd')).rejects.toThrow();
    expect(store.serverUrl()).toBe(DEFAULT_SERVER_URL);
  });

  it('keeps the window state beside the server URL', async () => {
    const store = createSettingsStore(file);
    await store.load();
    await store.setServerUrl('http://10.0.0.5:4310');
    await store.setWindowState({ x: 10, y: 20, width: 1300, height: 900, maximized: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      serverUrl: 'http://10.0.0.5:4310',
      window: { x: 10, y: 20, width: 1300, height: 900, maximized: true },
    });
  });

  it('falls back per field when the file is damaged', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await writeFile(
      file,
      JSON.stringify({
        serverUrl: 'javascript:alert(1)',
        window: { x: 10, y: 20, width: 1300, height: 900, maximized: false },
      }),
    );
    const store = createSettingsStore(file);
    await store.load();
    expect(store.serverUrl()).toBe(DEFAULT_SERVER_URL);
    expect(store.windowState()).toEqual({ x: 10, y: 20, width: 1300, height: 900, maximized: false });

    await writeFile(file, '{ not json');
    await store.load();
    expect(store.serverUrl()).toBe(DEFAULT_SERVER_URL);
    expect(store.windowState()).toBeUndefined();
  });

  it('writes saves in order, so the last one wins', async () => {
    const store = createSettingsStore(file);
    await store.load();
    const saves = [1, 2, 3, 4, 5].map((n) =>
      store.setWindowState({ x: n, y: n, width: 1000 + n, height: 700, maximized: false }),
    );
    await Promise.all(saves);
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).window.x).toBe(5);
  });
});
