import type { Page } from 'playwright-core';

export type LiveStateName = 'connecting' | 'connected' | 'disconnected';

const labels: Record<LiveStateName, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected',
};

export class StatusBar {
  constructor(private readonly page: Page) {}

  readonly live = () => this.page.getByTestId('live-state');
  readonly user = () => this.page.getByTestId('status-user');
  readonly server = () => this.page.getByTestId('status-server');

  /** Waits until the status bar shows this live state, in words (not only its colour). */
  async waitForLive(state: LiveStateName, timeout = 15_000): Promise<void> {
    await this.page
      .locator(`[data-testid="live-state"][data-state="${state}"]`)
      .filter({ hasText: labels[state] })
      .waitFor({ timeout });
  }

  async liveText(): Promise<string> {
    return ((await this.live().locator('.live-text').textContent()) ?? '').trim();
  }

  /** "Name · Role", or "Not signed in". */
  async userText(): Promise<string> {
    return ((await this.user().textContent()) ?? '').trim();
  }

  async serverText(): Promise<string> {
    return ((await this.server().textContent()) ?? '').trim();
  }
}
