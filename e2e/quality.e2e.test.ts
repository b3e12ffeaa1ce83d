import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemActor } from '../server/audit/types.ts';
import { loadConfig } from '../server/config.ts';
import { aiRuns, threads } from '../server/db/schema/index.ts';
import { createLogger } from '../server/logger.ts';
import { type RunningServer, startServer } from '../server/main.ts';
import type { StaffUser } from '../shared/user.ts';
import { QualityPage } from './pages/QualityPage.ts';
import { SopsPage } from './pages/SopsPage.ts';
import { launchBrowser } from './support/browser.ts';
import { screenshot } from './support/screenshots.ts';
import { openApp } from './support/suite.ts';

// The quality watch needs replies on two SOP versions and staff marks on them, which the shared test
// server cannot seed: this suite boots the server in demo mode (its own fake OpenPhone and customer
// simulator) and seeds through the services — customers text, the AI drafts (offline), a front-desk
// user marks the drafts unhelpful, a new SOP version is written, and the watch runs once.

const webDir = fileURLToPath(new URL('../out/renderer', import.meta.url));
const DEMO_NUMBER = '+19025550199';
const SOP = 'brand/gift-cards.md';
const QUESTION = 'Do gift cards expire?';

describe('the quality watch in the app', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  const manager = { email: 'quality-manager@clubos.test', password: `e2e-${crypto.randomUUID()}` };
  let desk: StaffUser;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'clubos-e2e-quality-'));
    server = await startServer({
      config: loadConfig({
        CLUBOS_DATA_DIR: path.join(dataDir, 'data'),
        PORT: '0',
        LOG_LEVEL: 'silent',
        CLUBOS_WEB_DIR: webDir,
        CLUBOS_AI_DEBOUNCE_SECONDS: '0',
        CLUBOS_QUALITY_MIN_REPLIES: '2',
      }),
      logger: createLogger({ level: 'silent' }),
      demo: true,
      announce: () => {},
    });
    const audit = systemActor('e2e');
    await server.services.users.addUser(
      { ...manager, name: 'Quinn Quality', role: 'manager', facilitySlugs: ['demo'] },
      audit,
    );
    desk = await server.services.users.addUser(
      {
        email: 'quality-desk@clubos.test',
        name: 'Dana Desk',
        role: 'frontdesk',
        facilitySlugs: ['demo'],
        password: `e2e-${crypto.randomUUID()}`,
      },
      audit,
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Customers text the demo line; resolves with their AI answers once the job worker has drafted them. */
  async function answersTo(customers: string[]) {
    const { simulator, database } = server.services;
    if (!simulator) throw new Error('the demo server has a customer simulator');
    for (const from of customers) await simulator.textIn({ from, to: DEMO_NUMBER, body: QUESTION });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const runs = await database.db
        .select({ id: aiRuns.id, sopRefs: aiRuns.sopRefs })
        .from(aiRuns)
        .innerJoin(threads, eq(threads.id, aiRuns.threadId))
        .where(and(inArray(threads.customerNumber, customers), eq(aiRuns.kind, 'reply')));
      if (runs.length === customers.length) return runs;
      if (Date.now() > deadline) throw new Error(`only ${runs.length} AI answers within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  test('a manager sees the alert on a worse SOP version and rolls it back after confirming', async () => {
    const { sops, intelligence, quality } = server.services;
    const original = await sops.get({ path: SOP });
    await sops.createVersion(
      original.document.id,
      `${original.content.trimEnd()}\n\n## Returns\n\nGift cards can be returned for cash within a year.\n`,
      { source: 'edit', audit: systemActor('e2e') },
    );
    const runs = await answersTo(['+19025550411', '+19025550412']);
    for (const run of runs) {
      expect(run.sopRefs.find((ref) => ref.path === SOP)?.version).toBe(2);
      await intelligence.flag(
        desk,
        { runId: run.id, reason: 'Gift cards are not refundable' },
        systemActor('e2e'),
      );
    }
    expect((await quality.runWatch(systemActor('quality-watch'))).raised).toHaveLength(1);

    const app = await openApp(browser);
    await app.login.open(server.url);
    await app.login.signIn(manager.email, manager.password);
    await app.shell.waitUntilShown();
    const page = new QualityPage(app.page);
    await page.open();
    const alert = page.alert(SOP);
    expect(await page.text(alert)).toContain(
      'Replies using v2 were marked unhelpful 100% of the time (2 of 2); no reply used v1.',
    );
    // The version table starts on the alert's SOP and shows the flagged replies on v2.
    expect(await page.text(page.versionRow(2))).toContain('2 of 2');
    expect(await page.text(page.agentsTable())).toContain('Brand & events, whole period');
    await screenshot(app.page, 'quality-alert');

    // Cancel first: nothing changes.
    await alert.getByRole('button', { name: 'Roll back to v1…' }).click();
    await page.dialog().getByRole('button', { name: 'Cancel' }).click();
    await page.dialog().waitFor({ state: 'hidden' });
    expect((await sops.get({ path: SOP })).document.currentVersion).toBe(2);

    expect(await page.rollBack(SOP, 1)).toBe(`Roll ${SOP} back to v1?`);
    await expect
      .poll(() => page.text(page.outcome()))
      .toBe(`✓ Rolled back: ${SOP} is now at version 3, with the content of v1. Open the SOP`);
    await page.noAlerts().waitFor();
    await screenshot(app.page, 'quality-rolled-back');

    const now = await sops.get({ path: SOP });
    expect(now.document.currentVersion).toBe(3);
    expect(now.content).toBe(original.content);
    // The SOP's own page shows the restored content.
    await page.outcome().getByRole('link', { name: 'Open the SOP' }).click();
    const library = new SopsPage(app.page);
    await expect.poll(() => library.content().textContent()).not.toContain('returned for cash');
    expect(app.problems).toEqual([]);
  });
});
