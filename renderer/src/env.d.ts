/// <reference types="vite/client" />
import type { DesktopApi } from '../../shared/desktopApi.ts';

declare global {
  /** The app version, from package.json at build time (electron.vite.config.ts). */
  const __CLUBOS_VERSION__: string;

  interface Window {
    /** The preload API; absent in a plain browser, where the web fallback stands in. */
    clubos?: DesktopApi;
  }
}
