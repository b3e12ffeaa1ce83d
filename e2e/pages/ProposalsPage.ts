import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The manager's SOP proposals: the queue, Analyse now, and one proposal with its decision. */
export class ProposalsPage {
  constructor(private readonly page: Page) {}

  readonly screen = () => this.page.getByTestId('proposals-screen');
  readonly navLink = () =>
    this.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /^Proposals/ });
  /** The count of proposals waiting for review, on the navigation link (managers only). */
  readonly navBadge = () => this.navLink().getByTestId('proposals-waiting-badge');
  /** The polite notice that tells of a new proposal waiting for review, wherever the manager is. */
  readonly arrivalNotice = () => this.page.getByTestId('proposal-arrival');
  readonly rows = () => this.screen().getByTestId('proposal-row');
  readonly row = (summary: string) => this.rows().filter({ hasText: summary });
  readonly empty = () => this.screen().getByTestId('proposals-empty');
  readonly analysisStatus = () => this.screen().getByTestId('proposals-analysis');
  readonly detail = () => this.screen().getByTestId('proposal-detail');
  readonly diff = () => this.detail().getByTestId('proposal-diff');
  readonly evalCases = () => this.detail().getByTestId('eval-case');
  /** The flagged answers the proposal cites, redacted, each with its thread. */
  readonly evidence = () => this.detail().getByTestId('proposal-evidence');
  readonly blockedBanner = () => this.detail().getByTestId('proposal-blocked');
  readonly outcome = () => this.detail().getByTestId('proposal-outcome');
  readonly dialog = () => this.page.getByRole('dialog');
  /** Why a decision failed, as the server said it. */
  readonly actionErrors = () => this.detail().getByTestId('proposal-actions').getByRole('alert');
  readonly feedbackUpload = () => this.screen().getByTestId('feedback-upload');
  readonly uploadResult = () => this.feedbackUpload().getByTestId('feedback-upload-result');

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
   * Waits until the proposal is listed with its eval done, without pressing Refresh: the analysis and
   * the eval run in the server's job worker, and the queue follows the live stream.
   */
  async waitForProposal(summary: string, timeout = 30_000): Promise<Locator> {
    await expect.poll(() => this.isEvaluated(summary), { timeout }).toBe(true);
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

  async askToReject(): Promise<void> {
    await this.detail().getByRole('button', { name: 'Reject…' }).click();
    await this.dialog().waitFor();
  }

  /** Edits the proposed text and re-submits it; the outcome names the new proposal. */
  async editThenResubmit(edit: (content: string) => string): Promise<void> {
    await this.detail().getByRole('button', { name: 'Edit then re-submit' }).click();
    const box = this.detail().getByLabel('The SOP as it should read');
    await box.fill(edit(await box.inputValue()));
    await this.detail().getByRole('button', { name: 'Re-submit' }).click();
  }

  /** Chooses a feedback file (as if picked from disk) and uploads it for analysis. */
  async uploadFeedback(name: string, content: string): Promise<void> {
    await this.feedbackUpload()
      .getByLabel('Feedback file')
      .setInputFiles({ name, mimeType: 'application/jsonl', buffer: Buffer.from(content, 'utf8') });
    await this.feedbackUpload().getByRole('button', { name: 'Upload and analyse' }).click();
  }

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').trim();
  }
}
