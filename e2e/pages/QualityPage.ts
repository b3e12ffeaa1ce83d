import type { Locator, Page } from 'playwright-core';

/** The manager's Quality screen: open alerts with their rollback, and the unhelpful rates. */
export class QualityPage {
  constructor(private readonly page: Page) {}

  readonly screen = () => this.page.getByTestId('quality-screen');
  readonly navLink = () =>
    this.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Quality', exact: true });
  readonly alerts = () => this.screen().getByTestId('quality-alert');
  readonly alert = (path: string) =>
    this.screen().locator(`[data-testid="quality-alert"][data-path="${path}"]`);
  readonly noAlerts = () => this.screen().getByTestId('quality-alerts-empty');
  readonly outcome = () => this.screen().getByTestId('quality-outcome');
  readonly agentsTable = () => this.screen().getByTestId('quality-agents-table');
  readonly versionRow = (version: number) =>
    this.screen().locator(`[data-testid="quality-version"][data-version="${version}"]`);
  readonly dialog = () => this.page.getByRole('dialog');

  async open(): Promise<void> {
    await this.navLink().click();
    await this.page.getByRole('heading', { level: 1, name: 'Quality' }).waitFor();
    await this.screen()
      .locator('[data-testid="quality-alert"], [data-testid="quality-alerts-empty"]')
      .first()
      .waitFor();
  }

  /** Presses the alert's rollback with the keyboard, reads the confirmation, and confirms it. */
  async rollBack(path: string, toVersion: number): Promise<string> {
    const button = this.alert(path).getByRole('button', { name: `Roll back to v${toVersion}…` });
    await button.focus();
    await button.press('Enter');
    const dialog = this.dialog();
    await dialog.waitFor();
    const question = await this.text(dialog.getByRole('heading'));
    await dialog.getByRole('button', { name: `Roll back to v${toVersion}`, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    return question;
  }

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }
}
