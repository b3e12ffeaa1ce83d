// Hand-written fakes of the Electron main-process API, implementing the same ports the real module is
// checked against (electron/ports.ts). They record what the code under test did and let tests fire the
// events Electron would.
import type {
  AppPort,
  BrowserWindowPort,
  CustomScheme,
  Display,
  ElectronPorts,
  FramePort,
  IpcInvokeEventPort,
  IpcMainPort,
  KeytarPort,
  NavigationEvent,
  NotificationPort,
  PreventableEvent,
  ProtocolPort,
  Rect,
  ScreenPort,
  SessionPort,
  ShellPort,
  WebContentsPort,
  WindowOpenDetails,
  WindowOptions,
} from '../ports.ts';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly #listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapper = (...args: never[]) => {
      this.#listeners.set(
        event,
        (this.#listeners.get(event) ?? []).filter((candidate) => candidate !== wrapper),
      );
      return listener(...args);
    };
    return this.on(event, wrapper);
  }

  listenerCount(event: string): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? [])
      (listener as (...a: unknown[]) => unknown)(...args);
  }
}

export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeNavigationEvent extends FakeEvent implements NavigationEvent {
  constructor(readonly url: string) {
    super();
  }
}

let nextId = 1;

export class FakeWebContents extends Emitter implements WebContentsPort {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((details: WindowOpenDetails) => { action: 'deny' }) | null = null;

  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url, null);
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** What Electron does when the page navigates itself: returns whether the navigation went ahead. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new FakeNavigationEvent(url);
    this.emit(kind, event);
    return !event.defaultPrevented;
  }

  /** What Electron does on `window.open(url)`. */
  open(url: string): { action: string } {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({ url });
  }

  /** Whether an embedded <webview> would be attached. */
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event);
    return !event.defaultPrevented;
  }
}

export class FakeFrame implements FramePort {
  readonly frameTreeNodeId = nextId++;
  constructor(
    public url: string,
    readonly parent: FakeFrame | null,
  ) {}

  child(url: string): FakeFrame {
    return new FakeFrame(url, this);
  }
}

export class FakeApp extends Emitter implements AppPort {
  hasSingleInstanceLock = true;
  quitCalls = 0;
  sandboxEnabled = false;
  appUserModelId: string | null = null;
  readonly paths = new Map<string, string>();
  readonly #ready: Promise<void>;
  #resolveReady: () => void = () => undefined;

  constructor(
    userData: string,
    private readonly browserWindow: { created: FakeBrowserWindow[] },
  ) {
    super();
    this.paths.set('userData', userData);
    this.#ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
  }

  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  whenReady(): Promise<void> {
    return this.#ready;
  }
  getPath(name: 'userData'): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`no path ${name}`);
    return path;
  }
  setPath(name: 'userData', path: string): void {
    this.paths.set(name, path);
  }

  /** Electron's `ready`. */
  becomeReady(): void {
    this.#resolveReady();
  }

  /** Closes every window the way a user would, which fires `window-all-closed` after the last. */
  closeAllWindows(): void {
    for (const window of this.browserWindow.created) window.close();
    this.emit('window-all-closed');
  }
}

export type FakeBrowserWindowClass = (new (
  options: WindowOptions,
) => FakeBrowserWindow) & { created: FakeBrowserWindow[] };

export class FakeBrowserWindow extends Emitter implements BrowserWindowPort {
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  shown = false;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  bounds: Rect;

  constructor(readonly options: WindowOptions) {
    super();
    this.bounds = {
      x: options.x ?? 100,
      y: options.y ?? 100,
      width: options.width,
      height: options.height,
    };
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.mainFrame.url = url;
  }
  show(): void {
    this.shown = true;
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }

  /** A user move/resize: new bounds, then the event Electron fires. */
  setBoundsByUser(bounds: Rect): void {
    this.bounds = { ...bounds };
    this.emit('resize');
  }

  close(): void {
    if (this.destroyed) return;
    this.emit('close', new FakeEvent());
    this.destroyed = true;
    this.emit('closed');
  }
}

