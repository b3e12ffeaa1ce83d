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

  readonly rollbackButton = (version: number) =>
    this.version(version).getByRole('button', { name: `Roll back to version ${version}` });

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').trim();
  }
}
