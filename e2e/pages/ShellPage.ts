import type { Page } from 'playwright-core';

export class ShellPage {
  constructor(private readonly page: Page) {}

  readonly nav = () => this.page.getByRole('navigation', { name: 'Screens' });
  readonly navLink = (label: string) => this.nav().getByRole('link', { name: label, exact: true });
  readonly screenHeading = () => this.page.getByRole('heading', { level: 1 });

  async waitUntilShown(): Promise<void> {
    await this.nav().waitFor();
  }

  /** The labels of the navigation links, in order. */
  async navLabels(): Promise<string[]> {
    await this.waitUntilShown();
    return (await this.nav().getByRole('link').allTextContents()).map((label) => label.trim());
  }

  async goTo(label: string): Promise<void> {
    await this.navLink(label).click();
    await this.page.getByRole('heading', { level: 1, name: label }).waitFor();
  }

  /** Types an address by hand (a bookmark, a link from someone else), without reloading the app. */
  async goToHash(hash: string): Promise<void> {
    await this.page.evaluate((value) => {
      window.location.hash = value;
    }, hash);
  }

  async headingText(): Promise<string> {
    return ((await this.screenHeading().textContent()) ?? '').trim();
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  }
}
