import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DesktopApp, type DesktopAppDeps, startDesktopApp } from './app.ts';
import { secureWebPreferences } from './security.ts';
import {
  createFakeElectron,
  type FakeElectron,
  FakeKeytar,
  FakeWebContents,
} from './testing/fakeElectron.ts';

const TOKEN = 'tok_0123456789abcdefABCDEF';
const MAIN_DIR = join('/opt', 'ClubOS', 'resources', 'app.asar', 'out', 'main');

let userData: string;
let electron: FakeElectron;
let started: DesktopApp[] = [];

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'clubos-app-'));
  electron = createFakeElectron(userData);
});

afterEach(async () => {
  vi.restoreAllMocks();
  // A closed window saves its bounds in the background; let that finish before deleting the folder.
  await Promise.all(started.map((app) => app.settings.flush()));
  started = [];
  await rm(userData, { recursive: true, force: true });
});

function start(overrides: Partial<DesktopAppDeps> = {}): DesktopApp | null {
  const app = startDesktopApp({
    electron,
    loadKeytar: async () => new FakeKeytar(),
    mainDir: MAIN_DIR,
    platform: 'win32',
    env: {},
    ...overrides,
  });
  if (app) started.push(app);
  return app;
}

async function startReady(overrides: Partial<DesktopAppDeps> = {}) {
  const app = start(overrides);
  if (!app) throw new Error('expected to hold the single-instance lock');
  electron.app.becomeReady();
  await app.ready;
  const window = electron.BrowserWindow.created.at(-1);
  if (!window) throw new Error('no window was created');
  return { app, window };
}

/** What the preload's ipcRenderer.invoke would do from the app window. */
function invokeFrom(window: { webContents: FakeWebContents }, channel: string, ...args: unknown[]) {
  return electron.ipcMain.invoke(channel, { contents: window.webContents }, ...args);
}

async function writeSettings(settings: object) {
  await writeFile(join(userData, 'settings.json'), JSON.stringify(settings));
}

describe('start-up', () => {
  it('prepares the privileged scheme and the sandbox before the app is ready', () => {
    start();
    expect(electron.protocol.privileged.map((scheme) => scheme.scheme)).toEqual(['app']);
    expect(electron.protocol.registeredAfterReady).toBe(false);
    expect(electron.app.sandboxEnabled).toBe(true);
    expect(electron.app.appUserModelId).toBe('com.clubos.missioncontrol');
    expect(electron.BrowserWindow.created).toHaveLength(0);
  });

  it('opens one window with the secure web preferences, showing the bundled app', async () => {
    const { window } = await startReady();
    expect(electron.BrowserWindow.created).toHaveLength(1);
    expect(window.options.webPreferences).toEqual(
      secureWebPreferences(join(MAIN_DIR, '..', 'preload', 'preload.cjs')),
    );
    expect(window.loadedUrls).toEqual(['app://clubos/index.html']);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('gives every window it creates the secure web preferences, and hardens every webContents', async () => {
    const { window } = await startReady({ platform: 'darwin' });
    window.close();
    electron.app.emit('activate');
    expect(electron.BrowserWindow.created).toHaveLength(2);
    for (const created of electron.BrowserWindow.created) {
      expect(created.options.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      });
      expect(created.webContents.navigate('https://evil.example/')).toBe(false);
      expect(created.webContents.open('https://evil.example/')).toEqual({ action: 'deny' });
    }
    // A webContents Electron creates by itself (not one of our windows) gets the same guards.
    const other = new FakeWebContents('app://clubos/index.html');
    electron.app.emit('web-contents-created', {}, other);
    expect(other.navigate('https://evil.example/')).toBe(false);
    expect(other.attachWebview()).toBe(false);
  });

  it('installs the deny-by-default permission handlers', async () => {
    await startReady();
    const session = electron.session.defaultSession;
    expect(session.request('media', 'app://clubos/index.html')).toBe(false);
    expect(session.check('geolocation', 'app://clubos')).toBe(false);
    expect(session.request('notifications', 'app://clubos/index.html')).toBe(true);
  });

  it('keeps userData where CLUBOS_USER_DATA_DIR points', async () => {
    const elsewhere = join(userData, 'profile-2');
    start({ env: { CLUBOS_USER_DATA_DIR: elsewhere } });
    expect(electron.app.getPath('userData')).toBe(elsewhere);
  });
});

describe('single instance', () => {
  it('quits at once when another instance holds the lock', () => {
    electron.app.hasSingleInstanceLock = false;
    expect(start()).toBeNull();
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.protocol.privileged).toEqual([]);
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });

  it('brings the existing window to the front when a second instance starts', async () => {
    const { window } = await startReady();
    window.minimized = true;
    window.shown = false;
    electron.app.emit('second-instance');
    expect(window.isMinimized()).toBe(false);
    expect(window.shown).toBe(true);
    expect(window.focused).toBe(true);
    expect(electron.BrowserWindow.created).toHaveLength(1);
  });
});

