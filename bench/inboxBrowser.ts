import type { Page } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser.ts';
import { percentile } from './support.ts';

declare global {
  interface Window {
    /** Set by the probe below, in every document the benchmark's page loads. */
    clubosBench?: {
      firstRowAt: number | null;
      badgeAt: number | null;
      /** Armed: the next key's time is taken, and `result` is set when this selector first matches. */
      selector: string | null;
      keyAt: number | null;
      result: number | null;
    };
  }
}

export type KeyLatency = { p50Ms: number; p99Ms: number; presses: number };
export type InboxBrowserResult = {
  loads: number;
  firstRowsP50Ms: number;
  firstRowsMaxMs: number;
  badgeP50Ms: number;
  arrowTop: KeyLatency;
  open: KeyLatency;
  fullLoadMs: number;
  threadsLoaded: number;
  rowsRendered: number;
  arrowFull: KeyLatency;
};

/**
 * Times taken inside the page, so no CDP round trip is counted: navigation start → first thread
 * row in the DOM (performance.now() is relative to the navigation), and key event → the DOM showing
 * its effect (the event's own timestamp, on the same clock).
 */
function probe() {
  const bench: NonNullable<Window['clubosBench']> = {
    firstRowAt: null,
    badgeAt: null,
    selector: null,
    keyAt: null,
    result: null,
  };
  window.clubosBench = bench;
  document.addEventListener(
    'keydown',
    (event) => {
      if (bench.selector !== null && bench.keyAt === null) bench.keyAt = event.timeStamp;
    },
    true,
  );
  new MutationObserver(() => {
    if (bench.firstRowAt === null && document.querySelector('[data-testid="thread-row"]')) {
      bench.firstRowAt = performance.now();
    }
    if (bench.badgeAt === null && document.querySelector('[data-testid="inbox-unread-badge"]')) {
      bench.badgeAt = performance.now();
    }
    if (bench.selector !== null && bench.keyAt !== null && document.querySelector(bench.selector)) {
      bench.result = performance.now() - bench.keyAt;
      bench.selector = null;
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

const row = (position: number) => `[data-testid="thread-row"][aria-posinset="${position}"]`;

/** Presses a key and returns how long until `selector` matched, measured in the page. */
async function timeKey(page: Page, key: string, selector: string): Promise<number> {
  await page.evaluate((wanted) => {
    const bench = window.clubosBench;
    if (!bench) throw new Error('the probe is not installed');
    Object.assign(bench, { selector: wanted, keyAt: null, result: null });
  }, selector);
  await page.keyboard.press(key);
  const handle = await page.waitForFunction(() => window.clubosBench?.result ?? null, null, {
    timeout: 30_000,
  });
  return (await handle.jsonValue()) as number;
}

async function activePosition(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="thread-row"][data-active]').getAttribute('aria-posinset'));
}

async function arrowDown(page: Page, presses: number): Promise<KeyLatency> {
  const samples: number[] = [];
  for (let i = 0; i < presses; i++) {
    const next = (await activePosition(page)) + 1;
    samples.push(await timeKey(page, 'ArrowDown', `${row(next)}[data-active]`));
  }
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), presses };
}

const shownCount = (page: Page) =>
  page.evaluate(() => {
    const text = document.querySelector('[data-testid="thread-list-footer"]')?.textContent ?? '';
    return { count: Number(/^(\d+)/.exec(text)?.[1] ?? 0), all: text.includes('That is all') };
  });

/** The web app served by the server, in headless Chromium, signed in as `user`. */
export async function measureInboxBrowser(
  url: string,
  user: { email: string; password: string },
  options: { loads: number; presses: number; opens: number },
): Promise<InboxBrowserResult> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
    await context.addInitScript(probe);
    const page = await context.newPage();
    await page.goto(url);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();

    // The session lives in sessionStorage, which outlasts a navigation in the same tab. The first
    // load warms the HTTP cache and is not counted: staff reopen the app far more than they install it.
    const firstRows: number[] = [];
    const badges: number[] = [];
    for (let i = 0; i <= options.loads; i++) {
      await page.goto('about:blank');
      await page.goto(`${url}/#/inbox`);
      const handle = await page.waitForFunction(() => {
        const bench = window.clubosBench;
        return bench?.firstRowAt != null && bench.badgeAt != null ? [bench.firstRowAt, bench.badgeAt] : null;
      });
      const [rows, badge] = (await handle.jsonValue()) as [number, number];
      if (i === 0) continue;
      firstRows.push(rows);
      badges.push(badge);
    }

    const list = page.getByTestId('thread-list');
    await list.focus();
    await page.locator(`${row(1)}[data-active]`).waitFor();
    const arrowTop = await arrowDown(page, options.presses);

    const opens: number[] = [];
    for (let i = 0; i < options.opens; i++) {
      await list.focus();
      await arrowDown(page, 1);
      const id = await page.locator('[data-testid="thread-row"][data-active]').getAttribute('data-thread-id');
      opens.push(
        await timeKey(
          page,
          'Enter',
          `[data-testid="thread-view"][data-thread-id="${id}"] [data-testid="message"]`,
        ),
      );
    }

    // End moves to the last loaded row, which asks for the next page: the way to load every thread.
    const fullStarted = performance.now();
    for (let shown = await shownCount(page); !shown.all; shown = await shownCount(page)) {
      await list.focus();
      await page.keyboard.press('End');
      await page.waitForFunction(
        (before) => {
          const text = document.querySelector('[data-testid="thread-list-footer"]')?.textContent ?? '';
          return Number(/^(\d+)/.exec(text)?.[1] ?? 0) > before;
        },
        shown.count,
        { timeout: 30_000 },
      );
    }
    const fullLoadMs = performance.now() - fullStarted;
    const threadsLoaded = (await shownCount(page)).count;
    const rowsRendered = await page.locator('[data-testid="thread-row"]').count();

    await list.focus();
    await page.keyboard.press('Home');
    await page.locator(`${row(1)}[data-active]`).waitFor();
    const arrowFull = await arrowDown(page, options.presses);

    return {
      loads: firstRows.length,
      firstRowsP50Ms: percentile(firstRows, 50),
      firstRowsMaxMs: Math.max(...firstRows),
      badgeP50Ms: percentile(badges, 50),
      arrowTop,
      open: { p50Ms: percentile(opens, 50), p99Ms: percentile(opens, 99), presses: opens.length },
      fullLoadMs,
      threadsLoaded,
      rowsRendered,
      arrowFull,
    };
  } finally {
    await browser.close();
  }
}
