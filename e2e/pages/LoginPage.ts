import type { Page } from 'playwright-core';

export class LoginPage {
  constructor(private readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { name: 'Sign in', level: 1 });
  readonly passwordField = () => this.page.getByLabel('Password');
  /** Only where the address can be changed (the desktop app), not when the server served the page. */
  readonly serverField = () => this.page.getByLabel('Server address', { exact: true });

  async open(serverUrl: string): Promise<void> {
    await this.page.goto(serverUrl);
    await this.waitUntilShown();
  }

  async waitUntilShown(): Promise<void> {
    await this.heading().waitFor();
  }

  /** Types like a person and submits with Enter. */
  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByLabel('Password').press('Enter');
  }

  /** The server shown on the sign-in card. */
  async serverText(): Promise<string> {
    return ((await this.page.getByTestId('login-server').textContent()) ?? '').trim();
  }

  /** Opens the server form if needed, types an address and submits it with Enter. */
  async changeServer(url: string): Promise<void> {
    const change = this.page.getByRole('button', { name: 'Change server' });
    if (await change.isVisible()) await change.click();
    await this.serverField().fill(url);
    await this.serverField().press('Enter');
  }

  /** The error the form shows after a refused sign-in. */
  async errorText(): Promise<string> {
    const error = this.page.getByTestId('login-error');
    await error.waitFor();
    return ((await error.textContent()) ?? '').trim();
  }
}
