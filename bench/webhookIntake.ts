import { randomBytes } from 'node:crypto';
import { systemActor } from '../server/audit/types.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { migrateDatabase } from '../server/db/migrate.ts';
import { startFakeOpenPhone } from '../server/integrations/openphone/fakeServer.ts';
import { signOpenPhoneWebhook } from '../server/integrations/openphone/webhookSignature.ts';
import { createLogger } from '../server/logger.ts';
import { createServices } from '../server/services.ts';
import { createEmptyPostgresDatabase } from '../server/test/databases.ts';
import { bedfordSetupFile } from '../server/test/fixtures.ts';
import { now, percentile, startServerProcess } from './support.ts';

export type IntakeRateResult = { rate: number; sent: number; errors: number; p50Ms: number; p99Ms: number };
export type IntakeResult = {
  rates: IntakeRateResult[];
  maxSustainedRate: number | null;
  replyP50Ms: number;
  replyP99Ms: number;
  replies: number;
};

const FACILITY_NUMBER = '+19025550100';
const API_KEY = 'bench-openphone-key';

function receivedEvent(from: string, body: string): string {
  const at = new Date().toISOString();
  const id = randomBytes(8).toString('hex');
  return JSON.stringify({
    id: `EV${id}`,
    object: 'event',
    apiVersion: 'v3',
    createdAt: at,
    type: 'message.received',
    data: {
      object: {
        id: `AC${id}`,
        object: 'message',
        from,
        to: FACILITY_NUMBER,
        direction: 'incoming',
        body,
        media: [],
        status: 'received',
        createdAt: at,
        phoneNumberId: 'PNbedford',
        conversationId: `CN${id}`,
      },
    },
  });
}

/**
 * Webhook intake on loopback with real PostgreSQL: signed `message.received` posts at constant
 * arrival rates (open loop: each post leaves on schedule whether or not earlier ones were answered),
 * then the time from an inbound HELP to the outbound reply reaching the fake OpenPhone.
 */
export async function measureWebhookIntake(options: { rates: number[]; seconds: number; replies: number }) {
  const secret = randomBytes(32).toString('base64');
  const openphone = await startFakeOpenPhone({ apiKey: API_KEY });
  const target = await createEmptyPostgresDatabase();
  const database = await openDatabase({ kind: 'postgres', url: target.url });
  await migrateDatabase(database);
  const services = createServices({
    config: loadConfig({ DATABASE_URL: target.url, LOG_LEVEL: 'silent' }),
    logger: createLogger({ level: 'silent' }),
    database,
  });
  await services.facilities.applySetup(bedfordSetupFile(), systemActor('bench'));
  await database.close();
  const server = await startServerProcess({
    DATABASE_URL: target.url,
    OPENPHONE_API_URL: openphone.url,
    OPENPHONE_API_KEY: API_KEY,
    OPENPHONE_WEBHOOK_SECRET: secret,
  });
  const post = async (rawBody: string) => {
    const started = now();
    try {
      const response = await fetch(`${server.url}/webhooks/openphone`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signOpenPhoneWebhook({ secret, rawBody }) },
        body: rawBody,
      });
      await response.arrayBuffer();
      return { ok: response.status >= 200 && response.status < 300, ms: now() - started };
    } catch {
      return { ok: false, ms: now() - started };
    }
  };
  try {
    // Replies first, on a quiet server: after the rate runs, thousands of queued inbound events
    // would sit in front of each HELP.
    const replyLatencies: number[] = [];
    for (let i = 0; i < options.replies; i++) {
      const customer = `+1902666${String(1000 + i).padStart(4, '0')}`;
      const started = now();
      const acked = await post(receivedEvent(customer, 'HELP'));
      if (!acked.ok) throw new Error('HELP webhook was not acknowledged');
      const deadline = Date.now() + 30_000;
      while (!openphone.sent.some((message) => message.to === customer)) {
        if (Date.now() > deadline) throw new Error(`no reply to ${customer} within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      replyLatencies.push(now() - started);
    }
    const rates: IntakeRateResult[] = [];
    for (const rate of options.rates) {
      const total = rate * options.seconds;
      const start = now();
      const pending: Promise<{ ok: boolean; ms: number }>[] = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        const from = `+1902555${String(1000 + (i % 5000)).padStart(4, '0')}`;
        pending.push(post(receivedEvent(from, `Bench message ${rate}/${i}`)));
      }
      const results = await Promise.all(pending);
      const latencies = results.filter((result) => result.ok).map((result) => result.ms);
      rates.push({
        rate,
        sent: total,
        errors: results.length - latencies.length,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
      });
    }
    const sustained = rates.filter((result) => result.errors === 0 && result.p99Ms < 1_000);
    return {
      rates,
      maxSustainedRate: sustained.length > 0 ? Math.max(...sustained.map((result) => result.rate)) : null,
      replyP50Ms: percentile(replyLatencies, 50),
      replyP99Ms: percentile(replyLatencies, 99),
      replies: replyLatencies.length,
    } satisfies IntakeResult;
  } finally {
    await server.stop();
    await target.drop();
    await openphone.close();
  }
}
