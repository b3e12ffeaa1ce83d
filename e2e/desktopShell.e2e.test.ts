import { describe, expect, test } from 'vitest';
import { DEFAULT_SERVER_URL } from '../shared/desktopApi.ts';
import { fakePreloadScript } from './support/fakePreload.ts';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';

// The desktop app runs this same UI with the preload API. Here a stand-in preload plays a first
// run on a PC whose keychain is unavailable: that must be said out loud, and the server address
// must be checked before it is used.
describe('the UI under the desktop shell', () => {
  const suite = useServerAndBrowser();

  test('first run: the keychain notice shows, a bad server address is refused, a good one is used', async () => {
    const { server, users, browser } = suite;
    const { page, problems, login, shell, status } = await openApp(browser);
    await page
      .context()
      .addInitScript(
        fakePreloadScript({ serverUrl: DEFAULT_SERVER_URL, keychainUnavailable: 'no Secret Service' }),
      );

    await login.open(server.url);
    expect(await login.serverText()).toBe(DEFAULT_SERVER_URL);
    const keychainNotice = await page.getByTestId('keychain-notice').textContent();
    expect(keychainNotice).toContain('The system keychain is unavailable (no Secret Service)');
    expect(keychainNotice).toContain('sign in each time the app starts');

    await login.changeServer('ftp://example.com');
    await page.getByText('The server address must be an http:// or https:// URL').waitFor();
    expect(await login.serverField().getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'desktop-login-server-error');

    await login.changeServer(`${server.url}/some/path`);
    // The app reloads to reach the new address, and says what changed.
    await page.getByText(`Server set to ${server.url}. Sign in to continue.`).waitFor();
    expect(await login.serverText()).toBe(server.url);
    await screenshot(page, 'desktop-login-server-set');

    await login.signIn(users.manager.email, users.manager.password);
    await shell.waitUntilShown();
    await page.getByText('Your sign-in could not be saved (no Secret Service)').waitFor();
    expect(await status.serverText()).toBe(server.url);
    await status.waitForLive('connected');
    expect(problems).toEqual([]);
  });
});
