import { describe, expect, test } from 'vitest';
import { AuditPage } from './pages/AuditPage.ts';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';

describe('signing in and out in a browser', () => {
  const suite = useServerAndBrowser();

  test('signing in shows the shell, the Audit screen lists that sign-in, and signing out returns to Login', async () => {
    const { server, users, browser } = suite;
    const { page, problems, login, shell, status } = await openApp(browser);
    const audit = new AuditPage(page);
    const { manager } = users;

    await login.open(server.url);
    await screenshot(page, 'login');
    await login.signIn(manager.email, manager.password);

    await shell.waitUntilShown();
    expect(await shell.navLabels()).toEqual([
      'Bays',
      'Inbox',
      'SOPs',
      'Proposals',
      'Quality',
      'Audit',
      'AI settings',
      'Settings',
    ]);
    expect(await shell.headingText()).toBe('Bays');
    expect(await status.userText()).toBe(`${manager.name} · Manager`);
    expect(await status.serverText()).toBe(server.url);
    await status.waitForLive('connected');
    await screenshot(page, 'shell');

    await shell.goTo('Audit');
    await audit.waitForTable();
    // Sign-ins belong to no facility; a manager still sees their own.
    const signInRow = audit.rowsFor('auth.login', manager.email).first();
    await signInRow.waitFor();
    const [, actor, action, target, facility, origin] = await audit.cells(signInRow);
    expect(actor).toContain(manager.email);
    expect(actor).toContain('Staff');
    expect(action).toContain('auth.login');
    expect(target).toContain('user');
    expect(facility).toBe('Installation-wide');
    expect(origin).toContain('127.0.0.1');
    await screenshot(page, 'audit');

    const token = await page.evaluate(() => window.sessionStorage.getItem('clubos.sessionToken'));
    expect(token).toBeTruthy();
    await shell.signOut();
    await login.waitUntilShown();
    expect(await page.evaluate(() => window.sessionStorage.getItem('clubos.sessionToken'))).toBeNull();
    // Signing out ended the session on the server too, not just in this tab.
    const me = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    expect(problems).toEqual([]);
  });

  test('a manager filters the Audit screen down to their facility’s account changes', async () => {
    const { server, users, browser } = suite;
    const { page, problems, login, shell } = await openApp(browser);
    const audit = new AuditPage(page);

    await login.open(server.url);
    await login.signIn(users.manager.email, users.manager.password);
    await shell.goTo('Audit');
    await audit.waitForTable();
    await audit.filterByAction('user.');
    // Accounts created at Bedford: the manager's and the front desk's (the admin's has no facility).
    await audit.rowsFor('user.created').nth(1).waitFor();
    expect(await audit.rows().count()).toBe(2);
    for (const row of await audit.rows().all()) {
      const [when, actor, , , facility] = await audit.cells(row);
      expect(actor).toContain('System');
      expect(facility).toBe('Bedford');
      // Shown in Bedford's own time zone (America/Halifax: AST or ADT).
      expect(when).toMatch(/A[DS]T|GMT-0?[34]/);
    }
    expect(problems).toEqual([]);
  });

  test('a wrong password shows a clear error and keeps the user on Login', async () => {
    const { server, users, browser } = suite;
    const { page, problems, login } = await openApp(browser);

    await login.open(server.url);
    await login.signIn(users.manager.email, 'this is not the password');

    expect(await login.errorText()).toContain('Email or password is incorrect');
    await login.waitUntilShown();
    expect(await login.passwordField().inputValue()).toBe('');
    await screenshot(page, 'login-error');
    expect(problems).toEqual([]);
  });
});
