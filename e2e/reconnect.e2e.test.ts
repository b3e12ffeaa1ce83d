import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LoginPage } from './pages/LoginPage.ts';
import { ShellPage } from './pages/ShellPage.ts';
import { StatusBar } from './pages/StatusBar.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { screenshot } from './support/screenshots.ts';
import { startTestServer, type TestServer, type TestUsers } from './support/testServer.ts';

declare global {
  interface Window {
    e2eMarker?: string;
  }
}

describe('live connection in a browser', () => {
  let server: TestServer;
  let users: TestUsers;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, users } = await startTestServer());
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  test('stopping the server shows Disconnected, and restarting it reconnects without reloading the page', async () => {
    const { page, problems } = await openPage(browser);
    const login = new LoginPage(page);
    const shell = new ShellPage(page);
    const status = new StatusBar(page);

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
