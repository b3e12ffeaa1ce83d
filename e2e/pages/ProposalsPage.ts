import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The manager's SOP proposals: the queue, Analyse now, and one proposal with its decision. */
export class ProposalsPage {
  constructor(private readonly page: Page) {}

  readonly screen = () => this.page.getByTestId('proposals-screen');
  readonly navLink = () =>
    this.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Proposals', exact: true });
  readonly rows = () => this.screen().getByTestId('proposal-row');
  readonly row = (summary: string) => this.rows().filter({ hasText: summary });
  readonly empty = () => this.screen().getByTestId('proposals-empty');
  readonly analysisStatus = () => this.screen().getByTestId('proposals-analysis');
  readonly detail = () => this.screen().getByTestId('proposal-detail');
  readonly diff = () => this.detail().getByTestId('proposal-diff');
  readonly evalCases = () => this.detail().getByTestId('eval-case');
  readonly blockedBanner = () => this.detail().getByTestId('proposal-blocked');
  readonly outcome = () => this.detail().getByTestId('proposal-outcome');
  readonly dialog = () => this.page.getByRole('dialog');

  async open(): Promise<void> {
    await this.navLink().click();
    await this.page.getByRole('heading', { level: 1, name: 'Proposals' }).waitFor();
    await this.screen().locator('[data-testid="proposals-table"], [data-testid="proposals-empty"]').waitFor();
  }

  async analyseNow(): Promise<void> {
    await this.screen().getByRole('button', { name: 'Analyse now' }).click();
    await expect.poll(() => this.text(this.analysisStatus())).toMatch(/^Analysis queued/);
  }

  /**
   * Presses Refresh until the proposal is listed with its eval done: the analysis and the eval run in
   * the server's job worker.
   */
  async waitForProposal(summary: string, timeout = 30_000): Promise<Locator> {
    const refresh = this.screen().getByRole('button', { name: 'Refresh' });
    await expect
      .poll(
        async () => {
          if (await this.isEvaluated(summary)) return true;
          await refresh.click();
          // The button says Refreshing… until the list has been read again.
          await refresh.waitFor();
          return this.isEvaluated(summary);
        },
        { timeout, interval: 500 },
      )
      .toBe(true);
    return this.row(summary);
  }

  private async isEvaluated(summary: string): Promise<boolean> {
    const row = this.row(summary);
    return (await row.count()) > 0 && (await row.getAttribute('data-status')) !== 'evaluating';
  }

  async openProposal(summary: string): Promise<void> {
    await this.row(summary).getByRole('link', { name: summary }).click();
    await this.detail().waitFor();
  }

  /** The text of the diff's added (right-hand) lines. */
  async addedLines(): Promise<string[]> {
    return (await this.diff().getByTestId('diff-added').allTextContents()).map((line) =>
      line.replace(/^\+?Added: /, '').trim(),
    );
  }

  readonly status = () => this.detail().getByTestId('proposal-status').first();

  async askToApprove(): Promise<void> {
    await this.detail()
      .getByRole('button', { name: /^Approve( anyway)?…$/ })
      .click();
    await this.dialog().waitFor();
  }

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').trim();
  }
}