export class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, (event: IpcInvokeEventPort, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: IpcInvokeEventPort, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  /** What `ipcRenderer.invoke` from `sender` would do. */
  async invoke(
    channel: string,
    sender: { contents: FakeWebContents; frame?: FakeFrame | null },
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event: IpcInvokeEventPort = {
      sender: sender.contents,
      senderFrame: sender.frame === undefined ? sender.contents.mainFrame : sender.frame,
    };
    return handler(event, ...args);
  }
}

export class FakeShell implements ShellPort {
  readonly opened: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

type PermissionRequestHandler = Parameters<SessionPort['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<SessionPort['setPermissionCheckHandler']>[0];

export class FakeSession implements SessionPort {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }

  /** Electron's default with no handler installed is to grant; mirror that so a missing handler shows. */
  request(permission: string, requestingUrl: string): boolean {
    let granted = true;
    this.requestHandler?.(
      null,
      permission,
      (answer) => {
        granted = answer;
      },
      { requestingUrl },
    );
    return granted;
  }
  check(permission: string, requestingOrigin: string): boolean {
    return this.checkHandler ? this.checkHandler(null, permission, requestingOrigin) : true;
  }
}

export class FakeProtocol implements ProtocolPort {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, (request: Request) => Promise<Response>>();
  registeredAfterReady = false;

  constructor(private readonly isReady: () => boolean) {}

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (this.isReady()) this.registeredAfterReady = true;
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    this.handlers.set(scheme, handler);
  }
  fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`no handler for ${scheme}:`);
    return handler(new Request(url, init));
  }
}

export type FakeNotificationClass = (new (options: {
  title: string;
  body: string;
}) => NotificationPort) & {
  isSupported(): boolean;
  supported: boolean;
  shown: Array<{ title: string; body: string }>;
};

function createFakeNotificationClass(): FakeNotificationClass {
  return class FakeNotification implements NotificationPort {
    static supported = true;
    static shown: Array<{ title: string; body: string }> = [];
    static isSupported(): boolean {
      return FakeNotification.supported;
    }
    constructor(private readonly options: { title: string; body: string }) {}
    show(): void {
      FakeNotification.shown.push({ ...this.options });
    }
  };
}

export class FakeScreen implements ScreenPort {
  displays: Display[] = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  getAllDisplays(): Display[] {
    return this.displays;
  }
}

export type FakeElectron = ElectronPorts & {
  app: FakeApp;
  BrowserWindow: FakeBrowserWindowClass;
  ipcMain: FakeIpcMain;
  shell: FakeShell;
  session: { defaultSession: FakeSession };
  protocol: FakeProtocol;
  Notification: FakeNotificationClass;
  screen: FakeScreen;
};

export function createFakeElectron(userData: string): FakeElectron {
  const created: FakeBrowserWindow[] = [];
  let ready = false;
  const app = new FakeApp(userData, { created });
  void app.whenReady().then(() => {
    ready = true;
  });
  // Electron announces every new webContents on `app` while the window is being constructed.
  const BrowserWindow = class extends FakeBrowserWindow {
    static created = created;
    constructor(options: WindowOptions) {
      super(options);
      created.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
  };
  return {
    app,
    BrowserWindow,
    ipcMain: new FakeIpcMain(),
    shell: new FakeShell(),
    session: { defaultSession: new FakeSession() },
    protocol: new FakeProtocol(() => ready),
    Notification: createFakeNotificationClass(),
    screen: new FakeScreen(),
  };
}

/** keytar backed by a Map, or one that fails every call the way an absent keyring does. */
export class FakeKeytar implements KeytarPort {
  readonly entries = new Map<string, string>();
  calls: string[] = [];

  constructor(private readonly failure: Error | null = null) {}

  #check(call: string): void {
    this.calls.push(call);
    if (this.failure) throw this.failure;
  }
  async getPassword(service: string, account: string): Promise<string | null> {
    this.#check('getPassword');
    return this.entries.get(`${service}/${account}`) ?? null;
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.#check('setPassword');
    this.entries.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    this.#check('deletePassword');
    return this.entries.delete(`${service}/${account}`);
  }
  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    this.#check('findCredentials');
    return [...this.entries]
      .filter(([key]) => key.startsWith(`${service}/`))
      .map(([key, password]) => ({ account: key.slice(service.length + 1), password }));
  }
}
