import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../../server/audit/types.ts';
import { loadConfig } from '../../server/config.ts';
import {
  type FakeNinjaOne,
  type FakeNinjaOptions,
  startFakeNinjaOne,
} from '../../server/integrations/ninjaone/fakeServer.ts';
import {
  type FakeOpenPhone,
  type FakeOpenPhoneOptions,
  startFakeOpenPhone,
} from '../../server/integrations/openphone/fakeServer.ts';
import { createLogger } from '../../server/logger.ts';
import { type RunningServer, startServer } from '../../server/main.ts';
import { bedfordSetupFile } from '../../server/test/fixtures.ts';
import type { Role } from '../../shared/roles.ts';

export type TestUser = { email: string; name: string; role: Role; password: string };

/** A real ClubOS server on a temp PGlite directory, which can be stopped and started again. */
export type TestServer = {
  url: string;
  /** Stops the server, keeping its port and data for `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
};

const users = {
  manager: { email: 'e2e-manager@clubos.test', name: 'Morgan Manager', role: 'manager' },
  frontdesk: { email: 'e2e-frontdesk@clubos.test', name: 'Frankie Frontdesk', role: 'frontdesk' },
  admin: { email: 'e2e-admin@clubos.test', name: 'Avery Admin', role: 'admin' },
} as const satisfies Record<string, Omit<TestUser, 'password'>>;

export type TestUsers = Record<keyof typeof users, TestUser>;

const webDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** A port nobody is using now, so a restarted server can come back on the same one. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from the probe');
  return address.port;
}

/** The restart-simulator script the fake NinjaOne offers on the test facility's bay PCs. */
export const E2E_RESTART_SCRIPT_ID = 12;

export type TestServerOptions = {
  /**
   * Runs the server against a fake NinjaOne (the real client, over HTTP) whose devices are the test
   * facility's bay PCs, with the restart script configured; these are its timings.
   */
  ninjaone?: Pick<FakeNinjaOptions, 'rebootOfflineAfterMs' | 'rebootDowntimeMs' | 'scriptRunMs'>;
  /**
   * Runs the server against a fake OpenPhone (the real client, over HTTP) that knows the test
   * facility's line and posts signed webhooks (Standard Webhooks) to the server's
   * `/webhooks/openphone`; `true` for its defaults, or its status timings.
   */
  openphone?: true | Pick<FakeOpenPhoneOptions, 'statusDelaysMs'>;
  /**
   * Runs the server in demo mode, as `npm start` does without credentials: its own fake OpenPhone
   * (and NinjaOne) and the customer simulator (`sim.*`). Not with `openphone`.
   */
  demo?: true;
  /** More server environment, such as bay timings (`CLUBOS_BAY_POLL_SECONDS`). */
  env?: Record<string, string>;
};

export async function startTestServer(options: TestServerOptions = {}): Promise<{
  server: TestServer;
  users: TestUsers;
  ninjaone: FakeNinjaOne | undefined;
  openphone: FakeOpenPhone | undefined;
}> {
  if (!existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(`The web UI is not built (${webDir}). Run \`npm run build:renderer\` first.`);
  }
  const setupFile = bedfordSetupFile();
  const ninjaCredentials = { clientId: 'clubos-e2e', clientSecret: crypto.randomUUID() };
  const ninjaone = options.ninjaone
    ? await startFakeNinjaOne({
        ...options.ninjaone,
        devices: setupFile.facilities.flatMap((facility) =>
          facility.bays.map((bay) => ({ id: bay.ninjaDeviceId, scriptIds: [E2E_RESTART_SCRIPT_ID] })),
        ),
        ...ninjaCredentials,
      })
    : undefined;
  const openphoneCredentials = {
    apiKey: `e2e-${crypto.randomUUID()}`,
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
  };
  const openphone = options.openphone
    ? await startFakeOpenPhone({
        ...(options.openphone === true ? {} : options.openphone),
        apiKey: openphoneCredentials.apiKey,
        // The test facility's line, so the fake records sends as from its number.
        phoneNumbers: setupFile.facilities.flatMap((facility) =>
          facility.openphoneNumberId
            ? [{ id: facility.openphoneNumberId, number: facility.phoneNumber }]
            : [],
        ),
      })
    : undefined;
  const closeFakes = async () => {
    await ninjaone?.close();
    await openphone?.close();
  };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'clubos-e2e-'));
  const port = await freePort();
  const config = loadConfig({
    ...options.env,
    CLUBOS_DATA_DIR: path.join(dataDir, 'data'),
    PORT: String(port),
    LOG_LEVEL: 'silent',
    CLUBOS_WEB_DIR: webDir,
    ...(ninjaone && {
      NINJAONE_URL: ninjaone.url,
      NINJAONE_CLIENT_ID: ninjaCredentials.clientId,
      NINJAONE_CLIENT_SECRET: ninjaCredentials.clientSecret,
    }),
    ...(openphone && {
      OPENPHONE_API_URL: openphone.url,
      OPENPHONE_API_KEY: openphoneCredentials.apiKey,
      OPENPHONE_WEBHOOK_SECRET: openphoneCredentials.webhookSecret,
    }),
  });
  if (options.demo && options.openphone) throw new Error('a demo server runs its own fake OpenPhone');
  const boot = () =>
    startServer({
      config,
      logger: createLogger({ level: 'silent' }),
      demo: options.demo ?? false,
      // The demo's own logins are not the test's; their one-time passwords go nowhere.
      announce: () => {},
    });
  let running: RunningServer | null = await boot().catch(async (error: unknown) => {
    await closeFakes();
    throw error;
  });
  openphone?.control.setWebhook({
    url: `${running.url}/webhooks/openphone`,
    secret: openphoneCredentials.webhookSecret,
    scheme: 'standard',
  });

  // The test's own facility and accounts, with passwords it knows.
  const audit = systemActor('e2e');
  const facilities = ninjaone
    ? setupFile.facilities.map((facility) => ({
        ...facility,
        actions: { 'restart-sim': { scriptId: E2E_RESTART_SCRIPT_ID } },
      }))
    : setupFile.facilities;
  await running.services.facilities.applySetup({ facilities }, audit);
  const created = {} as TestUsers;
  for (const [key, user] of Object.entries(users) as [
    keyof typeof users,
    (typeof users)[keyof typeof users],
  ][]) {
    const password = `e2e-${key}-${crypto.randomUUID()}`;
    await running.services.users.addUser(
      { ...user, facilitySlugs: user.role === 'admin' ? [] : ['bedford'], password },
      audit,
    );
    created[key] = { ...user, password };
  }

  const server: TestServer = {
    url: running.url,
    async stop() {
      await running?.stop();
      running = null;
    },
    async start() {
      if (running) return;
      running = await boot();
    },
    async dispose() {
      await running?.stop();
      running = null;
      await closeFakes();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return { server, users: created, ninjaone, openphone };
}
