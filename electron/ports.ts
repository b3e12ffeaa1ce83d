/**
 * The parts of the `electron` module the main process uses, as narrow interfaces. The real module is
 * checked against them where `main.ts` passes it in; the unit tests pass hand-written fakes. Nothing
 * here imports Electron at run time, so the logic runs (and is tested) without the Electron binary.
 */

export type Rect = { x: number; y: number; width: number; height: number };

export interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

export type WindowOpenDetails = { readonly url: string };

export interface FramePort {
  readonly url: string;
  readonly parent: object | null;
  readonly frameTreeNodeId: number;
}

export interface WebContentsPort {
  readonly id: number;
  readonly mainFrame: { readonly frameTreeNodeId: number };
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void;
}

/** The web preferences every window gets; see `secureWebPreferences`. */
export type SecureWebPreferences = {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  spellcheck: false;
  preload: string;
};

export type WindowOptions = Partial<Rect> & {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: SecureWebPreferences;
};

export interface BrowserWindowPort {
  readonly webContents: WebContentsPort;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'move', listener: () => void): unknown;
}

export type BrowserWindowConstructor = new (options: WindowOptions) => BrowserWindowPort;

export interface AppPort {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  enableSandbox(): void;
  whenReady(): Promise<unknown>;
  getPath(name: 'userData'): string;
  setPath(name: 'userData', path: string): void;
  setAppUserModelId(id: string): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsPort) => void): unknown;
}

export interface IpcInvokeEventPort {
  readonly sender: WebContentsPort;
  readonly senderFrame: FramePort | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcInvokeEventPort, ...args: unknown[]) => unknown): void;
}

export interface ShellPort {
  openExternal(url: string): Promise<void>;
}

export interface SessionPort {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { readonly requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

export type CustomScheme = {
  scheme: string;
  privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean };
};

export interface ProtocolPort {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export interface NotificationPort {
  show(): void;
}

export interface NotificationConstructor {
  new (options: { title: string; body: string }): NotificationPort;
  isSupported(): boolean;
}

export type Display = { readonly workArea: Rect };

export interface ScreenPort {
  getAllDisplays(): Display[];
}

export type ElectronPorts = {
  app: AppPort;
  BrowserWindow: BrowserWindowConstructor;
  ipcMain: IpcMainPort;
  shell: ShellPort;
  session: { readonly defaultSession: SessionPort };
  protocol: ProtocolPort;
  Notification: NotificationConstructor;
  screen: ScreenPort;
};

/** The subset of keytar the credential store uses (keytar's own signatures). */
export interface KeytarPort {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}
