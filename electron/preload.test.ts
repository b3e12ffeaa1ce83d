import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../shared/desktopApi.ts';

// The real 'electron' package would try to download the binary; the preload only needs these two.
const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => null);
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke: (...args: unknown[]) => invoke(...args) },
}));

let api: DesktopApi;

beforeAll(async () => {
  vi.stubGlobal('__CLUBOS_VERSION__', '9.8.7');
  await import('./preload.ts');
  api = exposed.get('clubos') as DesktopApi;
});

describe('preload', () => {
  it('exposes one API, as window.clubos', () => {
    expect([...exposed.keys()]).toEqual(['clubos']);
    expect(api.app).toEqual({ version: '9.8.7', shell: 'desktop' });
  });

  it.each([
    ['credentials.get', () => api.credentials.get(), []],
    ['credentials.set', () => api.credentials.set('tok_0123456789abcdef'), ['tok_0123456789abcdef']],
    ['credentials.clear', () => api.credentials.clear(), []],
    ['credentials.status', () => api.credentials.status(), []],
    ['settings.getServerUrl', () => api.settings.getServerUrl(), []],
    [
      'settings.setServerUrl',
      () => api.settings.setServerUrl('http://10.0.0.2:4310'),
      ['http://10.0.0.2:4310'],
    ],
    ['notify', () => api.notify('Bay 1', 'Door open'), ['Bay 1', 'Door open']],
  ] as const)('%s goes over IPC on its own channel', async (channel, call, args) => {
    invoke.mockClear();
    await call();
    expect(invoke).toHaveBeenCalledExactlyOnceWith(channel, ...args);
  });
});
