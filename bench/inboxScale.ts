import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../server/audit/types.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { migrateDatabase } from '../server/db/migrate.ts';
import { createLogger } from '../server/logger.ts';
import { createServices } from '../server/services.ts';
import { createEmptyPostgresDatabase } from '../server/test/databases.ts';
import { bedfordSetupFile } from '../server/test/fixtures.ts';
import { apiClient, type InboxApiResult, measureInboxApi } from './inboxApi.ts';
import { type InboxBrowserResult, measureInboxBrowser } from './inboxBrowser.ts';
import { type InboxSeed, seedInbox } from './inboxSeed.ts';
import { now, startServerProcess } from './support.ts';

export type InboxScaleResult = {
  seed: InboxSeed & { seedMs: number };
  api: InboxApiResult;
  browser: InboxBrowserResult;
};

const webDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/**
 * The SMS inbox at a busy facility's size: the server as its own process on PostgreSQL with
 * `threads` × `messagesPerThread` messages, measured over HTTP (tRPC, as the app calls it) and in
 * headless Chromium against the web app the server serves.
 */
export async function measureInboxScale(
  options: InboxSeed & {
    repetitions: number;
    deepPages: number;
    loads: number;
    presses: number;
    opens: number;
  },
): Promise<InboxScaleResult> {
  if (!existsSync(`${webDir}/index.html`)) {
    throw new Error(`The web UI is not built (${webDir}). Run \`npm run build:renderer\` first.`);
  }
  const target = await createEmptyPostgresDatabase();
  try {
    const database = await openDatabase({ kind: 'postgres', url: target.url });
    const me = { email: 'bench-desk@clubos.test', password: `bench-${crypto.randomUUID()}` };
    let seedMs = 0;
    try {
      await migrateDatabase(database);
      const services = createServices({
        config: loadConfig({ DATABASE_URL: target.url, LOG_LEVEL: 'silent' }),
        logger: createLogger({ level: 'silent' }),
        database,
      });
      const audit = systemActor('bench');
      await services.facilities.applySetup(bedfordSetupFile(), audit);
      const [facility] = await services.facilities.list('all');
      if (!facility) throw new Error('no facility');
      const staff = { role: 'frontdesk' as const, facilitySlugs: ['bedford'] };
      const desk = await services.users.addUser({ ...staff, ...me, name: 'Bench Desk' }, audit);
      const colleague = await services.users.addUser(
        { ...staff, email: 'bench-colleague@clubos.test', name: 'Bench Colleague', password: me.password },
        audit,
      );
      const started = now();
      await seedInbox(target.url, { facilityId: facility.id, me: desk.id, colleague: colleague.id }, options);
      seedMs = now() - started;
    } finally {
      await database.close();
    }

    const server = await startServerProcess({ DATABASE_URL: target.url, CLUBOS_WEB_DIR: webDir });
    try {
      const login = await fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(me),
      });
      const { token } = ((await login.json()) as { result: { data: { token: string } } }).result.data;
      const api = await measureInboxApi(apiClient(server.url, token), options);
      const browser = await measureInboxBrowser(server.url, me, options);
      return {
        seed: { threads: options.threads, messagesPerThread: options.messagesPerThread, seedMs },
        api,
        browser,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}
