import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { InboxPage } from './pages/InboxPage.ts';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';
import type { TestUser } from './support/testServer.ts';

/** The test facility's line (server/test/fixtures.ts, Bedford). */
const FACILITY_NUMBER = '+19025550100';

/** A signed-in desk on the Inbox, with its live stream open. */
async function openDesk(browser: Browser, serverUrl: string, user: TestUser) {
  const app = await openApp(browser);
  await app.login.open(serverUrl);
  await app.login.signIn(user.email, user.password);
  await app.shell.waitUntilShown();
  const inbox = new InboxPage(app.page);
  await inbox.open();
  return { ...app, inbox };
}

describe('the SMS inbox against a fake OpenPhone', () => {
  const suite = useServerAndBrowser({
    openphone: { statusDelaysMs: { sent: 300, delivered: 700 } },
    // Two attempts, so a send OpenPhone keeps refusing is given up on (dead-lettered) within seconds.
    env: { CLUBOS_OUTBOX_MAX_ATTEMPTS: '2' },
  });

  test('a signed inbound webhook appears live; the reply reaches OpenPhone and shows delivered when its webhook arrives', async () => {
    const { server, users, browser } = suite;
    const openphone = suite.openphone;
    if (!openphone) throw new Error('this suite runs against the fake OpenPhone');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    const { inbox, page } = desk;
    await expect.poll(() => inbox.text(inbox.emptyState())).toContain('No conversations yet');

    // A customer texts the facility: the fake posts a signed Standard Webhooks event to the server.
    const customer = '+19025550123';
    const shown = '+1 902 555 0123';
    const body = 'Hi! Is bay 3 free tonight at 7?';
    await openphone.control.textIn({ from: customer, to: FACILITY_NUMBER, body });
    const acknowledgedAt = Date.now();
    expect(openphone.control.deliveries.at(-1)).toMatchObject({ type: 'message.received', status: 200 });
    // On screen without a reload, within a second of the server's acknowledgement.
    await inbox.row(shown).waitFor({ timeout: 5_000 });
    const latencyMs = Date.now() - acknowledgedAt;
    expect(latencyMs).toBeLessThan(1_000);
    await expect.poll(() => inbox.text(inbox.row(shown))).toContain(body);
    await expect.poll(() => inbox.text(inbox.row(shown))).toContain('1 new');
    await expect.poll(() => inbox.text(inbox.navBadge())).toBe('1, 1 conversation unread');
    await expect.poll(() => inbox.text(inbox.announcer())).toBe(`New message from ${shown}: ${body}`);
    await screenshot(page, 'inbox-new-message');

    // Keyboard: focus the list, arrow onto the thread, Enter opens it.
    await inbox.list().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await inbox.threadTitle().filter({ hasText: shown }).waitFor();
    await inbox.message(body).waitFor();
    // Opening it reads it: the badges clear here (and on this user's other desks).
    await inbox.navBadge().waitFor({ state: 'detached' });
    await expect.poll(() => inbox.text(inbox.row(shown))).not.toContain('new');

    // The counter follows the typing; one emoji makes the text UCS-2.
    const reply = 'Yes, bay 3 is yours at 7. See you then!';
    await inbox.typeReply(reply);
    await expect.poll(() => inbox.text(inbox.segmentCounter())).toBe('1 segment · 121 left');
    await inbox.composerText().press('Shift+Enter');
    await inbox.composerText().pressSequentially('⛳');
    await expect.poll(() => inbox.text(inbox.segmentCounter())).toBe('1 segment · 29 left (UCS-2: emoji)');
    const sentBody = `${reply}\n⛳`;
    await inbox.watchDelivery(sentBody);
    await inbox.send();

    await expect
      .poll(() => inbox.deliveryLabel(sentBody).textContent(), { timeout: 15_000 })
      .toBe('Delivered');
    // The send box is empty again, ready for the next text.
    expect(await inbox.composerText().inputValue()).toBe('');
    const states = await inbox.watchedDelivery(sentBody);
    expect(states.at(-1)).toBe('Delivered');
    expect(states).toContain('Sent');
    // Forward only, never backwards.
    const order = ['Queued', 'Sending…', 'Sent', 'Delivered'];
    expect(states.map((label) => order.indexOf(label))).toEqual(
      [...states.map((label) => order.indexOf(label))].sort((a, b) => a - b),
    );
    // OpenPhone got exactly one text, from the facility's line to the customer.
    const sent = openphone.sent.filter((message) => message.content === sentBody);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: FACILITY_NUMBER, to: customer, direction: 'outgoing' });
    expect(openphone.control.deliveries.map((delivery) => delivery.type)).toContain('message.delivered');
    // Replying took the thread over from the AI.
    await expect
      .poll(() => inbox.text(inbox.thread().getByTestId('thread-ai')))
      .toMatch(/^‖ AI paused until/);
    await screenshot(page, 'inbox-thread-delivered');

    expect(desk.problems).toEqual([]);
  });

  test('a customer who texts STOP: the thread shows the opt-out, and the send box refuses with the reason', async () => {
    const { server, users, browser } = suite;
    const openphone = suite.openphone;
    if (!openphone) throw new Error('this suite runs against the fake OpenPhone');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    const { inbox, page } = desk;

    const customer = '+19025550144';
    const shown = '+1 902 555 0144';
    await openphone.control.textIn({ from: customer, to: FACILITY_NUMBER, body: 'STOP' });
    await inbox.row(shown).waitFor({ timeout: 5_000 });
    await inbox.openThread(shown);
    await inbox.optedOutBanner().waitFor({ timeout: 10_000 });
    expect(await inbox.text(inbox.optedOutBanner())).toMatch(
      /opted out of texts at \d\d:\d\d\. Nothing can be sent to them until they text START\./,
    );
    await expect.poll(() => inbox.text(inbox.row(shown))).toContain('Opted out');

    // The send box says so before anyone types…
    expect(await inbox.text(inbox.composerBlocked())).toBe(
      `⊘ Opted out: a text to ${shown} is refused until they text START.`,
    );
    // …and a send anyway is refused by the server's outbox, with its reason, in the thread.
    await inbox.typeReply('Are you sure?');
    await inbox.send();
    await inbox.composerError().waitFor();
    expect(await inbox.composerError().getAttribute('role')).toBe('alert');
    expect(await inbox.text(inbox.composerError())).toMatch(
      new RegExp(`^✕ Not sent: \\${customer} opted out of texts on .+ \\(they replied STOP\\)\\.`),
    );
    // The text stays in the box, and nothing reached OpenPhone.
    expect(await inbox.composerText().inputValue()).toBe('Are you sure?');
    expect(openphone.sent.filter((message) => message.content === 'Are you sure?')).toHaveLength(0);
    await screenshot(page, 'inbox-opted-out');
    expect(desk.problems).toEqual([]);
  });

  test('a text OpenPhone keeps refusing shows Failed with a Retry button, and one click sends it; a note stays private', async () => {
    const { server, users, browser } = suite;
    const openphone = suite.openphone;
    if (!openphone) throw new Error('this suite runs against the fake OpenPhone');
    const desk = await openDesk(browser, server.url, users.manager);
    const { inbox, page } = desk;

    const customer = '+19025550166';
    const shown = '+1 902 555 0166';
    await openphone.control.textIn({
      from: customer,
      to: FACILITY_NUMBER,
      body: 'Can I move my booking to 8?',
    });
    await inbox.openThread(shown);

    // A private note: marked as one, and never sent.
    await inbox.composer().getByRole('button', { name: 'Private note' }).click();
    await inbox.typeReply('Regular. Bay 3 is free at 8.');
    await inbox.send();
    const note = inbox.thread().getByTestId('note');
    await note.waitFor();
    expect(await inbox.text(note)).toMatch(/^Private note\s*Morgan Manager/);
    await inbox.composer().getByRole('button', { name: 'Reply by text' }).click();

    // A manager hands the thread to the front desk; the header says so once the server has done it.
    await inbox.thread().getByRole('button', { name: 'Assign…' }).click();
    await inbox
      .thread()
      .getByRole('group', { name: 'Assign to' })
      .getByRole('button', { name: users.frontdesk.name })
      .click();
    await expect
      .poll(() => inbox.text(inbox.thread().getByTestId('thread-assignee')))
      .toBe(`Assigned to ${users.frontdesk.name}`);

    // OpenPhone answers 500 to every attempt: after two, the outbox gives up.
    openphone.control.failNext({ status: 500, times: 2 });
    const reply = 'Done: your booking is now at 8.';
    await inbox.typeReply(reply);
    await inbox.send();
    await expect
      .poll(() => inbox.deliveryLabel(reply).textContent(), { timeout: 30_000 })
      .toBe('Failed: not sent');
    const failed = inbox.message(reply);
    expect(await failed.getAttribute('data-status')).toBe('failed');
    expect(await inbox.text(failed.getByTestId('delivery-status'))).toMatch(/✕\s*Failed: not sent/);
    await screenshot(page, 'inbox-failed-retry');

    await inbox.watchDelivery(reply);
    await failed.getByRole('button', { name: 'Retry sending' }).click();
    await expect.poll(() => inbox.deliveryLabel(reply).textContent(), { timeout: 15_000 }).toBe('Delivered');
    expect((await inbox.watchedDelivery(reply)).at(-1)).toBe('Delivered');
    // One text reached OpenPhone (the refused attempts were never accepted), and no note did.
    expect(openphone.sent.filter((message) => message.content === reply)).toHaveLength(1);
    expect(openphone.sent.filter((message) => message.content.includes('Regular.'))).toHaveLength(0);
    expect(desk.problems).toEqual([]);
  });

  test('the inbox survives a server restart: it says updates are interrupted, then shows new texts live again', async () => {
    const { server, users, browser } = suite;
    const openphone = suite.openphone;
    if (!openphone) throw new Error('this suite runs against the fake OpenPhone');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    const { inbox, page } = desk;
    await inbox.rows().first().waitFor();
    const notice = page.getByTestId('inbox-stream-notice');

    const stopped = server.stop();
    await notice.waitFor({ timeout: 10_000 });
    await stopped;
    expect(await inbox.text(notice)).toContain('Live inbox updates are interrupted — reconnecting.');
    // What it showed stays on screen meanwhile.
    expect(await inbox.rows().count()).toBeGreaterThan(0);
    await screenshot(page, 'inbox-reconnecting');

    await server.start();
    await inbox.waitUntilLive(20_000);
    await notice.waitFor({ state: 'detached' });
    await openphone.control.textIn({ from: '+19025550177', to: FACILITY_NUMBER, body: 'Back online?' });
    await inbox.row('+1 902 555 0177').waitFor({ timeout: 5_000 });
    expect(desk.problems).toEqual([]);
  });
});

describe('the demo customer panel', () => {
  const suite = useServerAndBrowser({ demo: true });

  test('a newcomer texts the facility from the panel, and the text arrives in the inbox like any other', async () => {
    const { server, users, browser } = suite;
    const desk = await openDesk(browser, server.url, users.frontdesk);
    const { inbox, page } = desk;
    await inbox.textAsCustomer('+19025550188', 'Do you rent clubs?');
    await expect
      .poll(() => inbox.text(inbox.demoForm().getByRole('status')))
      .toContain('It is in the inbox now.');
    await inbox.row('+1 902 555 0188').waitFor({ timeout: 5_000 });
    await screenshot(page, 'inbox-demo-panel');
    await inbox.openThread('+1 902 555 0188');
    await inbox.message('Do you rent clubs?').waitFor();

    // A number that is not a phone number is caught before anything is sent.
    await inbox.demoForm().getByLabel("From (the customer's number)").fill('555-0188');
    await inbox.demoForm().getByRole('button', { name: 'Send as customer' }).click();
    await expect
      .poll(() => inbox.text(inbox.demoForm()))
      .toContain('A phone number in international form, such as +19025550111.');
    expect(desk.problems).toEqual([]);
  });
});
