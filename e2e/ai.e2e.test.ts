import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { AiPanel } from './pages/AiPanel.ts';
import { AiSettingsPage } from './pages/AiSettingsPage.ts';
import { InboxPage } from './pages/InboxPage.ts';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';
import type { TestUser } from './support/testServer.ts';

/** The test facility's line and name (server/test/fixtures.ts). */
const FACILITY_NUMBER = '+19025550100';
const FACILITY = 'Bedford';

async function signIn(browser: Browser, serverUrl: string, user: TestUser) {
  const app = await openApp(browser);
  await app.login.open(serverUrl);
  await app.login.signIn(user.email, user.password);
  await app.shell.waitUntilShown();
  return { ...app, inbox: new InboxPage(app.page), ai: new AiPanel(app.page) };
}

/** A signed-in desk on the Inbox, with its live stream open. */
async function openDesk(browser: Browser, serverUrl: string, user: TestUser) {
  const desk = await signIn(browser, serverUrl, user);
  await desk.inbox.open();
  return desk;
}

describe('the intelligence engine in the inbox', () => {
  const suite = useServerAndBrowser({
    openphone: { statusDelaysMs: { sent: 300, delivered: 700 } },
    // No debounce: the AI answers as soon as the text is in. No OpenAI key: drafts come from the SOPs.
    env: { CLUBOS_AI_DEBOUNCE_SECONDS: '0' },
  });

  test('a customer text gets an AI draft live; staff send it, it reaches OpenPhone, and its provenance names the SOP version', async () => {
    const { server, users, browser } = suite;
    const openphone = suite.openphone;
    if (!openphone) throw new Error('this suite runs against the fake OpenPhone');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    const { inbox, ai, page } = desk;

    const customer = '+19025550211';
    const shown = '+1 902 555 0211';
    const question = 'Hi, my door code is not working and I am standing outside';
    await openphone.control.textIn({ from: customer, to: FACILITY_NUMBER, body: question });
    await inbox.openThread(shown);
    await inbox.message(question).waitFor();

    // The draft arrives while the thread is open, without a reload.
    const draft = await ai.waitForDraft();
    expect(await draft.getAttribute('data-state')).toBe('draft');
    expect(await ai.text(draft.getByTestId('ai-draft-agent'))).toBe('Booking & access');
    expect(await ai.text(draft.getByTestId('ai-draft-reason'))).toMatch(
      // This facility sets no facts, so the draft also says which ones it quotes unset.
      /^Reason: .*No AI model is configured, so this was drafted from the SOPs\./,
    );
    const body = await ai.text(ai.draftBody(draft));
    expect(body.length).toBeGreaterThan(10);
    // Before sending, staff can see where it came from: the door-access SOP, version 1.
    const draftWhy = await ai.openWhy(draft);
    const draftSections = await ai.sopSections(draftWhy);
    expect(draftSections.length).toBeGreaterThan(0);
    expect(draftSections[0]).toMatch(/^booking\/door-access\.md › .+ · v1$/);
    await screenshot(page, 'ai-draft');

    // Nothing went out before a person said so.
    expect(openphone.sent.filter((message) => message.content === body)).toHaveLength(0);
    await inbox.watchDelivery(body);
    await ai.send(draft);
    await ai.emptyState().waitFor();
    await expect.poll(() => ai.text(ai.announcer())).toContain('Sent to the outbox');

    // The answer is now a text in the conversation, delivered, exactly once at OpenPhone.
    const answer = inbox.message(body);
    await expect.poll(() => inbox.deliveryLabel(body).textContent(), { timeout: 15_000 }).toBe('Delivered');
    expect(await answer.getAttribute('data-kind')).toBe('ai');
    expect(await ai.text(answer.locator('.message-author'))).toBe(
      `ClubOS AI · approved by ${users.frontdesk.name}`,
    );
    const sent = openphone.sent.filter((message) => message.content === body);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: FACILITY_NUMBER, to: customer, direction: 'outgoing' });
    expect((await inbox.watchedDelivery(body)).at(-1)).toBe('Delivered');

    // "Why this answer?" on the sent text: route, SOP section with its version, model, tokens, cost.
    const why = await ai.openWhy(answer);
    expect(await ai.text(why.getByTestId('ai-why-route'))).toMatch(
      /^Booking & access, chosen by the offline classifier/,
    );
    const sections = await ai.sopSections(why);
    expect(sections).toEqual(draftSections);
    expect(sections[0]).toContain('· v1');
    const facts = await ai.text(why.locator('dl'));
    expect(facts).toContain(`Approved and sent by ${users.frontdesk.name}`);
    expect(facts).toContain('ModelNone (drafted from the SOPs)');
    expect(facts).toContain('TokensNone: no model was called');
    expect(facts).toContain('Cost$0.00');
    await screenshot(page, 'ai-why-this-answer');

    // Marked unhelpful: a reason is required; then it says Flagged.
    await ai.markUnhelpful(answer, '');
    await expect.poll(() => ai.text(ai.flagForm(answer))).toContain('Say what was wrong with the answer.');
    await ai.flagForm(answer).getByLabel('What was wrong? (required)').fill('They needed the backup code');
    await ai.flagForm(answer).getByLabel('A better answer (optional)').fill('Use backup code 4321 tonight.');
    await ai.flagForm(answer).getByRole('button', { name: 'Flag as unhelpful' }).click();
    await ai.flagged(answer).waitFor();
    expect(await ai.text(ai.flagged(answer))).toBe('⚑ Flagged as unhelpful');

    // A manager downloads the feedback file: the flag is in it, with the SOP version.
    const office = await signIn(browser, server.url, users.manager);
    const settings = new AiSettingsPage(office.page);
    await settings.open();
    const [download] = await Promise.all([
      office.page.waitForEvent('download'),
      office.page.getByRole('button', { name: 'Download feedback (JSONL)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^clubos-feedback-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    const record = lines.map((line) => JSON.parse(line)).find((line) => line.response === body);
    expect(record).toMatchObject({
      query: question,
      agent: 'booking',
      feedback_rating: 'unhelpful',
      reason: 'They needed the backup code',
      correction: 'Use backup code 4321 tonight.',
    });
    expect(record.sop_versions[0]).toMatchObject({ path: 'booking/door-access.md', version: 1 });
    await expect
      .poll(() => settings.text(office.page.getByTestId('ai-feedback-result')))
      .toMatch(/^Downloaded clubos-feedback-.+\.jsonl: \d+ answers? marked unhelpful\.$/);

    expect(desk.problems).toEqual([]);
    expect(office.problems).toEqual([]);
  });

  test('staff edit a draft before sending (the counter follows); the next draft arrives live and is discarded after confirming', async () => {
    const { server, users, browser } = suite;
    const openphone = suite.openphone;
    if (!openphone) throw new Error('this suite runs against the fake OpenPhone');
    const desk = await openDesk(browser, server.url, users.frontdesk);
    const { inbox, ai, page } = desk;

    const customer = '+19025550222';
    const shown = '+1 902 555 0222';
    await openphone.control.textIn({ from: customer, to: FACILITY_NUMBER, body: 'What are your hours?' });
    await inbox.openThread(shown);
    const draft = await ai.waitForDraft();

    const edited = 'We are open 24/7. Book at clubos.test.';
    await ai.editThenSend(draft, edited);
    await expect.poll(() => ai.text(ai.editCounter(draft))).toBe('1 segment · 122 left');
    await ai.editBox(draft).press('Enter');
    await ai.emptyState().waitFor();
    await expect.poll(() => inbox.deliveryLabel(edited).textContent(), { timeout: 15_000 }).toBe('Delivered');
    expect(openphone.sent.filter((message) => message.content === edited)).toHaveLength(1);
    const why = await ai.openWhy(inbox.message(edited));
    expect(await ai.text(why.locator('dl'))).toContain(`Edited and sent by ${users.frontdesk.name}`);
    expect(await ai.text(why)).toContain('The AI’s original draft');

    // The customer texts again while the thread is open: the new draft arrives by the live stream
    // alone (the thread's answers were read before it existed). Cancel keeps it; Discard draft removes it.
    const followUp = 'Also, can I bring a guest?';
    await openphone.control.textIn({ from: customer, to: FACILITY_NUMBER, body: followUp });
    await inbox.message(followUp).waitFor();
    const second = await ai.waitForDraft();
    expect(await ai.text(second)).toContain(followUp);
    const secondBody = await ai.text(ai.draftBody(second));
    await ai.askToDiscard(second);
    expect(await ai.text(ai.dialog().getByRole('heading'))).toBe('Discard this AI draft?');
    await screenshot(page, 'ai-discard-confirm');
    await ai.dialog().getByRole('button', { name: 'Cancel' }).click();
    await ai.dialog().waitFor({ state: 'hidden' });
    expect(await ai.drafts().count()).toBe(1);
    await ai.askToDiscard(second);
    await ai.dialog().getByRole('button', { name: 'Discard draft' }).click();
    await ai.emptyState().waitFor();
    await expect.poll(() => ai.text(ai.announcer())).toContain('Nothing was texted');
    // It is history now, in words.
    await ai
      .panel()
      .getByText(/^Earlier AI answers/)
      .click();
    await expect.poll(() => ai.text(ai.panel().getByTestId('ai-history'))).toMatch(/Discarded by /);
    // Only the edited answer ever reached this customer.
    expect(
      openphone.sent.filter((message) => message.to === customer).map((message) => message.content),
    ).toEqual([edited]);
    expect(openphone.sent.filter((message) => message.content === secondBody)).toHaveLength(0);
    expect(desk.problems).toEqual([]);
  });

  test('an emergency text shows a banner on every screen, which opens the conversation', async () => {
    const { server, users, browser } = suite;
    const openphone = suite.openphone;
    if (!openphone) throw new Error('this suite runs against the fake OpenPhone');
    // On the Bays screen, not the inbox: the banner is for whatever screen staff are on.
    const desk = await signIn(browser, server.url, users.frontdesk);
    const { page, inbox } = desk;
    await page.getByTestId('bays-screen').waitFor();
    // The desk's inbox stream runs from sign-in, whatever the screen; the banner says when it is live.
    await page
      .locator('[data-testid="emergency-banner"][data-stream="live"]')
      .waitFor({ state: 'attached', timeout: 15_000 });

    const customer = '+19025550244';
    const text = 'There is smoke coming out of the projector in bay 2';
    await openphone.control.textIn({ from: customer, to: FACILITY_NUMBER, body: text });
    const alert = page.getByTestId('emergency-alert').filter({ hasText: text });
    await alert.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('emergency-banner').getAttribute('role')).toBe('alert');
    expect(await inbox.text(alert)).toMatch(
      new RegExp(
        `^⚠Emergency at ${FACILITY}: fire or smoke\\. \\+1 902 555 0244 texted at \\d\\d:\\d\\d: “${text}”`,
      ),
    );
    await screenshot(page, 'ai-emergency-banner');

    await alert.getByRole('button', { name: /^Open the conversation/ }).click();
    await inbox.waitUntilLive();
    await inbox.threadTitle().filter({ hasText: '+1 902 555 0244' }).waitFor();
    await inbox.message(text).waitFor();
    // The fixed safety reply went out at once; its provenance says the rules chose it.
    const reply = inbox.thread().locator('[data-testid="message"][data-kind="emergency_reply"]');
    await reply.waitFor({ timeout: 10_000 });
    const why = await desk.ai.openWhy(reply);
    expect(await desk.ai.text(why.getByTestId('ai-why-route'))).toBe(
      'Emergency, chosen by the emergency rules (100% sure)',
    );
    // Safety replies are fixed text: there is nothing to flag.
    expect(await reply.getByRole('button', { name: 'Mark unhelpful' }).count()).toBe(0);

    await alert.getByRole('button', { name: /^Dismiss/ }).click();
    await alert.waitFor({ state: 'detached' });
    expect(desk.problems).toEqual([]);
  });
});

describe('AI settings', () => {
  const suite = useServerAndBrowser();

  test('a manager switches an agent to Auto and turns the facility kill switch on after confirming; both persist after a reload', async () => {
    const { server, users, browser } = suite;
    const office = await signIn(browser, server.url, users.manager);
    const { page, shell } = office;
    const settings = new AiSettingsPage(page);
    expect(await shell.navLabels()).toContain('AI settings');
    await settings.open();
    expect(await settings.modeShown('Booking & access', FACILITY)).toBe('Draft (staff approve)');
    expect(await settings.isOn(settings.globalSwitch())).toBe(false);
    expect(await settings.isOn(settings.facilitySwitch(FACILITY))).toBe(false);
    await expect
      .poll(() => settings.text(settings.facility(FACILITY).getByTestId('ai-spend')))
      .toBe('$0.00 of $10.00 spent today (0%)');

    // Auto for Booking: saving, then saved, as the server answers.
    await settings.setMode('Booking & access', FACILITY, 'Auto (send)');
    const row = settings.agentRow('Booking & access', FACILITY);
    expect(await settings.saveOutcome(row)).toBe('✓ Saved');
    expect(await settings.modeShown('Booking & access', FACILITY)).toBe('Auto (send)');

    // The kill switch asks first; Cancel changes nothing.
    const killSwitch = settings.facilitySwitch(FACILITY);
    await killSwitch.focus();
    await killSwitch.press('Space');
    await settings.dialog().waitFor();
    expect(await settings.text(settings.dialog().getByRole('heading'))).toBe(
      `Turn the AI off at ${FACILITY}?`,
    );
    await screenshot(page, 'ai-kill-switch-confirm');
    await page.keyboard.press('Escape');
    await settings.dialog().waitFor({ state: 'hidden' });
    expect(await settings.isOn(killSwitch)).toBe(false);

    await killSwitch.click();
    await settings.dialog().getByRole('button', { name: 'Turn the kill switch on' }).click();
    const box = settings.killSwitchBox(`Kill switch for ${FACILITY}`);
    expect(await settings.saveOutcome(box)).toBe('✓ Saved');
    expect(await settings.isOn(killSwitch)).toBe(true);
    expect(await settings.text(box.getByTestId('ai-kill-state'))).toMatch(
      /^■ On: the AI answers no one here/,
    );

    // The budget: a bad value is refused here, a good one is saved.
    const budget = settings.facility(FACILITY).getByLabel(`Daily budget at ${FACILITY} (US dollars)`);
    await budget.fill('ten');
    await budget.press('Enter');
    await expect
      .poll(() => settings.text(settings.facility(FACILITY).getByTestId('ai-budget')))
      .toContain('Use dollars and cents only');
    await budget.fill('12.50');
    await budget.press('Enter');
    await expect
      .poll(() => settings.text(settings.facility(FACILITY).getByTestId('ai-spend')))
      .toBe('$0.00 of $12.50 spent today (0%)');
    await screenshot(page, 'ai-settings');

    // What the server has, after a reload.
    await page.reload();
    await shell.waitUntilShown();
    await settings.waitUntilLoaded();
    expect(await settings.modeShown('Booking & access', FACILITY)).toBe('Auto (send)');
    expect(await settings.modeShown('Tech support', FACILITY)).toBe('Draft (staff approve)');
    expect(await settings.isOn(settings.facilitySwitch(FACILITY))).toBe(true);
    expect(await settings.isOn(settings.globalSwitch())).toBe(false);
    expect(await budget.inputValue()).toBe('12.50');

    // Back as it was: turning the switch off needs no confirmation.
    await settings.facilitySwitch(FACILITY).click();
    await expect.poll(() => settings.isOn(settings.facilitySwitch(FACILITY))).toBe(false);
    await settings.setMode('Booking & access', FACILITY, 'Draft (staff approve)');
    expect(await settings.saveOutcome(row)).toBe('✓ Saved');
    expect(office.problems).toEqual([]);
  });

  test('front desk does not see AI settings, and gets "Managers only" by address', async () => {
    const { server, users, browser } = suite;
    const desk = await signIn(browser, server.url, users.frontdesk);
    const { page, shell } = desk;
    expect(await shell.navLabels()).toEqual(['Bays', 'Inbox', 'SOPs', 'Settings']);
    await shell.goToHash('#/ai');
    await page.getByTestId('managers-only').waitFor();
    expect(await shell.headingText()).toBe('Managers only');
    expect(await page.getByTestId('ai-settings-screen').count()).toBe(0);
    expect(desk.problems).toEqual([]);
  });
});
