import type { Locator, Page } from 'playwright-core';

declare global {
  interface Window {
    /** Every delivery label each watched message showed, in order (see `watchDelivery`). */
    e2eDeliveryLabels?: Record<string, string[]>;
  }
}

/** The SMS inbox: the thread list, the open thread and its send box. */
export class InboxPage {
  constructor(private readonly page: Page) {}

  readonly screen = () => this.page.getByTestId('inbox-screen');
  readonly navLink = () =>
    this.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /^Inbox/ });
  readonly navBadge = () => this.navLink().getByTestId('inbox-unread-badge');
  readonly list = () => this.page.getByRole('listbox', { name: 'Conversations, newest activity first' });
  readonly rows = () => this.list().getByRole('option');
  /** The list's row for a customer, by the number or name it shows. */
  readonly row = (customer: string) => this.rows().filter({ hasText: customer });
  readonly announcer = () => this.page.getByTestId('inbox-announcer');
  readonly thread = () => this.page.getByTestId('thread-view');
  readonly threadTitle = () => this.thread().getByRole('heading', { level: 2 });
  readonly messages = () => this.thread().getByTestId('message');
  readonly message = (body: string) => this.messages().filter({ hasText: body });
  readonly deliveryLabel = (body: string) => this.message(body).getByTestId('delivery-label');
  readonly optedOutBanner = () => this.thread().getByTestId('opted-out-banner');
  readonly composer = () => this.thread().getByTestId('composer');
  readonly composerText = () => this.composer().getByTestId('composer-text');
  readonly segmentCounter = () => this.composer().getByTestId('segment-counter');
  readonly composerBlocked = () => this.composer().getByTestId('composer-blocked');
  readonly composerError = () => this.composer().getByTestId('composer-error');
  readonly sendButton = () => this.composer().getByTestId('composer-submit');
  readonly emptyState = () => this.screen().locator('.empty-state');
  /** Demo mode only: the customer simulator. */
  readonly demoPanel = () => this.page.getByTestId('demo-customer');
  readonly demoForm = () => this.page.getByRole('form', { name: 'Text the facility as a customer' });

  /** Opens the demo panel and texts the facility as a customer, like a newcomer would. */
  async textAsCustomer(from: string, body: string): Promise<void> {
    await this.demoPanel().getByText('Demo: text the facility as a customer').click();
    const form = this.demoForm();
    await form.getByLabel("From (the customer's number)").fill(from);
    await form.getByLabel(/^Message to/).fill(body);
    await form.getByRole('button', { name: 'Send as customer' }).click();
  }

  async open(): Promise<void> {
    await this.navLink().click();
    await this.waitUntilLive();
  }

  /** Waits until the inbox is shown and its live stream is open. */
  async waitUntilLive(timeout = 15_000): Promise<void> {
    await this.page.locator('[data-testid="inbox-screen"][data-stream="live"]').waitFor({ timeout });
  }

  async openThread(customer: string): Promise<void> {
    await this.row(customer).click();
    await this.threadTitle().filter({ hasText: customer }).waitFor();
  }

  /** Types like a person (the counter follows each key) and sends with Enter. */
  async typeReply(text: string): Promise<void> {
    await this.composerText().click();
    await this.composerText().pressSequentially(text);
  }

  async send(): Promise<void> {
    await this.composerText().press('Enter');
  }

  /**
   * Records, inside the page, every delivery label the message with this text shows from now on,
   * so no short-lived state (Sending…, Sent) slips past between two waits.
   */
  async watchDelivery(body: string): Promise<void> {
    await this.page.evaluate((text) => {
      const seen: string[] = [];
      window.e2eDeliveryLabels = { ...window.e2eDeliveryLabels, [text]: seen };
      const read = () => {
        for (const item of Array.from(document.querySelectorAll('[data-testid="message"]'))) {
          if (item.querySelector('[data-testid="message-body"]')?.textContent !== text) continue;
          const label = item.querySelector('[data-testid="delivery-label"]')?.textContent;
          if (label && seen.at(-1) !== label) seen.push(label);
        }
      };
      read();
      new MutationObserver(read).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    }, body);
  }

  async watchedDelivery(body: string): Promise<string[]> {
    return this.page.evaluate((text) => window.e2eDeliveryLabels?.[text] ?? [], body);
  }

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').trim();
  }
}
