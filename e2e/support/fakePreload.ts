/**
 * An init script standing in for the Electron preload (`window.clubos`), for testing how the UI
 * treats the desktop shell in Chromium. Its settings survive a reload (kept in session storage, as
 * the real ones are kept on disk). A string, not a function: the test runner's transpiler may add
 * helpers to a function that would not exist in the page.
 */
export function fakePreloadScript(options: { serverUrl: string; keychainUnavailable: string }): string {
  return `
    const reason = ${JSON.stringify(options.keychainUnavailable)};
    const serverKey = 'e2e.fakePreload.serverUrl';
    window.clubos = {
      credentials: {
        get: async () => null,
        set: async () => ({ stored: false, reason }),
        clear: async () => {},
        status: async () => ({ available: false, reason }),
      },
      settings: {
        getServerUrl: async () => sessionStorage.getItem(serverKey) ?? ${JSON.stringify(options.serverUrl)},
        setServerUrl: async (url) => {
          const origin = new URL(url).origin;
          sessionStorage.setItem(serverKey, origin);
          return origin;
        },
      },
      app: { version: '0.0.0-e2e', shell: 'desktop' },
      notify: async () => {},
    };
  `;
}
