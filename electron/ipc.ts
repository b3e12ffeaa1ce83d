import type { z } from 'zod';
import { type IpcArgs, type IpcChannel, ipcContract } from '../shared/desktopApi.ts';
import { isAppUrl } from './appOrigin.ts';
import type { IpcHandlers, IpcResults } from './ipcTypes.ts';
import type { IpcInvokeEventPort, IpcMainPort, WebContentsPort } from './ports.ts';

export class IpcRejectedError extends Error {
  override readonly name = 'IpcRejectedError';
}

/**
 * A message is trusted only if it comes from the main frame of a window this process created, showing
 * the bundled app. Subframes, other origins and other webContents are refused.
 */
export function createSenderCheck(
  isOurWebContents: (contents: WebContentsPort) => boolean,
): (event: IpcInvokeEventPort) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame) return false;
    if (!isOurWebContents(event.sender)) return false;
    if (frame.parent !== null) return false;
    if (frame.frameTreeNodeId !== event.sender.mainFrame.frameTreeNodeId) return false;
    return isAppUrl(frame.url);
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const [index, ...rest] = issue.path;
      const where = index === undefined ? 'arguments' : `argument ${String(index)}`;
      const field = rest.length > 0 ? `.${rest.map(String).join('.')}` : '';
      return `${where}${field}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Registers one `ipcMain.handle` per channel of the contract (and nothing else). Each checks the
 * sender, then parses the argument tuple; the handler only ever sees parsed data.
 */
export function registerIpc(
  ipcMain: IpcMainPort,
  isTrustedSender: (event: IpcInvokeEventPort) => boolean,
  handlers: IpcHandlers,
): void {
  const register = <C extends IpcChannel>(channel: C) => {
    // TypeScript cannot correlate `handlers[channel]` with `ipcContract[channel]` for a generic C.
    const handler = handlers[channel] as (...args: IpcArgs<C>) => Promise<IpcResults[C]>;
    const schema: z.ZodType = ipcContract[channel];
    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event)) {
        throw new IpcRejectedError(`${channel}: refused a message from an untrusted sender`);
      }
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        throw new IpcRejectedError(`${channel}: invalid ${describeIssues(parsed.error)}`);
      }
      return handler(...(parsed.data as IpcArgs<C>));
    });
  };
  for (const channel of Object.keys(ipcContract) as IpcChannel[]) register(channel);
}
