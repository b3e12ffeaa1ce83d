import type { DesktopApi } from '../../../shared/desktopApi.ts';
import { servedByServer, webDesktopApi } from './webDesktopApi.ts';

/** The one way the renderer reaches its host: the Electron preload, or the browser fallback. */
export const desktop: DesktopApi = window.clubos ?? webDesktopApi;

/**
 * In a browser served by ClubOS the server is simply this page's origin, so the address is shown
 * but cannot be changed; the desktop app (and a development build) let the user set it.
 */
export const serverUrlIsFixed = desktop.app.shell === 'web' && servedByServer();
