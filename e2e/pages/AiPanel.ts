import type { Locator, Page } from 'playwright-core';

/** The AI parts of an open conversation: drafts waiting on staff, and "Why this answer?" on AI texts. */
export class AiPanel {
  constructor(private readonly page: Page) {}

  readonly panel = () => this.page.getByTestId('thread-view').getByTestId('ai-panel');
  readonly drafts = () => this.panel().getByTestId('ai-draft');
  readonly draft = () => this.drafts().first();
  readonly draftBody = (draft: Locator) => draft.getByTestId('ai-draft-body');
  readonly emptyState = () => this.panel().getByTestId('ai-panel-empty');
  readonly announcer = () => this.panel().getByTestId('ai-panel-announcer');
  /** The open modal, whichever it is (closed dialogs are not in the accessibility tree). */
  readonly dialog = () => this.page.getByRole('dialog');

  /** Waits until a draft shows up in the panel, live, and returns it. */
  async waitForDraft(timeout = 20_000): Promise<Locator> {
    await this.draft().waitFor({ timeout });
    return this.draft();
  }

  async send(draft: Locator): Promise<void> {
    await draft.getByRole('button', { name: 'Send the AI answer' }).click();
  }

  /** Opens the editor, replaces the text like a person (the counter follows), and sends with Enter. */
  async editThenSend(draft: Locator, text: string): Promise<void> {
    await draft.getByRole('button', { name: 'Edit then send' }).click();
    const box = draft.getByTestId('ai-draft-text');
    await box.press('ControlOrMeta+a');
    await box.press('Delete');
    await box.pressSequentially(text);
  }

  readonly editCounter = (draft: Locator) => draft.getByTestId('ai-draft-counter');
  readonly editBox = (draft: Locator) => draft.getByTestId('ai-draft-text');

  async askToDiscard(draft: Locator): Promise<void> {
    await draft.getByRole('button', { name: 'Discard the AI answer' }).click();
    await this.dialog().waitFor();
  }

  /** "Why this answer?" under an AI text or on a draft, opened with the keyboard. */
  async openWhy(scope: Locator): Promise<Locator> {
    const why = scope.getByTestId('ai-why');
    const summary = why.locator('summary');
    await summary.focus();
    await summary.press('Enter');
    await why.locator('dl').waitFor();
    return why;
  }

  /** The SOP sections "Why this answer?" lists, as shown. */
  async sopSections(why: Locator): Promise<string[]> {
    return (await why.getByTestId('ai-why-sops').locator('li').allTextContents()).map((text) => text.trim());
  }

  /** "Mark unhelpful" on an AI text: the reason, and a better answer if given. */
  async markUnhelpful(message: Locator, reason: string, correction?: string): Promise<void> {
    await message.getByRole('button', { name: 'Mark unhelpful' }).click();
    const form = message.getByRole('form', { name: 'Mark this answer unhelpful' });
    if (reason) await form.getByLabel('What was wrong? (required)').fill(reason);
    if (correction) await form.getByLabel('A better answer (optional)').fill(correction);
    await form.getByRole('button', { name: 'Flag as unhelpful' }).click();
  }

  readonly flagForm = (message: Locator) => message.getByRole('form', { name: 'Mark this answer unhelpful' });
  readonly flagged = (message: Locator) => message.getByTestId('ai-flagged');

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').trim();
  }
}
