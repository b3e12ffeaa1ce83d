import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_SERVER_URL, serverUrlSchema } from '../shared/desktopApi.ts';
import { APP_ENTRY_URL, APP_SCHEME } from './appOrigin.ts';
import { createAppProtocolHandler, registerAppScheme } from './appProtocol.ts';
import { type CredentialStore, createCredentialStore } from './credentials.ts';
import { createSenderCheck, registerIpc } from './ipc.ts';
import type { IpcHandlers } from './ipcTypes.ts';
import { createNotifier } from './notify.ts';
import type { BrowserWindowPort, ElectronPorts, KeytarPort, WebContentsPort } from './ports.ts';
import {
  contentSecurityPolicy,
  hardenWebContents,
  installPermissionHandlers,
  secureWebPreferences,
} from './security.ts';
import { createSettingsStore, type SettingsStore } from './settings.ts';
import { captureWindowState, MIN_WINDOW_SIZE, placeWindow } from './windowState.ts';

/** Must match `appId` in electron-builder.yml: Windows ties notifications to it. */
export const APP_USER_MODEL_ID = 'com.clubos.missioncontrol';

export type DesktopAppDeps = {
  electron: ElectronPorts;
  /** keytar is optional (a native addon that may be missing); loaded on first use. */
  loadKeytar: () => Promise<KeytarPort>;
  /** The directory of the built main bundle (`out/main`); preload and renderer sit beside it. */
  mainDir: string;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  keychainTimeoutMs?: number;
  /** Moves and resizes are saved after this quiet period. */
  windowStateSaveDelayMs?: number;
};

export type DesktopApp = {
  /** Settles once start-up has finished and the window exists. */
  ready: Promise<void>;
  mainWindow(): BrowserWindowPort | null;
  settings: SettingsStore;
  credentials: CredentialStore;
};

/**
 * Wires the desktop shell: one instance per user, one hardened window showing the bundled renderer over
 * `app://clubos`, and the IPC channels of the preload API. Returns null when another instance already
 * runs (that instance is asked to come to the front instead).
 */
export function startDesktopApp(deps: DesktopAppDeps): DesktopApp | null {
  const { app, BrowserWindow, ipcMain, shell, session, protocol, Notification, screen } = deps.electron;
  if (!isAbsolute(deps.mainDir)) throw new Error(`mainDir must be absolute: ${deps.mainDir}`);

  // Tests and second profiles point userData elsewhere; it must happen before the instance lock, which
  // is keyed on it.
  const userDataOverride = deps.env.CLUBOS_USER_DATA_DIR;
  if (userDataOverride) app.setPath('userData', resolve(userDataOverride));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  app.enableSandbox();
  registerAppScheme(protocol);
  if (deps.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  const preloadPath = join(deps.mainDir, '..', 'preload', 'preload.cjs');
  const rendererDir = join(deps.mainDir, '..', 'renderer');

  const settings = createSettingsStore(
    join(app.getPath('userData'), 'settings.json'),
    serverUrlSchema.catch(DEFAULT_SERVER_URL).parse(deps.env.CLUBOS_SERVER_URL ?? DEFAULT_SERVER_URL),
  );
  const credentials = createCredentialStore(deps.loadKeytar, { timeoutMs: deps.keychainTimeoutMs });
  const notify = createNotifier(Notification);
  const saveDelayMs = deps.windowStateSaveDelayMs ?? 1_000;

  const hardened = new WeakSet<WebContentsPort>();
  const harden = (contents: WebContentsPort) => {
    if (hardened.has(contents)) return;
    hardened.add(contents);
    hardenWebContents(contents, shell);
  };
  // Every webContents, including any Electron creates on its own, gets the navigation guards.
  app.on('web-contents-created', (_event, contents) => harden(contents));

  const ourWebContents = new Set<number>();
  let mainWindow: BrowserWindowPort | null = null;
  let started = false;

  const rememberWindowState = (window: BrowserWindowPort) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      clearTimeout(timer);
      timer = undefined;
      if (window.isDestroyed()) return;
      settings.setWindowState(captureWindowState(window)).catch((error: unknown) => {
        console.warn('Could not save the window position:', error);
      });
    };
    const saveSoon = () => {
      clearTimeout(timer);
      timer = setTimeout(save, saveDelayMs);
    };
    window.on('resize', saveSoon);
    window.on('move', saveSoon);
    window.on('close', save);
  };

  const createMainWindow = (): BrowserWindowPort => {
    const placement = placeWindow(settings.windowState(), screen.getAllDisplays());
    const window = new BrowserWindow({
      ...placement.bounds,
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
      show: false,
      title: 'ClubOS',
      backgroundColor: '#0b1220',
      webPreferences: secureWebPreferences(preloadPath),
    });
    const contentsId = window.webContents.id;
    harden(window.webContents);
    ourWebContents.add(contentsId);
    if (placement.maximized) window.maximize();
    rememberWindowState(window);
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      ourWebContents.delete(contentsId);
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
    window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
      console.error(`Could not load ${APP_ENTRY_URL}:`, error);
    });
    return window;
  };

  const bringToFront = () => {
    if (!started) return;
    const window = mainWindow ?? createMainWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  app.on('second-instance', bringToFront);
  app.on('activate', () => {
    if (started && !mainWindow) createMainWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; everywhere else closing the window quits.
    if (deps.platform === 'darwin') return;
    settings.flush().finally(() => app.quit());
  });

  const handlers: IpcHandlers = {
    'credentials.get': () => credentials.get(),
    'credentials.set': (token) => credentials.set(token),
    'credentials.clear': () => credentials.clear(),
    'credentials.status': () => credentials.status(),
    'settings.getServerUrl': async () => settings.serverUrl(),
    'settings.setServerUrl': (url) => settings.setServerUrl(url),
    notify: (title, body) => notify(title, body),
  };

  const ready = app.whenReady().then(async () => {
    await settings.load();
    installPermissionHandlers(session.defaultSession);
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({
        rootDir: rendererDir,
        contentSecurityPolicy: () => contentSecurityPolicy(settings.serverUrl()),
      }),
    );
    registerIpc(
      ipcMain,
      createSenderCheck((contents) => ourWebContents.has(contents.id)),
      handlers,
    );
    // Known before the renderer asks, so sign-in can say up front whether "stay signed in" will work.
    void credentials.probe();
    started = true;
    createMainWindow();
  });
  ready.catch((error: unknown) => {
    console.error('ClubOS could not start:', error);
    app.quit();
  });

  return { ready, mainWindow: () => mainWindow, settings, credentials };
}
