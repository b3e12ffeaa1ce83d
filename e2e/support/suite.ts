import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { FakeNinjaOne } from '../../server/integrations/ninjaone/fakeServer.ts';
import type { FakeOpenPhone } from '../../server/integrations/openphone/fakeServer.ts';
import { LoginPage } from '../pages/LoginPage.ts';
import { ShellPage } from '../pages/ShellPage.ts';
import { StatusBar } from '../pages/StatusBar.ts';
import { launchBrowser, openPage } from './browser.ts';
import { startTestServer, type TestServer, type TestServerOptions, type TestUsers } from './testServer.ts';

export type E2eSuite = {
  server: TestServer;
  users: TestUsers;
  browser: Browser;
  /** Set when the suite asked for a fake NinjaOne (`options.ninjaone`). */
  ninjaone: FakeNinjaOne | undefined;
  /** Set when the suite asked for a fake OpenPhone (`options.openphone`). */
  openphone: FakeOpenPhone | undefined;
};

/**
 * A real server on a temporary PGlite directory and a headless Chromium for the `describe` block this
 * is called in, both stopped after it. Read the fields inside tests: they are set in `beforeAll`.
 */
export function useServerAndBrowser(options: TestServerOptions = {}): E2eSuite {
  const suite = {} as E2eSuite;
  beforeAll(async () => {
    Object.assign(suite, await startTestServer(options));
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.dispose();
  });
  return suite;
}

/** A fresh page and the page models of the parts every screen has. */
export async function openApp(browser: Browser) {
  const { page, problems } = await openPage(browser);
  return {
    page,
    problems,
    login: new LoginPage(page),
    shell: new ShellPage(page),
    status: new StatusBar(page),
  };
}
