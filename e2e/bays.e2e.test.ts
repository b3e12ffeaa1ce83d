import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { BaysPage } from './pages/BaysPage.ts';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';
import type { TestUser } from './support/testServer.ts';

/** A signed-in desk on the Bays screen (the first screen), with its live stream open. */
async function openDesk(browser: Browser, serverUrl: string, user: TestUser) {
  const app = await openApp(browser);
  await app.login.open(serverUrl);
  await app.login.signIn(user.email, user.password);
  await app.shell.waitUntilShown();
  const bays = new BaysPage(app.page);
  await bays.waitUntilLive();
  return { ...app, bays };
}

describe('the live bay board in two browsers', () => {
  const suite = useServerAndBrowser({
    // The fake's script takes a moment, like TrackMan restarting, so "running" is on screen for a while.
    ninjaone: { scriptRunMs: 2_000, rebootOfflineAfterMs: 300, rebootDowntimeMs: 2_000 },
    // Polls often, so the bays are seen online (and offline) within seconds.
    env: { CLUBOS_BAY_POLL_SECONDS: '5' },
  });

  test('front desk restarts a simulator: both desks see requested → running → succeeded live, and the history says who did it', async () => {
    const { server, users, browser } = suite;
    const ninjaone = suite.ninjaone;
    if (!ninjaone) throw new Error('this suite runs against the fake NinjaOne');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    const office = await openDesk(browser, server.url, users.manager);
    for (const { bays } of [desk, office]) {
      await bays.waitForTone('Bay 1', 'online');
      await bays.waitForTone('Bay 2', 'online');
    }
    expect(await desk.bays.statusText('Bay 1')).toBe('●Online');
    await screenshot(desk.page, 'bays-board');

    await desk.bays.watchStates('Bay 1');
    await office.bays.watchStates('Bay 1');
    // NinjaOne answers slowly, so the request stays "requested" long enough for a person to see it.
    ninjaone.control.slow(1_500);

    await desk.bays.ask('Bay 1', 'Restart simulator');
    await expect
      .poll(() => desk.bays.dialog().getByRole('heading').textContent())
      .toBe('Restart the simulator on Bay 1?');
    expect(await desk.bays.dialogButtons()).toEqual(['Cancel', 'Restart simulator']);
    await screenshot(desk.page, 'bays-confirm-restart');
    await desk.bays.confirm('Restart simulator');

    // Each state, on both desks, as each desk shows it.
    await Promise.all(
      [desk, office].map(async ({ bays }) => {
        await bays.waitForState('Bay 1', 'requested');
        await bays.waitForState('Bay 1', 'running');
      }),
    );
    await expect.poll(() => office.bays.statusText('Bay 1')).toBe('↻Restarting simulator…');
    await screenshot(office.page, 'bays-running');
    ninjaone.control.slow(0);
    await Promise.all([desk, office].map(({ bays }) => bays.waitForState('Bay 1', 'succeeded', 30_000)));
    expect(await office.bays.statusText('Bay 1')).toBe('✓Succeeded');
    // Screen readers hear it too, politely.
    await expect
      .poll(() => office.page.getByTestId('bays-announcer').textContent())
      .toBe('Bay 1: Restart simulator succeeded.');
    await screenshot(office.page, 'bays-succeeded');
    for (const { bays } of [desk, office]) {
      expect(await bays.watchedStates('Bay 1')).toEqual(['none', 'requested', 'running', 'succeeded']);
      await expect
        .poll(() => bays.actionPanel('Bay 1').textContent())
        .toContain(`Restart simulator by ${users.frontdesk.name}`);
    }
    // One confirmed click, one NinjaOne call.
    expect(ninjaone.control.calls('POST', '/v2/device/*/script/run')).toBe(1);

    // The cooldown is on both desks, with the time left.
    await expect
      .poll(() => office.bays.reasons('Bay 1').textContent())
      .toMatch(/Restart simulator: cooldown until \d\d:\d\d \(\d+ min( \d+ s)? left\)\./);
    await expect.poll(() => office.bays.actionButton('Bay 1', 'Restart simulator').isDisabled()).toBe(true);

    // The manager's desk shows who did it.
    await office.bays.openHistory('Bay 1');
    const steps = office.bays.historySteps('Bay 1');
    await expect.poll(() => steps.count()).toBeGreaterThanOrEqual(3);
    const requested = steps.filter({ hasText: 'asked for: Restart simulator' });
    await expect
      .poll(() => requested.textContent())
      .toContain(`by ${users.frontdesk.name} (${users.frontdesk.email})`);
    expect(await steps.first().textContent()).toContain('Restart simulator succeeded');
    await screenshot(office.page, 'bays-history');
    await office.page.keyboard.press('Escape');
    await office.bays.historyDialog('Bay 1').waitFor({ state: 'hidden' });

    expect(desk.problems).toEqual([]);
    expect(office.problems).toEqual([]);
  });

  test('a reboot is asked and cancelled with the keyboard alone: it names the bay, warns about the round, and sends nothing', async () => {
    const { server, users, browser } = suite;
    const ninjaone = suite.ninjaone;
    if (!ninjaone) throw new Error('this suite runs against the fake NinjaOne');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    await desk.bays.waitForTone('Bay 2', 'online');

    const reboot = desk.bays.actionButton('Bay 2', 'Reboot PC');
    await reboot.focus();
    await desk.page.keyboard.press('Enter');
    const dialog = desk.bays.dialog();
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Reboot the PC on Bay 2?');
    expect(await dialog.textContent()).toContain('The round in progress will stop.');
    // Cancel has the focus, so Enter never reboots by accident.
    expect(await desk.page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await screenshot(desk.page, 'bays-confirm-reboot');
    await desk.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await desk.page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe(
      'reboot-pc',
    );
    expect(ninjaone.control.calls('POST', '/v2/device/*/reboot/*')).toBe(0);
    expect(desk.problems).toEqual([]);
  });

  test('a failed restart shows Failed with NinjaOne’s reason on the card, and an offline bay says since when', async () => {
    const { server, users, browser } = suite;
    const ninjaone = suite.ninjaone;
    if (!ninjaone) throw new Error('this suite runs against the fake NinjaOne');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    await desk.bays.waitForTone('Bay 2', 'online');

    ninjaone.control.failScript(102, 'TrackMan.Gui.Shell did not start');
    await desk.bays.ask('Bay 2', 'Restart simulator');
    await desk.bays.confirm('Restart simulator');
    await desk.bays.waitForState('Bay 2', 'failed', 30_000);
    await expect.poll(() => desk.bays.statusText('Bay 2')).toBe('✕Failed: TrackMan.Gui.Shell did not start');
    expect(await desk.bays.card('Bay 2').getAttribute('data-attention')).toBe('true');

    ninjaone.control.setOffline(101, true);
    await desk.bays.waitForTone('Bay 1', 'offline', 20_000);
    expect(await desk.bays.statusText('Bay 1')).toMatch(/^○Offline since \d\d:\d\d$/);
    expect(await desk.bays.reasons('Bay 1').textContent()).toContain('The PC is offline.');
    await screenshot(desk.page, 'bays-failed-and-offline');

    ninjaone.control.setOffline(101, false);
    await desk.bays.waitForTone('Bay 1', 'succeeded', 20_000);
    expect(desk.problems).toEqual([]);
  });

  test('two desks confirm a reboot at once: one NinjaOne call, and the second desk is told why not', async () => {
    const { server, users, browser } = suite;
    const ninjaone = suite.ninjaone;
    if (!ninjaone) throw new Error('this suite runs against the fake NinjaOne');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    const office = await openDesk(browser, server.url, users.manager);
    await Promise.all([desk, office].map(({ bays }) => bays.waitForTone('Bay 2', 'failed')));
    // Both open the confirmation before either has confirmed.
    await desk.bays.ask('Bay 2', 'Reboot PC');
    await office.bays.ask('Bay 2', 'Reboot PC');
    // Slow answers keep the first reboot in flight while the second desk confirms.
    ninjaone.control.slow(1_500);
    await desk.bays.confirm('Reboot PC');
    await office.bays.waitForState('Bay 2', 'requested');
    await office.bays.confirm('Reboot PC');

    const refusal = office.bays.requestError('Bay 2');
    await refusal.waitFor();
    expect(await refusal.getAttribute('role')).toBe('alert');
    expect(await refusal.textContent()).toContain(
      'Reboot PC refused. Bay 2 already has a reboot in progress.',
    );
    await expect.poll(() => office.bays.statusText('Bay 2')).toBe('↻Rebooting…');
    await screenshot(office.page, 'bays-refused');
    ninjaone.control.slow(0);

    await Promise.all([desk, office].map(({ bays }) => bays.waitForState('Bay 2', 'succeeded', 30_000)));
    expect(ninjaone.control.calls('POST', '/v2/device/102/reboot/*')).toBe(1);
    await office.bays.requestError('Bay 2').getByRole('button', { name: 'Dismiss' }).click();
    await refusal.waitFor({ state: 'detached' });
    expect(desk.problems).toEqual([]);
    expect(office.problems).toEqual([]);
  });

  test('the board survives a reconnect: it says updates are interrupted, then shows what changed meanwhile', async () => {
    const { server, users, browser } = suite;
    const ninjaone = suite.ninjaone;
    if (!ninjaone) throw new Error('this suite runs against the fake NinjaOne');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    await desk.bays.waitForTone('Bay 1', 'succeeded');
    const notice = desk.page.getByTestId('bays-stream-notice');

    const stopped = server.stop();
    await notice.waitFor({ timeout: 10_000 });
    await stopped;
    expect(await notice.textContent()).toContain('Live bay updates are interrupted — reconnecting.');
    await screenshot(desk.page, 'bays-reconnecting');
    // While this desk cannot hear about it, Bay 1's PC goes offline.
    ninjaone.control.setOffline(101, true);
    await server.start();

    await desk.bays.waitUntilLive(30_000);
    await desk.bays.waitForTone('Bay 1', 'offline', 30_000);
    await notice.waitFor({ state: 'detached' });
    // The page was never reloaded: the same board, still showing who restarted Bay 1.
    expect(await desk.bays.actionPanel('Bay 1').textContent()).toContain(
      `Restart simulator by ${users.frontdesk.name}`,
    );
    ninjaone.control.setOffline(101, false);
    expect(desk.problems).toEqual([]);
  });
});
