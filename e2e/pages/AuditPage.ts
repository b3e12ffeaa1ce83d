import type { Locator, Page } from 'playwright-core';

export class AuditPage {
  constructor(private readonly page: Page) {}

  readonly table = () => this.page.getByTestId('audit-table');
  readonly rows = () => this.table().locator('tbody tr');
  readonly loadMore = () => this.page.getByRole('button', { name: 'Load more' });

  /** Rows for one action, optionally only those done by a given actor (shown by email). */
  rowsFor(action: string, actor?: string): Locator {
    const rows = this.page.locator(`[data-testid="audit-table"] tbody tr[data-action="${action}"]`);
    return actor ? rows.filter({ hasText: actor }) : rows;
  }

  async waitForTable(): Promise<void> {
    await this.table().waitFor();
  }

  async filterByAction(action: string): Promise<void> {
    await this.page.getByLabel('Action', { exact: true }).fill(action);
    await this.page.getByLabel('Action', { exact: true }).press('Enter');
  }

  /** The cells of a row, as shown. */
  async cells(row: Locator): Promise<string[]> {
    return (await row.locator('td').allTextContents()).map((text) => text.trim());
  }
}
