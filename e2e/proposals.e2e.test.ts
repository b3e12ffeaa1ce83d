import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { AiPanel } from './pages/AiPanel.ts';
import { InboxPage } from './pages/InboxPage.ts';
import { ProposalsPage } from './pages/ProposalsPage.ts';
import { SopsPage } from './pages/SopsPage.ts';
import { screenshot } from './support/screenshots.ts';
import { openApp, useServerAndBrowser } from './support/suite.ts';
import type { TestUser } from './support/testServer.ts';

/** The test facility's line (server/test/fixtures.ts). */
const FACILITY_NUMBER = '+19025550100';

async function signIn(browser: Browser, serverUrl: string, user: TestUser) {
  const app = await openApp(browser);
  await app.login.open(serverUrl);
  await app.login.signIn(user.email, user.password);
  await app.shell.waitUntilShown();
  return {
    ...app,
    inbox: new InboxPage(app.page),
    ai: new AiPanel(app.page),
    proposals: new ProposalsPage(app.page),
    sops: new SopsPage(app.page),
  };
}

describe('SOP proposals and the SOP library', () => {
  const suite = useServerAndBrowser({
    openphone: { statusDelaysMs: { sent: 100, delivered: 200 } },
    // No debounce: drafts at once. No Anthropic key: the analysis proposes each staff correction as is.
    env: { CLUBOS_AI_DEBOUNCE_SECONDS: '0' },
  });

  test('a staff correction becomes a proposal; a manager reads its diff and eval, approves it, sees the new version in the history, and rolls back', async () => {
    const { server, users, browser } = suite;
    const openphone = suite.openphone;
    if (!openphone) throw new Error('this suite runs against the fake OpenPhone');

    // Front desk sends the AI's draft and marks it unhelpful with a better answer.
    const desk = await signIn(browser, server.url, users.frontdesk);
    await desk.inbox.open();
    const question = 'My door code is not working at the side entrance';
    const correction = 'Use the side door keypad and press the bell icon before the code.';
    await openphone.control.textIn({ from: '+19025550311', to: FACILITY_NUMBER, body: question });
    await desk.inbox.openThread('+1 902 555 0311');
    const draft = await desk.ai.waitForDraft();
    const body = await desk.ai.text(desk.ai.draftBody(draft));
    await desk.ai.send(draft);
    await desk.ai.emptyState().waitFor();
    const answer = desk.inbox.message(body);
    await answer.getByRole('button', { name: 'Mark unhelpful' }).waitFor({ timeout: 15_000 });
    await desk.ai.markUnhelpful(answer, 'The customer was at the side door', correction);
    await desk.ai.flagged(answer).waitFor();

    // The manager asks for the analysis now and waits for its proposal to be listed.
    const office = await signIn(browser, server.url, users.manager);
    const { proposals, sops, page } = office;
    await proposals.open();
    expect(await proposals.empty().count()).toBe(1);
    await proposals.analyseNow();
    const summary = `Add the staff answer to "${question}"`;
    const row = await proposals.waitForProposal(summary);
    expect(['pending_review', 'blocked_by_eval']).toContain(await row.getAttribute('data-status'));
    await proposals.openProposal(summary);
    expect(await proposals.text(office.shell.screenHeading())).toBe(summary);
    expect(await proposals.text(proposals.detail().getByTestId('proposal-source'))).toBe(
      'A staff correction',
    );
    expect(await proposals.text(proposals.detail().getByTestId('proposal-cost'))).toBe('$0.00');
    // The evidence: the customer's text in its thread, the flagged answer, why, and the correction.
    const evidence = await proposals.text(proposals.evidence());
    expect(evidence).toContain(question);
    expect(evidence).toContain('The customer was at the side door');
    expect(await proposals.text(proposals.evidence().getByTestId('evidence-correction'))).toBe(correction);
    expect(evidence).not.toContain('555 0311');

    // The diff: the SOP now on the left, the new section added on the right.
    const added = await proposals.addedLines();
    expect(added).toContain(correction);
    expect(added).toContain(`Customers say: ${question}`);
    expect(await proposals.diff().getByTestId('diff-removed').count()).toBe(0);
    // The eval replayed the golden cases, before and after.
    expect(await proposals.evalCases().count()).toBeGreaterThan(1);
    // Each case shows pass or fail before and after the change.
    const firstCase = proposals.evalCases().first();
    expect(await firstCase.getByTestId('eval-verdict').allTextContents()).toHaveLength(2);
    const blocked = (await proposals.detail().getAttribute('data-status')) === 'blocked_by_eval';
    expect(await proposals.blockedBanner().count()).toBe(blocked ? 1 : 0);
    await screenshot(page, 'proposal-detail');

    // Approve asks first; Escape changes nothing.
    await proposals.askToApprove();
    await page.keyboard.press('Escape');
    await proposals.dialog().waitFor({ state: 'hidden' });
    expect(await proposals.detail().getAttribute('data-status')).toMatch(
      /^(pending_review|blocked_by_eval)$/,
    );
    await proposals.askToApprove();
    if (blocked) {
      // A blocked proposal needs a reason to override the eval.
      await proposals.dialog().getByRole('button', { name: 'Approve' }).click();
      await expect
        .poll(() => proposals.text(proposals.dialog()))
        .toContain('Say why the eval is overridden.');
      await proposals
        .dialog()
        .getByLabel('Why approve it anyway? (required, audited)')
        .fill('Checked by hand');
    }
    await proposals.dialog().getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => proposals.text(proposals.outcome()), { timeout: 15_000 })
      .toBe('✓ Approved: booking/door-access.md is now at version 2. Open the SOP and its history');
    await expect.poll(() => proposals.text(proposals.status())).toBe('✓ Approved');

    // The SOP's history shows the new version, from the proposal, with its diff.
    await proposals.outcome().getByRole('link', { name: 'Open the SOP and its history' }).click();
    await sops.document().waitFor();
    expect(await sops.text(sops.content())).toContain(correction);
    await sops.openHistory();
    expect(await sops.versionNumbers()).toEqual([2, 1]);
    expect(await sops.version(2).getAttribute('data-source')).toBe('proposal');
    expect(await sops.text(sops.version(2).getByTestId('sop-version-meta'))).toMatch(/^Approved proposal · /);
    expect(await sops.version(2).getByTestId('sop-version-diff').textContent()).toContain(`+${correction}`);
    expect(await sops.rollbackButton(2).count()).toBe(0);
    // Version 1's page lists the AI answer that stood on it, flagged by the front desk.
    const replies = await sops.openReplies(1);
    const reply = replies.getByTestId('sop-version-reply').filter({ hasText: question });
    await reply.waitFor();
    expect(await sops.text(reply)).toContain(body);
    expect(await reply.getByTestId('sop-reply-flagged').count()).toBe(1);
    await screenshot(page, 'sop-history');

    // Roll back to version 1, after confirming: it becomes version 3.
    await sops.rollbackButton(1).click();
    await sops.dialog().waitFor();
    expect(await sops.text(sops.dialog().getByRole('heading'))).toBe(
      'Roll booking/door-access.md back to version 1?',
    );
    await sops.dialog().getByRole('button', { name: 'Roll back' }).click();
    await expect
      .poll(() => sops.text(sops.rollbackOutcome()), { timeout: 15_000 })
      .toBe('✓ Rolled back: version 1’s content is now current as version 3.');
    await expect.poll(() => sops.versionNumbers()).toEqual([3, 2, 1]);
    expect(await sops.version(3).getAttribute('data-source')).toBe('rollback');
    expect(await sops.rollbackButton(3).count()).toBe(0);
    expect(await sops.rollbackButton(2).count()).toBe(1);
    await sops.document().getByRole('tab', { name: 'Current version' }).click();
    expect(await sops.text(sops.content())).not.toContain(correction);

    // Back in the queue, the proposal is decided.
    // The queue may first show its cached copy, then the one it refetches: wait for what it shows.
    await proposals.open();
    await expect.poll(() => proposals.row(summary).getAttribute('data-status')).toBe('approved');

    expect(desk.problems).toEqual([]);
    expect(office.problems).toEqual([]);
  });

  test('front desk reads the SOP library and history but cannot roll back, and never sees Proposals', async () => {
    const { server, users, browser } = suite;
    const desk = await signIn(browser, server.url, users.frontdesk);
    const { page, shell, sops } = desk;
    expect(await shell.navLabels()).toEqual(['Bays', 'Inbox', 'SOPs', 'Settings']);
    await shell.goToHash('#/proposals');
    await page.getByTestId('managers-only').waitFor();
    expect(await page.getByTestId('proposals-screen').count()).toBe(0);

    await shell.goTo('SOPs');
    await sops.openSop('Door access and PINs');
    await sops.openHistory();
    expect((await sops.versionNumbers()).length).toBeGreaterThan(0);
    expect(
      await sops
        .document()
        .getByRole('button', { name: /^Roll back/ })
        .count(),
    ).toBe(0);
    expect(desk.problems).toEqual([]);
  });
});
