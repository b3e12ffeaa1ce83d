import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { messages, threads } from '../db/schema/index.ts';
import { createLogger } from '../logger.ts';
import { type RunningServer, startServer } from '../main.ts';
import { runClubos } from '../test/cli.ts';
import { eventually } from './testApp.ts';
import { WEBHOOK_PATH } from './webhookRoute.ts';

// The demo as `npm start` runs it: no OpenPhone key, so the server runs the fake OpenPhone inside
// itself, signs its webhooks with a secret only it knows, and `clubos sim text` plays a customer.
describe('the demo, with the built-in fake OpenPhone', () => {
  let root: string;
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'clubos-demo-sms-'));
    env = { CLUBOS_DATA_DIR: path.join(root, 'data'), PORT: '0', LOG_LEVEL: 'silent' };
    server = await startServer({
      config: loadConfig(env),
      logger: createLogger({ level: 'silent' }),
      demo: true,
      announce: () => {},
    });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('takes a text from `clubos sim text`, answers HELP through the fake, and shows both in the thread', async () => {
    const result = await runClubos(['sim', 'text', '--facility', 'demo', '--from', '+19025551234', 'HELP'], {
      env,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('Texted demo from +19025551234. It is in the inbox now.\n');
    const db = server.services.database.db;
    const reply = await eventually(async () => {
      const rows = await db
        .select({ kind: messages.kind, status: messages.status })
        .from(messages)
        .innerJoin(threads, eq(threads.id, messages.threadId))
        .where(eq(threads.customerNumber, '+19025551234'));
      return rows.find((row) => row.kind === 'help_reply' && row.status === 'delivered');
    });
    expect(reply).toBeDefined();
  });

  it('refuses a webhook the simulator did not sign', async () => {
    const response = await fetch(`${server.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'EVforged', type: 'message.received', data: { object: {} } }),
    });
    expect(response.status).toBe(401);
  });

  it('says clearly when the facility does not exist', async () => {
    const result = await runClubos(['sim', 'text', '--facility', 'nowhere', '--from', '+19025551234', 'hi'], {
      env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('clubos: Facility "nowhere" not found\n');
  });
});
