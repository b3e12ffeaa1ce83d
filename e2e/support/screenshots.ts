import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** With CLUBOS_E2E_SCREENSHOTS=<dir>, saves what the page looks like at this step, for a person to review. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.CLUBOS_E2E_SCREENSHOTS;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
