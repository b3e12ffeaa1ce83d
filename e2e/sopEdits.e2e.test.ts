import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ProposalsPage } from './pages/ProposalsPage.ts';
import { SopsPage } from './pages/SopsPage.ts';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';
import type { TestUser } from './support/testServer.ts';

async function signIn(browser: Browser, serverUrl: string, user: TestUser) {
  const app = await openApp(browser);
  await app.login.open(serverUrl);
  await app.login.signIn(user.email, user.password);
  await app.shell.waitUntilShown();
  return { ...app, proposals: new ProposalsPage(app.page), sops: new SopsPage(app.page) };
}

const text = async (locator: { textContent(): Promise<string | null> }) =>
  ((await locator.textContent()) ?? '').trim();

/** Whether the element is the one the keyboard is on. */
const isFocused = (locator: { evaluate<R>(fn: (element: Element) => R): Promise<R> }) =>
  locator.evaluate((element) => element === document.activeElement);

// Each test works on its own SOP: one open proposal per SOP, and a cooldown after an approval.
describe('SOP edits and reviews: direct edits, live proposals, rejecting, overriding the eval, comparing versions, uploads', () => {
  const suite = useServerAndBrowser();

  test('a manager’s direct edit shows up live in another manager’s queue and badge; its author cannot approve it; edited, then approved by an admin, it is a version with its approver', async () => {
    const { server, users, browser } = suite;
    // The admin watches the queue; nothing is pressed on their page until the proposal is there.
    const admin = await signIn(browser, server.url, users.admin);
    await admin.proposals.open();
    expect(await admin.proposals.empty().count()).toBe(1);
    expect(await admin.proposals.navBadge().count()).toBe(0);
    await admin.status.waitForLive('connected');

    const office = await signIn(browser, server.url, users.manager);
    await office.shell.goTo('SOPs');
    await office.sops.openSop('Memberships');
    // The editor opens on its first field; a missing summary is said, and nothing is sent.
    await office.sops.editButton().click();
    await office.sops.editForm().waitFor();
    await expect.poll(() => isFocused(office.sops.editSummary())).toBe(true);
    await office.sops.editForm().getByRole('button', { name: 'Send for review' }).click();
    await expect.poll(() => text(office.sops.editForm())).toContain('Say what the edit changes.');
    expect(await office.sops.editSummary().getAttribute('aria-invalid')).toBe('true');
    // Escape closes it, back on the button that opened it.
    await office.sops.editSummary().press('Escape');
    await office.sops.editForm().waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(office.sops.editButton())).toBe(true);

    const summary = 'Ask members for the name on their membership';
    const added = '- Ask for the name on the membership before changing a member’s booking.';
    await office.sops.proposeEdit(summary, (content) => `${content.trimEnd()}\n${added}\n`);
    await expect
      .poll(() => text(office.sops.editSent()), { timeout: 20_000 })
      .toBe('● Sent for review: it needs another manager’s approval before it goes live. Open the proposal');
    // Focus moves to what happened to the edit; the SOP itself is unchanged.
    await expect
      .poll(() => office.page.evaluate(() => document.activeElement?.className))
      .toBe('sop-edit-sent');
    expect(await text(office.sops.content())).not.toContain(added);

    // On the admin's page, without Refresh: the row, the badge and a polite notice.
    await admin.proposals.row(summary).waitFor({ timeout: 15_000 });
    await expect.poll(() => admin.proposals.row(summary).getAttribute('data-status')).toBe('pending_review');
    await expect.poll(() => text(admin.proposals.navBadge())).toBe('1, 1 proposal waiting for review');
    await expect
      .poll(() => text(admin.proposals.arrivalNotice()))
      .toContain('New SOP proposal for booking/memberships.md, waiting for review.');
    expect(await admin.proposals.arrivalNotice().getAttribute('role')).toBe('status');
    await screenshot(admin.page, 'proposals-live-badge');

    // Its author cannot approve it: the server says why.
    await office.sops.editSent().getByRole('link', { name: 'Open the proposal' }).click();
    await office.proposals.detail().waitFor();
    expect(await text(office.proposals.detail().getByTestId('proposal-source'))).toBe('A manager’s edit');
    await office.proposals.askToApprove();
    await office.proposals.dialog().getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => text(office.proposals.actionErrors()))
      .toBe('✕ Not approved: A direct SOP edit needs another manager’s approval.');
    expect(await office.proposals.detail().getAttribute('data-status')).toBe('pending_review');

    // The admin edits it; the edit is checked again as a new proposal, which the admin approves.
    await admin.proposals.openProposal(summary);
    const better = '- Ask for the name on the membership before changing or extending a member’s booking.';
    await admin.proposals.editThenResubmit((content) => content.replace(added, better));
    const resubmitted = admin.proposals.detail().getByTestId('proposal-resubmitted');
    await expect
      .poll(() => text(resubmitted), { timeout: 20_000 })
      .toBe('Re-submitted as a new proposal, now ● Waiting for review. Open the new proposal');
    // The author's open copy follows live: the proposal they are reading was replaced.
    await expect.poll(() => office.proposals.detail().getAttribute('data-status')).toBe('superseded');
    // The author reads the SOP while the admin decides.
    await office.shell.goTo('SOPs');
    await office.sops.openSop('Memberships');
    await expect.poll(() => text(office.sops.document().getByTestId('sop-meta'))).toMatch(/version 1$/);

    await resubmitted.getByRole('link', { name: 'Open the new proposal' }).click();
    await expect.poll(() => admin.proposals.detail().getAttribute('data-status')).toBe('pending_review');
    expect(await admin.proposals.addedLines()).toContain(better);
    await admin.proposals.askToApprove();
    await admin.proposals.dialog().getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => text(admin.proposals.outcome()), { timeout: 15_000 })
      .toBe('✓ Approved: booking/memberships.md is now at version 2. Open the SOP and its history');
    await expect.poll(() => admin.proposals.navBadge().count()).toBe(0);

    // The author's open SOP shows the new version without reloading; its history names the approver.
    await expect
      .poll(() => text(office.sops.document().getByTestId('sop-meta')), { timeout: 15_000 })
      .toMatch(/version 2$/);
    expect(await text(office.sops.content())).toContain(better);
    await office.sops.openHistory();
    expect(await office.sops.versionNumbers()).toEqual([2, 1]);
    const meta = office.sops.version(2).getByTestId('sop-version-meta');
    expect(await text(meta)).toMatch(
      /^Edited by a manager · Morgan Manager · .* · approved by Avery Admin · from proposal · 1 line added/,
    );
    await meta.getByRole('link', { name: 'from proposal' }).click();
    await office.proposals.detail().waitFor();
    expect(await office.proposals.detail().getAttribute('data-status')).toBe('approved');

    expect(admin.problems).toEqual([]);
    expect(office.problems).toEqual([]);
  });

  test('rejecting a proposal needs a reason; front desk never sees Edit SOP', async () => {
    const { server, users, browser } = suite;
    const desk = await signIn(browser, server.url, users.frontdesk);
    await desk.shell.goTo('SOPs');
    await desk.sops.openSop('Events and parties');
    expect(await desk.sops.editButton().count()).toBe(0);

    // The admin is on another screen, signed in before the edit is sent.
    const admin = await signIn(browser, server.url, users.admin);
    await admin.shell.goTo('Bays');
    await admin.status.waitForLive('connected');

    const office = await signIn(browser, server.url, users.manager);
    await office.shell.goTo('SOPs');
    await office.sops.openSop('Events and parties');
    const summary = 'Ask for dietary needs for parties';
    // A new link is refused by the guardrails: the reasons are shown, the text stays to fix.
    await office.sops.proposeEdit(
      summary,
      (content) => `${content.trimEnd()}\n\nBook parties at https://parties.example.net today.\n`,
    );
    const refused = office.sops.editOutcome().getByTestId('sop-edit-refused');
    await refused.waitFor({ timeout: 20_000 });
    expect(await text(refused)).toMatch(
      /^✕ Refused by the guardrails, so nothing was sent for review\. The SOP is unchanged\./,
    );
    expect(await refused.locator('[data-rule="new_contact_or_price"]').count()).toBe(1);
    await expect.poll(() => isFocused(office.sops.editOutcome())).toBe(true);
    await screenshot(office.page, 'sop-edit-refused');
    const content = await office.sops.editContent().inputValue();
    expect(content).toContain('https://parties.example.net');
    await office.sops
      .editContent()
      .fill(
        content.replace(
          'Book parties at https://parties.example.net today.',
          'Ask about dietary needs when a group books food.',
        ),
      );
    await office.sops.editForm().getByRole('button', { name: 'Send for review' }).click();
    await office.sops.editSent().waitFor({ timeout: 20_000 });

    // The admin hears of it wherever they are, and opens it from the notice.
    await admin.proposals.navBadge().waitFor();
    expect(await text(admin.proposals.navBadge())).toBe('1, 1 proposal waiting for review');
    await admin.proposals.arrivalNotice().getByRole('link', { name: 'Open the proposal' }).click();
    await admin.proposals.detail().waitFor();
    expect(await text(admin.shell.screenHeading())).toBe(summary);
    // Opening it answers the notice.
    await expect.poll(() => text(admin.proposals.arrivalNotice())).toBe('');

    await admin.proposals.askToReject();
    await admin.proposals.dialog().getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => text(admin.proposals.dialog())).toContain('Say why it is rejected.');
    const reason = admin.proposals.dialog().getByLabel('Why reject it? (required)');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await reason.fill('Food is handled by the caterer, not at booking');
    await admin.proposals.dialog().getByRole('button', { name: 'Reject' }).click();
    await expect
      .poll(() => text(admin.proposals.outcome()), { timeout: 15_000 })
      .toBe('✕ Rejected. The SOP is unchanged.');
    await expect.poll(() => text(admin.proposals.status())).toBe('✕ Rejected');
    expect(await text(admin.proposals.detail())).toContain('Food is handled by the caterer, not at booking');
    await expect.poll(() => admin.proposals.navBadge().count()).toBe(0);

    // The SOP is as it was.
    await office.sops.openHistory();
    expect(await office.sops.versionNumbers()).toEqual([1]);

    expect(desk.problems).toEqual([]);
    expect(office.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });

  test('an edit that breaks a golden case is blocked by eval and needs an override reason; the history compares any two versions', async () => {
    const { server, users, browser } = suite;
    const office = await signIn(browser, server.url, users.manager);
    await office.shell.goTo('SOPs');
    await office.sops.openSop('Door access and PINs');
    const summary = 'Shorter keypad advice';
    const before = '1. Ask them to enter the code slowly, then press the check or # key once.';
    const after = '1. Ask them to enter the code, then press the check or # key once.';
    // The golden case "keypad flashes red" expects "slowly" in the answer.
    await office.sops.proposeEdit(summary, (content) => content.replace(before, after));
    await expect
      .poll(() => text(office.sops.editSent()), { timeout: 20_000 })
      .toMatch(/^● Sent for review, but the eval blocked it/);

    const admin = await signIn(browser, server.url, users.admin);
    await admin.proposals.open();
    await admin.proposals.openProposal(summary);
    expect(await admin.proposals.detail().getAttribute('data-status')).toBe('blocked_by_eval');
    await admin.proposals.blockedBanner().waitFor();
    expect(
      await admin.proposals.detail().locator('[data-testid="eval-case"][data-broken]').count(),
    ).toBeGreaterThan(0);
    await admin.proposals.askToApprove();
    await admin.proposals.dialog().getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => text(admin.proposals.dialog())).toContain('Say why the eval is overridden.');
    await admin.proposals
      .dialog()
      .getByLabel('Why approve it anyway? (required, audited)')
      .fill('The keypad was replaced; it reads fast entries');
    await admin.proposals.dialog().getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => text(admin.proposals.outcome()), { timeout: 15_000 })
      .toBe('✓ Approved: booking/door-access.md is now at version 2. Open the SOP and its history');
    await expect.poll(() => text(admin.proposals.status())).toBe('✓ Approved');
    expect(await text(admin.proposals.detail())).toContain('The keypad was replaced; it reads fast entries');

    // Compare version 1 with version 2, from the history.
    await admin.proposals.outcome().getByRole('link', { name: 'Open the SOP and its history' }).click();
    await admin.sops.document().waitFor();
    await admin.sops.openHistory();
    await admin.sops.compareVersions(2, 2);
    await expect.poll(() => text(admin.sops.compare())).toContain('Pick two different versions.');
    await admin.sops.compareVersions(1, 2);
    await expect
      .poll(() => text(admin.sops.compareResult().getByRole('heading')))
      .toBe('Version 1 → version 2: 1 line added, 1 removed');
    await expect.poll(() => isFocused(admin.sops.compareResult().getByRole('heading'))).toBe(true);
    const diff = await admin.sops.compareDiff().textContent();
    expect(diff).toContain(`-${before}`);
    expect(diff).toContain(`+${after}`);
    expect(await text(admin.sops.compareResult())).toContain('approved by Avery Admin');
    // The other way round shows what a rollback to version 1 would undo.
    await admin.sops.compareVersions(2, 1);
    await expect
      .poll(() => text(admin.sops.compareResult().getByRole('heading')))
      .toBe('Version 2 → version 1: 1 line added, 1 removed');
    expect(await admin.sops.compareDiff().textContent()).toContain(`+${before}`);
    // "Compare version 1 with…" on a row puts the keyboard on the other choice.
    await admin.sops.version(1).getByRole('button', { name: 'Compare version 1 with…' }).click();
    await expect.poll(() => isFocused(admin.sops.compare().getByLabel('To version'))).toBe(true);
    expect(await admin.sops.compare().getByLabel('From version').inputValue()).toBe('1');
    await screenshot(admin.page, 'sop-compare');

    // No AI answer has stood on the new version yet.
    const replies = await admin.sops.openReplies(2);
    await expect
      .poll(() => text(replies.getByTestId('sop-version-replies-empty')))
      .toBe('No AI reply has used version 2 yet.');

    expect(office.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });

  test('a manager uploads a feedback file: a bad line is refused by number, a good file is analysed into a proposal', async () => {
    const { server, users, browser } = suite;
    const office = await signIn(browser, server.url, users.manager);
    const { proposals } = office;
    await proposals.open();

    const question = 'Can I move my booking to another day instead of cancelling?';
    const record = {
      query: question,
      response: 'You can cancel your booking for a refund.',
      agent: 'booking',
      feedback_rating: 'unhelpful',
      reason: 'They wanted to move it, not cancel it',
      correction: 'Yes: staff can move a booking to another free time instead of cancelling it.',
      sop_versions: [
        { path: 'booking/cancellations-and-refunds.md', version: 1, section: 'Cancelling a booking' },
      ],
      thread_id: '',
      created_at: '2026-12-01T10:00:00.000Z',
    };
    // Nothing of a file with a bad line is analysed, and the refusal names the line.
    await proposals.uploadFeedback('broken.jsonl', `${JSON.stringify(record)}\nnot json\n`);
    await expect
      .poll(() => text(proposals.uploadResult().getByTestId('feedback-upload-error')), { timeout: 15_000 })
      .toMatch(/^✕ broken\.jsonl was not analysed: Line 2 is not a feedback record/);
    expect(await proposals.row(`Add the staff answer to "${question}"`).count()).toBe(0);

    await proposals.uploadFeedback('feedback.jsonl', `${JSON.stringify(record)}\n`);
    const summary = proposals.uploadResult().getByTestId('feedback-upload-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await text(summary)).toMatch(
      /^✓ feedback\.jsonl analysed: 1 line read, 1 analysed, 1 proposal for review, 0 refused by the guardrails\. Cost \$0\.00\./,
    );
    expect(await proposals.uploadResult().getByTestId('feedback-upload-error').count()).toBe(0);
    // Focus moves to the result.
    await expect.poll(() => isFocused(proposals.uploadResult())).toBe(true);
    // The proposal is in the queue, live.
    const row = proposals.row(`Add the staff answer to "${question}"`);
    await row.waitFor({ timeout: 15_000 });
    expect(['pending_review', 'blocked_by_eval']).toContain(await row.getAttribute('data-status'));
    await screenshot(office.page, 'proposals-upload');

    expect(office.problems).toEqual([]);
  });
});
