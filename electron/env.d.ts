/** package.json's version, inlined by electron.vite.config.ts (`define`). */
declare const __CLUBOS_VERSION__: string;

/** What preload.ts exposes to the renderer (the e2e test reads it through the page). */
interface Window {
  clubos?: import('../shared/desktopApi.ts').DesktopApi;
}
