import { describe, expect, test } from 'vitest';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';

describe('manager-only screens in a browser', () => {
  const suite = useServerAndBrowser();

  test('a front-desk user neither sees nor reaches Proposals and Audit, and the server refuses them the audit log', async () => {
    const { server, users, browser } = suite;
    const { page, problems, login, shell, status } = await openApp(browser);
    const { frontdesk } = users;

    await login.open(server.url);
    await login.signIn(frontdesk.email, frontdesk.password);
    await shell.waitUntilShown();
    expect(await status.userText()).toBe(`${frontdesk.name} · Front desk`);
    expect(await shell.navLabels()).toEqual(['Bays', 'Inbox', 'SOPs', 'Settings']);

    // Typed into the address bar of the running app…
    for (const hash of ['#/audit', '#/proposals']) {
      await shell.goToHash(hash);
      await page.getByTestId('managers-only').waitFor();
      expect(await shell.headingText()).toBe('Managers only');
      expect(await page.getByTestId('audit-table').count()).toBe(0);
    }
    await screenshot(page, 'managers-only');

    // …and opened fresh from a bookmark (the tab keeps its sign-in across the load).
    await page.goto(`${server.url}/#/audit`);
    await page.getByTestId('managers-only').waitFor();
    expect(await shell.navLabels()).toEqual(['Bays', 'Inbox', 'SOPs', 'Settings']);

    // The server is the real gate: the same token, asked directly, is refused.
    const refused = await page.evaluate(async () => {
      const token = window.sessionStorage.getItem('clubos.sessionToken');
      const response = await fetch('/trpc/audit.list', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      const body = (await response.json()) as { error?: { message: string; data?: { code?: string } } };
      return { status: response.status, code: body.error?.data?.code, message: body.error?.message };
    });
    expect(refused).toEqual({ status: 403, code: 'FORBIDDEN', message: 'This needs the manager role' });
    expect(problems).toEqual([]);
  });
});
