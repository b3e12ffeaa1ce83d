import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import { createOpenPhoneClient } from '../integrations/openphone/client.ts';
import { startFakeOpenPhone } from '../integrations/openphone/fakeServer.ts';
import { parseWebhookSecret } from '../integrations/openphone/webhookSignature.ts';
import type { OpenPhoneAccount } from './context.ts';

/** Plays a customer in demo mode: texts and calls the fake OpenPhone turns into signed webhooks. */
export type CustomerSimulator = {
  textIn(input: { from: string; to: string; body: string }): Promise<void>;
  missedCall(input: { from: string; to: string }): Promise<void>;
};

export type DemoOpenPhone = {
  account: OpenPhoneAccount;
  /** The only secret the server accepts webhooks with, unless OPENPHONE_WEBHOOK_SECRET is set. */
  webhookSecret: string;
  simulator: CustomerSimulator;
  /** Points the fake's webhooks at this server, once its URL is known. */
  pointAt(webhookUrl: string): void;
  close(): Promise<void>;
};

/**
 * Without an OpenPhone API key the demo runs against the fake OpenPhone on a random loopback port,
 * through the real client. The fake signs its webhooks with a secret made up here, at start, and
 * known to nothing else: the demo accepts its own simulator and no one else.
 */
export async function startDemoOpenPhone(config: Config): Promise<DemoOpenPhone> {
  const apiKey = `demo_${randomBytes(18).toString('base64url')}`;
  const webhookSecret = config.openphone.webhookSecret ?? `whsec_${randomBytes(24).toString('base64')}`;
  const parsed = parseWebhookSecret(webhookSecret);
  if ('error' in parsed) throw new Error(`demo OpenPhone: ${parsed.error}`);
  const fake = await startFakeOpenPhone({ apiKey, rateLimitPerSecond: 10 });
  return {
    account: { api: createOpenPhoneClient({ url: fake.url, apiKey }), apiKey },
    webhookSecret,
    simulator: {
      async textIn(input) {
        await fake.control.textIn(input);
      },
      async missedCall(input) {
        await fake.control.missedCall(input);
      },
    },
    pointAt(webhookUrl) {
      fake.control.setWebhook({ url: webhookUrl, secret: webhookSecret, scheme: parsed.scheme });
    },
    close: () => fake.close(),
  };
}