describe('window state', () => {
  it('restores the saved bounds and maximised state on a visible display', async () => {
    await writeSettings({ window: { x: 200, y: 120, width: 1400, height: 900, maximized: true } });
    const { window } = await startReady();
    expect(window.options).toMatchObject({ x: 200, y: 120, width: 1400, height: 900 });
    expect(window.maximized).toBe(true);
  });

  it('opens centred at the default size when the saved display is gone', async () => {
    await writeSettings({ window: { x: 3000, y: 120, width: 1400, height: 900, maximized: false } });
    const { window } = await startReady();
    expect(window.options.x).toBeUndefined();
    expect(window.options.y).toBeUndefined();
    expect(window.options).toMatchObject({ width: 1280, height: 800 });
  });

  it('saves the bounds when the window closes, and the next start restores them', async () => {
    const { app, window } = await startReady();
    window.bounds = { x: 50, y: 60, width: 1500, height: 950 };
    window.maximized = true;
    electron.app.closeAllWindows();
    await app.settings.flush();
    const saved = JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8'));
    expect(saved.window).toEqual({ x: 50, y: 60, width: 1500, height: 950, maximized: true });

    electron = createFakeElectron(userData);
    const { window: next } = await startReady();
    expect(next.options).toMatchObject({ x: 50, y: 60, width: 1500, height: 950 });
    expect(next.maximized).toBe(true);
  });

  it('saves moves and resizes after a quiet period', async () => {
    const { app, window } = await startReady({ windowStateSaveDelayMs: 10 });
    window.setBoundsByUser({ x: 300, y: 200, width: 1111, height: 777 });
    await vi.waitFor(async () => {
      await app.settings.flush();
      expect(app.settings.windowState()).toMatchObject({ x: 300, width: 1111 });
    });
  });
});

describe('quitting', () => {
  it('quits when the last window closes on Windows and Linux', async () => {
    const { app } = await startReady({ platform: 'linux' });
    electron.app.closeAllWindows();
    await app.settings.flush();
    await vi.waitFor(() => expect(electron.app.quitCalls).toBe(1));
  });

  it('stays running on macOS', async () => {
    const { app } = await startReady({ platform: 'darwin' });
    electron.app.closeAllWindows();
    await app.settings.flush();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(electron.app.quitCalls).toBe(0);
  });
});

describe('the app:// protocol and the server URL', () => {
  it('sends a CSP whose connect-src follows the server URL setting', async () => {
    const { window } = await startReady();
    const before = await electron.protocol.fetch('app://clubos/index.html');
    expect(before.headers.get('content-security-policy')).toContain('connect-src http://127.0.0.1:4310;');

    await expect(invokeFrom(window, 'settings.setServerUrl', 'https://ops.example:8443/')).resolves.toBe(
      'https://ops.example:8443',
    );
    await expect(invokeFrom(window, 'settings.getServerUrl')).resolves.toBe('https://ops.example:8443');
    const after = await electron.protocol.fetch('app://clubos/index.html');
    expect(after.headers.get('content-security-policy')).toContain('connect-src https://ops.example:8443;');
  });
});

describe('IPC from the window', () => {
  it('stores and returns the session token through the keychain', async () => {
    const keytar = new FakeKeytar();
    const { window } = await startReady({ loadKeytar: async () => keytar });
    await expect(invokeFrom(window, 'credentials.status')).resolves.toEqual({ available: true });
    await expect(invokeFrom(window, 'credentials.set', TOKEN)).resolves.toEqual({ stored: true });
    await expect(invokeFrom(window, 'credentials.get')).resolves.toBe(TOKEN);
    await invokeFrom(window, 'credentials.clear');
    await expect(invokeFrom(window, 'credentials.get')).resolves.toBeNull();
  });

  it('never writes the token to disk when the keychain is unavailable', async () => {
    const keytar = new FakeKeytar(new Error('The name org.freedesktop.secrets was not provided'));
    const { app, window } = await startReady({ loadKeytar: async () => keytar });
    await invokeFrom(window, 'settings.setServerUrl', 'http://10.1.1.1:4310');
    const result = await invokeFrom(window, 'credentials.set', TOKEN);
    expect(result).toEqual({ stored: false, reason: expect.stringMatching(/org\.freedesktop\.secrets/) });
    await expect(invokeFrom(window, 'credentials.status')).resolves.toMatchObject({ available: false });
    await app.settings.flush();
    for (const name of await readdir(userData, { recursive: true })) {
      const content = await readFile(join(userData, name), 'utf8').catch(() => '');
      expect(content).not.toContain(TOKEN);
    }
  });

  it('shows native notifications when the OS supports them', async () => {
    const { window } = await startReady();
    await invokeFrom(window, 'notify', 'Bay 4', 'Emergency stop pressed');
    expect(electron.Notification.shown).toEqual([{ title: 'Bay 4', body: 'Emergency stop pressed' }]);
    electron.Notification.supported = false;
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await invokeFrom(window, 'notify', 'Bay 5', 'ignored');
    expect(electron.Notification.shown).toHaveLength(1);
  });

  it('rejects IPC from a webContents that is not our window', async () => {
    await startReady();
    const stranger = new FakeWebContents('app://clubos/index.html');
    await expect(electron.ipcMain.invoke('credentials.get', { contents: stranger })).rejects.toThrow(
      /untrusted/,
    );
  });

  it('rejects IPC from our window after it has closed', async () => {
    const { window } = await startReady({ platform: 'darwin' });
    window.close();
    await expect(invokeFrom(window, 'credentials.get')).rejects.toThrow(/untrusted/);
  });
});
