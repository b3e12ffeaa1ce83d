import type { Locator, Page } from 'playwright-core';

/** The SOP library: every SOP by agent, one SOP's content and its history of versions. */
export class SopsPage {
  constructor(private readonly page: Page) {}

  readonly screen = () => this.page.getByTestId('sops-screen');
  readonly document = () => this.screen().getByTestId('sop-document');
  readonly content = () => this.document().getByTestId('sop-content');
  readonly versions = () => this.document().getByTestId('sop-version');
  readonly version = (number: number) =>
    this.document().locator(`[data-testid="sop-version"][data-version="${number}"]`);
  readonly rollbackOutcome = () => this.document().getByTestId('sop-rollback-outcome');
  readonly dialog = () => this.page.getByRole('dialog');

  /** Opens the History tab with the keyboard (arrow key from the selected tab) and waits for it. */
  async openHistory(): Promise<void> {
    const current = this.document().getByRole('tab', { name: 'Current version' });
    await current.focus();
    await current.press('ArrowRight');
    await this.document().getByTestId('sop-history').locator('[data-testid="sop-version"]').first().waitFor();
  }

  /** The version numbers listed, newest first. */
  async versionNumbers(): Promise<number[]> {
    return (
      await this.versions().evaluateAll((items) => items.map((item) => item.getAttribute('data-version')))
    ).map(Number);
  }

  async openSop(title: string): Promise<void> {
    await this.screen().getByRole('link', { name: title, exact: true }).click();
    await this.document().waitFor();
  }

  // A manager's direct edit, sent for review as a proposal.
  readonly editButton = () => this.document().getByRole('button', { name: 'Edit SOP…' });
  readonly editForm = () => this.document().getByTestId('sop-edit-form');
  readonly editSummary = () => this.editForm().getByLabel('What does the edit change? (required)');
  readonly editContent = () => this.editForm().getByLabel('The SOP as it should read');
  readonly editOutcome = () => this.editForm().getByTestId('sop-edit-outcome');
  /** What happened to a sent edit, once the form has closed. */
  readonly editSent = () => this.document().getByTestId('sop-edit-sent');

  /** Opens the editor (focus lands on the summary), writes the summary and the new text, and sends it. */
  async proposeEdit(summary: string, edit: (content: string) => string): Promise<void> {
    await this.editButton().click();
    await this.editForm().waitFor();
    await this.editSummary().fill(summary);
    const content = await this.editContent().inputValue();
    await this.editContent().fill(edit(content));
    await this.editForm().getByRole('button', { name: 'Send for review' }).click();
  }

  // Comparing two versions, and the replies one version produced.
  readonly compare = () => this.document().getByTestId('sop-compare');
  readonly compareResult = () => this.compare().getByTestId('sop-compare-result');
  readonly compareDiff = () => this.compareResult().getByTestId('sop-compare-diff');

  async compareVersions(from: number, to: number): Promise<void> {
    await this.compare().getByLabel('From version').selectOption(String(from));
    await this.compare().getByLabel('To version').selectOption(String(to));
    await this.compare().getByRole('button', { name: 'Compare', exact: true }).click();
  }

  readonly replies = (version: number) => this.version(version).getByTestId('sop-version-replies');

  async openReplies(version: number): Promise<Locator> {
    await this.replies(version).getByText(`Replies that used version ${version}`).click();
    return this.replies(version);
  }

  readonly rollbackButton = (version: number) =>
    this.version(version).getByRole('button', { name: `Roll back to version ${version}` });

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').trim();
  }
}
