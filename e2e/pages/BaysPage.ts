import type { Locator, Page } from 'playwright-core';

/** What a card's `data-state` says: the action in flight, else the last action's outcome. */
export type BayCardState = 'none' | 'requested' | 'running' | 'succeeded' | 'failed' | 'timedOut';

declare global {
  interface Window {
    /** Every `data-state` each watched card showed, in order (see `watchStates`). */
    e2eBayStates?: Record<string, string[]>;
  }
}

export class BaysPage {
  constructor(private readonly page: Page) {}

  readonly screen = () => this.page.getByTestId('bays-screen');
  readonly card = (bay: string) => this.page.locator(`[data-testid="bay-card"][data-bay-name="${bay}"]`);
  readonly status = (bay: string) => this.card(bay).getByTestId('bay-status');
  /** The action in flight, or the last one: who asked, its steps, how long it took. */
  readonly actionPanel = (bay: string) => this.card(bay).getByTestId('bay-action-panel');
  readonly reasons = (bay: string) => this.card(bay).getByTestId('bay-action-reasons');
  readonly requestError = (bay: string) => this.card(bay).getByTestId('bay-request-error');
  readonly actionButton = (bay: string, label: string) => this.card(bay).getByRole('button', { name: label });
  /** The open modal, whichever it is (closed dialogs are not in the accessibility tree). */
  readonly dialog = () => this.page.getByRole('dialog');
  readonly historyDialog = (bay: string) => this.page.getByRole('dialog', { name: `History of ${bay}` });

  /** Waits until the board is shown and its live stream is open. */
  async waitUntilLive(timeout = 15_000): Promise<void> {
    await this.page.locator('[data-testid="bays-screen"][data-stream="live"]').waitFor({ timeout });
  }

  /** Waits until the bay's card says `tone` (online, offline, busy, failed…). */
  async waitForTone(bay: string, tone: string, timeout = 20_000): Promise<void> {
    await this.page
      .locator(`[data-testid="bay-card"][data-bay-name="${bay}"][data-tone="${tone}"]`)
      .waitFor({ timeout });
  }

  /** Waits until the bay's card shows its action in `state`. */
  async waitForState(bay: string, state: BayCardState, timeout = 20_000): Promise<void> {
    await this.page
      .locator(`[data-testid="bay-card"][data-bay-name="${bay}"][data-state="${state}"]`)
      .waitFor({ timeout });
  }

  /**
   * Records, inside the page, every state the bay's card shows from now on, so a test can check
   * the whole path afterwards and no short-lived state can slip past between two waits.
   */
  async watchStates(bay: string): Promise<void> {
    await this.page.evaluate((name) => {
      const seen: string[] = [];
      window.e2eBayStates = { ...window.e2eBayStates, [name]: seen };
      const read = () => {
        const card = document.querySelector(`[data-testid="bay-card"][data-bay-name="${name}"]`);
        const state = card?.getAttribute('data-state');
        if (state && seen.at(-1) !== state) seen.push(state);
      };
      read();
      new MutationObserver(read).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-state'],
      });
    }, bay);
  }

  async watchedStates(bay: string): Promise<string[]> {
    return this.page.evaluate((name) => window.e2eBayStates?.[name] ?? [], bay);
  }

  async statusText(bay: string): Promise<string> {
    return ((await this.status(bay).textContent()) ?? '').trim();
  }

  /** Clicks one of the bay's actions ("Restart simulator", "Reboot PC"); a confirmation opens. */
  async ask(bay: string, label: string): Promise<void> {
    await this.actionButton(bay, label).click();
    await this.dialog().waitFor();
  }

  /** The open confirmation's buttons, in order. */
  async dialogButtons(): Promise<string[]> {
    return (await this.dialog().getByRole('button').allTextContents()).map((text) => text.trim());
  }

  async confirm(label: string): Promise<void> {
    await this.dialog().getByRole('button', { name: label, exact: true }).click();
    await this.dialog().waitFor({ state: 'hidden' });
  }

  async openHistory(bay: string): Promise<Locator> {
    await this.card(bay)
      .getByRole('button', { name: `History of ${bay}` })
      .click();
    const dialog = this.historyDialog(bay);
    await dialog.waitFor();
    return dialog;
  }

  /** The history's lines of audited steps, as shown. */
  historySteps(bay: string): Locator {
    return this.historyDialog(bay).getByTestId('bay-history-steps').locator('li');
  }
}
