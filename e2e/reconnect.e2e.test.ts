import { describe, expect, test } from 'vitest';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';

declare global {
  interface Window {
    e2eMarker?: string;
  }
}

describe('live connection in a browser', () => {
  const suite = useServerAndBrowser();

  test('stopping the server shows Disconnected, and restarting it reconnects without reloading the page', async () => {
    const { server, users, browser } = suite;
    const { page, problems, login, shell, status } = await openApp(browser);

    await login.open(server.url);
    await login.signIn(users.frontdesk.email, users.frontdesk.password);
    await shell.waitUntilShown();
    await status.waitForLive('connected');
    // Anything set on this page survives only if the page is never reloaded.
    await page.evaluate(() => {
      window.e2eMarker = 'same page';
    });

    const stopped = server.stop();
    await status.waitForLive('disconnected', 5_000);
    expect(await status.liveText()).toBe('Disconnected — retrying');
    await stopped;
    await screenshot(page, 'disconnected');

    await server.start();
    await status.waitForLive('connected', 30_000);
    expect(await status.liveText()).toBe('Connected');
    expect(await page.evaluate(() => window.e2eMarker)).toBe('same page');
    // Still signed in, and the app still talks to the server.
    await shell.goTo('Settings');
    expect(await status.userText()).toBe(`${users.frontdesk.name} · Front desk`);
    expect(problems).toEqual([]);
  });
});
