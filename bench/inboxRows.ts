import type { Latency } from './inboxApi.ts';
import type { KeyLatency } from './inboxBrowser.ts';
import type { InboxScaleResult } from './inboxScale.ts';

const ms = (value: number) => `${value.toFixed(1)} ms`;
const count = (value: number) => value.toLocaleString('en-US');
const spread = (latency: Latency | KeyLatency) => `p50 ${ms(latency.p50Ms)}, p99 ${ms(latency.p99Ms)}`;

/** The inbox suite's rows for the results table in docs/benchmarks.md. */
export function inboxRows({ seed, api, browser }: InboxScaleResult): string[] {
  const size = `${count(seed.threads)} threads, ${count(seed.threads * seed.messagesPerThread)} messages`;
  const calls = `${api.openThread.samples} calls`;
  return [
    `| Inbox seed: ${size} (set-based SQL, then VACUUM ANALYZE) | ${(seed.seedMs / 1000).toFixed(1)} s |`,
    ...api.firstPages.map(
      (page) =>
        `| \`threads.list\` first page of 50, ${page.filter} (${page.rows} rows, ${calls}) | ${spread(page.latency)} |`,
    ),
    `| \`threads.list\` page by keyset cursor after ${count(api.deepPage.depth)} threads (${calls}) | ${spread(api.deepPage)} |`,
    `| \`threads.get\`: open a thread with its 50 newest messages (a different thread each call, ${calls}) | ${spread(api.openThread)} |`,
    `| Unread badge: \`threads.list({ unread })\` 100 a page, up to 5 pages (${count(api.unreadBadge.threadsRead)} threads, ${calls}) | ${spread(api.unreadBadge)} |`,
    `| Chromium: navigation → first thread rows in the DOM (${browser.loads} reloads after a warm-up) | p50 ${ms(browser.firstRowsP50Ms)}, max ${ms(browser.firstRowsMaxMs)} |`,
    `| Chromium: navigation → unread badge shown (same reloads) | p50 ${ms(browser.badgeP50Ms)} |`,
    `| Chromium: ArrowDown → next row active, first pages loaded (${browser.arrowTop.presses} presses) | ${spread(browser.arrowTop)} |`,
    `| Chromium: Enter → thread open with its messages (${browser.open.presses} threads) | ${spread(browser.open)} |`,
    `| Chromium: End pressed until every thread is loaded, 50 a page | ${count(browser.threadsLoaded)} threads in ${(browser.fullLoadMs / 1000).toFixed(1)} s |`,
    `| Chromium: thread rows in the DOM with every thread loaded (virtualised list) | ${browser.rowsRendered} of ${count(browser.threadsLoaded)} |`,
    `| Chromium: ArrowDown → next row active, all ${count(browser.threadsLoaded)} threads loaded (${browser.arrowFull.presses} presses) | ${spread(browser.arrowFull)} |`,
  ];
}
