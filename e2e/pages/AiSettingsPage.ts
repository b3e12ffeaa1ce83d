import type { Locator, Page } from 'playwright-core';

/** The manager's AI settings: kill switches, each agent's mode, the budget, the feedback file. */
export class AiSettingsPage {
  constructor(private readonly page: Page) {}

  readonly screen = () => this.page.getByTestId('ai-settings-screen');
  readonly navLink = () =>
    this.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'AI settings' });
  /** A facility's section, by its name. */
  readonly facility = (name: string) => this.screen().getByRole('region', { name });
  readonly globalSwitch = () => this.screen().getByRole('switch', { name: 'Global kill switch' });
  readonly facilitySwitch = (facility: string) =>
    this.screen().getByRole('switch', { name: `Kill switch for ${facility}` });
  /** A kill switch's box, with its state in words and its save status, by the switch's name. */
  readonly killSwitchBox = (label: string) =>
    this.screen()
      .getByTestId('ai-kill-switch')
      .filter({ has: this.page.getByRole('switch', { name: label }) });
  readonly modeSelect = (agent: string, facility: string) =>
    this.screen().getByRole('combobox', { name: `Mode for ${agent} at ${facility}` });
  readonly agentRow = (agent: string, facility: string) =>
    this.screen()
      .getByTestId('ai-agent-row')
      .filter({ has: this.page.getByRole('combobox', { name: `Mode for ${agent} at ${facility}` }) });
  readonly dialog = () => this.page.getByRole('dialog');

  async open(): Promise<void> {
    await this.navLink().click();
    await this.waitUntilLoaded();
  }

  async waitUntilLoaded(): Promise<void> {
    await this.screen().getByTestId('ai-global').waitFor({ timeout: 15_000 });
  }

  /** Picks a mode from the agent's menu by its words ("Auto (send)"). */
  async setMode(agent: string, facility: string, mode: string): Promise<void> {
    await this.modeSelect(agent, facility).selectOption({ label: mode });
  }

  /** The label of the mode the agent's menu shows. */
  async modeShown(agent: string, facility: string): Promise<string> {
    return this.modeSelect(agent, facility).evaluate(
      (select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? '',
    );
  }

  async isOn(switchLocator: Locator): Promise<boolean> {
    return (await switchLocator.getAttribute('aria-checked')) === 'true';
  }

  /** What a control's save status says ("Saving…", "Saved", "Not saved: …"). */
  async saveStatus(scope: Locator): Promise<string> {
    return ((await scope.getByTestId('ai-save-status').textContent()) ?? '').trim();
  }

  /** Waits until the control's change has an outcome, and returns it ("✓ Saved" or "✕ Not saved: …"). */
  async saveOutcome(scope: Locator, timeout = 10_000): Promise<string> {
    const status = scope.locator(
      '[data-testid="ai-save-status"][data-status="saved"], [data-testid="ai-save-status"][data-status="failed"]',
    );
    await status.waitFor({ timeout });
    return ((await status.textContent()) ?? '').trim();
  }

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').trim();
  }
}
