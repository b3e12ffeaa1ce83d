import type { z } from 'zod';
import type { DesktopApi, IpcArgs, IpcChannel, ipcContract } from '../shared/desktopApi.ts';

/** The `DesktopApi` method each IPC channel implements. */
type ChannelMethods = {
  'credentials.get': DesktopApi['credentials']['get'];
  'credentials.set': DesktopApi['credentials']['set'];
  'credentials.clear': DesktopApi['credentials']['clear'];
  'credentials.status': DesktopApi['credentials']['status'];
  'settings.getServerUrl': DesktopApi['settings']['getServerUrl'];
  'settings.setServerUrl': DesktopApi['settings']['setServerUrl'];
  notify: DesktopApi['notify'];
};

/** What each channel resolves to. A channel added to `ipcContract` without a method fails to compile. */
export type IpcResults = { [C in IpcChannel]: Awaited<ReturnType<ChannelMethods[C]>> };

/** What the preload may send on a channel (before the main process parses it). */
export type IpcInput<C extends IpcChannel> = z.input<(typeof ipcContract)[C]>;

/** The main-process implementation of every channel; it only ever sees arguments that passed zod. */
export type IpcHandlers = { [C in IpcChannel]: (...args: IpcArgs<C>) => Promise<IpcResults[C]> };
