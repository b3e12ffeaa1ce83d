// Runs sandboxed: it may require only 'electron', so it imports types (never values) from elsewhere.
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopApi, IpcChannel } from '../shared/desktopApi.ts';
import type { IpcInput, IpcResults } from './ipcTypes.ts';

function invoke<C extends IpcChannel>(channel: C, ...args: IpcInput<C>): Promise<IpcResults[C]> {
  return ipcRenderer.invoke(channel, ...args);
}

const api = {
  credentials: {
    get: () => invoke('credentials.get'),
    set: (token: string) => invoke('credentials.set', token),
    clear: () => invoke('credentials.clear'),
    status: () => invoke('credentials.status'),
  },
  settings: {
    getServerUrl: () => invoke('settings.getServerUrl'),
    setServerUrl: (url: string) => invoke('settings.setServerUrl', url),
  },
  app: { version: __CLUBOS_VERSION__, shell: 'desktop' },
  notify: (title: string, body: string) => invoke('notify', title, body),
} satisfies DesktopApi;

contextBridge.exposeInMainWorld('clubos', api);
