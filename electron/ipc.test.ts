import { describe, expect, it, vi } from 'vitest';
import { ipcContract } from '../shared/desktopApi.ts';
import { createSenderCheck, IpcRejectedError, registerIpc } from './ipc.ts';
import type { IpcHandlers } from './ipcTypes.ts';
import { FakeFrame, FakeIpcMain, FakeWebContents } from './testing/fakeElectron.ts';

const TOKEN = 'tok_0123456789abcdefABCDEF';

function setUp() {
  const ipcMain = new FakeIpcMain();
  const ours = new FakeWebContents('app://clubos/index.html');
  const handlers = {
    'credentials.get': vi.fn(async () => TOKEN),
    'credentials.set': vi.fn(async (_token: string) => ({ stored: true as const })),
    'credentials.clear': vi.fn(async () => undefined),
    'credentials.status': vi.fn(async () => ({ available: true as const })),
    'settings.getServerUrl': vi.fn(async () => 'http://127.0.0.1:4310'),
    'settings.setServerUrl': vi.fn(async (url: string) => url),
    notify: vi.fn(async (_title: string, _body: string) => undefined),
  } satisfies IpcHandlers;
  registerIpc(
    ipcMain,
    createSenderCheck((contents) => contents === ours),
    handlers,
  );
  return { ipcMain, ours, handlers };
}

describe('registerIpc', () => {
  it('registers exactly the channels of the contract', () => {
    const { ipcMain } = setUp();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(ipcContract).sort());
  });

  it('passes valid, parsed arguments from the app window to the handler', async () => {
    const { ipcMain, ours, handlers } = setUp();
    await expect(ipcMain.invoke('credentials.set', { contents: ours }, TOKEN)).resolves.toEqual({
      stored: true,
    });
    expect(handlers['credentials.set']).toHaveBeenCalledWith(TOKEN);
    // The server URL is normalised by the schema before the handler sees it.
    await ipcMain.invoke('settings.setServerUrl', { contents: ours }, '  https://ops.example:8443/path  ');
    expect(handlers['settings.setServerUrl']).toHaveBeenCalledWith('https://ops.example:8443');
    await ipcMain.invoke('notify', { contents: ours }, 'Bay 3', 'Emergency button pressed');
    expect(handlers.notify).toHaveBeenCalledWith('Bay 3', 'Emergency button pressed');
  });

  it.each([
    ['credentials.set', []],
    ['credentials.set', [42]],
    ['credentials.set', ['short']],
    ['credentials.set', ['has spaces and ; semicolons!!']],
    ['credentials.set', [TOKEN, 'extra']],
    ['credentials.get', ['unexpected']],
    ['settings.setServerUrl', ['file:///etc/passwd']],
    ['settings.setServerUrl', ['javascript:alert(1)']],
    ['settings.setServerUrl', ['https://user:pass@ops.example']],
    ['settings.setServerUrl', [{ toString: () => 'https://ops.example' }]],
    ['notify', ['', 'body']],
    ['notify', ['title']],
    ['notify', ['x'.repeat(121), 'body']],
  ] as const)('rejects %s with invalid arguments %j and never calls the handler', async (channel, args) => {
    const { ipcMain, ours, handlers } = setUp();
    const result = ipcMain.invoke(channel, { contents: ours }, ...args);
    await expect(result).rejects.toThrow(IpcRejectedError);
    await expect(result).rejects.toThrow(new RegExp(`^${channel.replace('.', '\\.')}: invalid`));
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it('names the argument that failed', async () => {
    const { ipcMain, ours } = setUp();
    await expect(ipcMain.invoke('notify', { contents: ours }, 'ok', 7)).rejects.toThrow(/argument 1: /);
  });

  it('rejects a webContents this process did not create', async () => {
    const { ipcMain, handlers } = setUp();
    const stranger = new FakeWebContents('app://clubos/index.html');
    await expect(ipcMain.invoke('credentials.get', { contents: stranger })).rejects.toThrow(
      /untrusted sender/,
    );
    expect(handlers['credentials.get']).not.toHaveBeenCalled();
  });

  it('rejects our window once it shows another origin', async () => {
    const { ipcMain, ours, handlers } = setUp();
    ours.mainFrame.url = 'https://evil.example/';
    await expect(ipcMain.invoke('credentials.get', { contents: ours })).rejects.toThrow(/untrusted sender/);
    ours.mainFrame.url = 'file:///C:/app/index.html';
    await expect(ipcMain.invoke('credentials.get', { contents: ours })).rejects.toThrow(/untrusted sender/);
    expect(handlers['credentials.get']).not.toHaveBeenCalled();
  });

  it('rejects a subframe, even one on the app origin', async () => {
    const { ipcMain, ours, handlers } = setUp();
    const frames = [
      ours.mainFrame.child('https://ads.example/'),
      ours.mainFrame.child('app://clubos/frame.html'),
    ];
    for (const frame of frames) {
      await expect(ipcMain.invoke('credentials.get', { contents: ours, frame })).rejects.toThrow(/untrusted/);
    }
    expect(handlers['credentials.get']).not.toHaveBeenCalled();
  });

  it('rejects a top-level frame that is not the main frame of the sender', async () => {
    const { ipcMain, ours } = setUp();
    const other = new FakeFrame('app://clubos/index.html', null);
    await expect(ipcMain.invoke('credentials.get', { contents: ours, frame: other })).rejects.toThrow(
      /untrusted/,
    );
  });

  it('rejects a message whose frame is gone', async () => {
    const { ipcMain, ours } = setUp();
    await expect(ipcMain.invoke('credentials.get', { contents: ours, frame: null })).rejects.toThrow(
      /untrusted/,
    );
  });

  it('checks the sender before looking at the arguments', async () => {
    const { ipcMain } = setUp();
    const stranger = new FakeWebContents('https://evil.example/');
    await expect(ipcMain.invoke('credentials.set', { contents: stranger }, 'bad')).rejects.toThrow(
      /untrusted/,
    );
  });
});
