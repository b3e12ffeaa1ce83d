import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenPhoneClient } from './client.ts';
import { type FakeOpenPhone, type FakeOpenPhoneOptions, startFakeOpenPhone } from './fakeServer.ts';
import { OpenPhoneError } from './types.ts';
import { type SignatureCheck, verifyOpenPhoneSignature } from './webhookSignature.ts';

const apiKey = 'op-fake-key-1b2c3d';
const LINE = { id: 'PNfacility01', number: '+19025550100' };
const CUSTOMER = '+19025551234';
const LEGACY_SECRET = randomBytes(32).toString('base64');
const STANDARD_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

type Received = { headers: IncomingHttpHeaders; raw: string; check: SignatureCheck; event: WebhookBody };
type WebhookBody = {
  id: string;
  type: string;
  apiVersion: string;
  data: { object: Record<string, unknown> };
};

/** Stands in for ClubOS's /webhooks/openphone: verifies each post, answers 401 when it does not verify. */
async function startReceiver(secret: string, options: { failFirst?: number } = {}) {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let toFail = options.failFirst ?? 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const check = verifyOpenPhoneSignature({ headers: request.headers, rawBody, secret });
      if (toFail > 0) {
        toFail -= 1;
        response.writeHead(503).end();
        return;
      }
      if (!check.ok) {
        response.writeHead(401).end(check.reason);
        return;
      }
      const raw = rawBody.toString('utf8');
      received.push({ headers: request.headers, raw, check, event: JSON.parse(raw) as WebhookBody });
      for (const waiter of waiters.filter((candidate) => received.length >= candidate.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/openphone`,
    received,
    /** Resolves once `count` verified events have arrived (no fixed sleeps). */
    waitFor(count: number, timeoutMs = 3_000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received.length} of ${count} webhooks arrived`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function failure(promise: Promise<unknown>): Promise<OpenPhoneError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof OpenPhoneError)) throw new Error(`expected an OpenPhoneError, got ${String(error)}`);
  return error;
}

describe('fake OpenPhone', () => {
  let fake: FakeOpenPhone | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

  async function start(options: Partial<FakeOpenPhoneOptions> = {}) {
    fake = await startFakeOpenPhone({
      apiKey,
      phoneNumbers: [LINE],
      statusDelaysMs: { sent: 10, delivered: 10 },
      webhookRetryDelaysMs: [20, 20],
      ...options,
    });
    return { fake, client: createOpenPhoneClient({ url: fake.url, apiKey, timeoutMs: 2_000 }) };
  }

  async function withReceiver(scheme: 'legacy' | 'standard', options: { failFirst?: number } = {}) {
    const secret = scheme === 'legacy' ? LEGACY_SECRET : STANDARD_SECRET;
    receiver = await startReceiver(secret, options);
    const started = await start({ webhook: { url: receiver.url, secret, scheme } });
    return { ...started, receiver };
  }

  afterEach(async () => {
    await fake?.close();
    await receiver?.close();
    fake = undefined;
    receiver = undefined;
  });

  it('enforces 10 requests a second per key: a burst of 30 gets 10 accepted and 429s with Retry-After', async () => {
    const { fake, client } = await start();
    const startedAt = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, index) =>
        client.sendMessage({ from: LINE.id, to: CUSTOMER, content: `burst ${index}` }),
      ),
    );
    const accepted = results.filter((result) => result.status === 'fulfilled');
    const limited = results.flatMap((result) =>
      result.status === 'rejected' && result.reason instanceof OpenPhoneError ? [result.reason] : [],
    );
    expect(accepted.length + limited.length).toBe(30);
    // On a loaded machine the burst could straddle two windows; the limit itself must hold regardless.
    if (performance.now() - startedAt < 900) expect(accepted).toHaveLength(10);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    for (const error of limited) {
      expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 1_000 });
    }
    expect(fake.sent).toHaveLength(accepted.length);
    expect(fake.control.requestsPerSecondMax()).toBe(10);
    expect(fake.control.calls('POST', '/v1/messages')).toBe(30);
    expect(fake.control.requests.filter((request) => request.outcome === 429)).toHaveLength(limited.length);
  });

  it('the window slides: after waiting out Retry-After, sends are accepted again', async () => {
    const { fake, client } = await start({ rateLimitPerSecond: 3 });
    await Promise.allSettled(
      Array.from({ length: 5 }, () => client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'x' })),
    );
    const limited = await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'x' }));
    expect(limited.kind).toBe('rate_limited');
    await new Promise((resolve) => setTimeout(resolve, limited.retryAfterMs));
    await expect(
      client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'again' }),
    ).resolves.toMatchObject({
      status: 'queued',
    });
    expect(fake.control.requestsPerSecondMax()).toBe(3);
  });

  it('posts a correctly signed legacy message.received in the documented envelope', async () => {
    const { fake, receiver } = await withReceiver('legacy');
    const event = await fake.control.textIn({
      from: CUSTOMER,
      to: LINE.number,
      body: "My door code isn't working",
    });
    await receiver.waitFor(1);
    const [delivery] = receiver.received;
    expect(delivery?.check).toEqual({ ok: true, scheme: 'legacy', deliveryId: null });
    expect(delivery?.headers['openphone-signature']).toMatch(/^hmac;1;\d{13};[A-Za-z0-9+/]{43}=$/);
    expect(delivery?.raw).toBe(JSON.stringify(event));
    expect(event).toEqual({
      id: expect.stringMatching(/^EV/),
      object: 'event',
      apiVersion: 'v3',
      createdAt: expect.any(String),
      type: 'message.received',
      data: {
        object: {
          id: expect.stringMatching(/^AC/),
          object: 'message',
          from: CUSTOMER,
          to: LINE.number,
          direction: 'incoming',
          body: "My door code isn't working",
          media: [],
          status: 'received',
          createdAt: expect.any(String),
          userId: expect.stringMatching(/^US/),
          phoneNumberId: LINE.id,
          conversationId: expect.stringMatching(/^CN/),
        },
      },
    });
    // The inbound text is in the message list too, as it would be at OpenPhone.
    expect(fake.control.messages.map((message) => message.direction)).toEqual(['incoming']);
  });

  it('posts Standard Webhooks deliveries with webhook-id, and `to` as an array', async () => {
    const { fake, receiver } = await withReceiver('standard');
    const event = await fake.control.textIn({ from: CUSTOMER, to: LINE.id, body: 'hello' });
    await receiver.waitFor(1);
    const [delivery] = receiver.received;
    const webhookId = delivery?.headers['webhook-id'];
    expect(webhookId).toMatch(/^msg_/);
    expect(delivery?.check).toEqual({ ok: true, scheme: 'standard', deliveryId: webhookId });
    expect(delivery?.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(delivery?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(event).toMatchObject({
      apiVersion: '2026-03-30',
      type: 'message.received',
      data: { object: { from: CUSTOMER, to: [LINE.number], phoneNumberId: LINE.id, body: 'hello' } },
    });
  });

  it('redelivers an event byte for byte with the same webhook-id and a fresh valid signature', async () => {
    const { fake, receiver } = await withReceiver('standard');
    const event = await fake.control.textIn({ from: CUSTOMER, to: LINE.number, body: 'twice' });
    const again = await fake.control.redeliver(event);
    expect(again.status).toBe(200);
    await receiver.waitFor(2);
    const [first, second] = receiver.received;
    expect(second?.raw).toBe(first?.raw);
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(second?.check.ok).toBe(true);
  });

  it('posts with an invalid or missing signature on request; the verifier refuses both', async () => {
    for (const scheme of ['legacy', 'standard'] as const) {
      const { fake } = await withReceiver(scheme);
      const event = await fake.control.missedCall({ from: CUSTOMER, to: LINE.number });
      const invalid = await fake.control.post(event, { signature: 'invalid' });
      expect(invalid).toEqual({ status: 401, body: 'signature does not match' });
      const none = await fake.control.post(event, { signature: 'none' });
      expect(none.status).toBe(401);
      const raw = await fake.control.post('{"type":"message.received"}');
      expect(raw.status).toBe(200);
      await fake.close();
      await receiver?.close();
    }
  });

  it('posts status webhooks as a send moves queued → sent → delivered, or → failed', async () => {
    const { fake, client, receiver } = await withReceiver('legacy');
    const ok = await client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'Your bay is ready' });
    fake.control.failDelivery('next');
    const bad = await client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'This one fails' });
    await receiver.waitFor(4);
    const statuses = (id: string) =>
      receiver.received
        .filter((delivery) => delivery.event.data.object.id === id)
        .map((delivery) => delivery.event.type);
    expect(statuses(ok.id)).toEqual(['message.sent', 'message.delivered']);
    expect(statuses(bad.id)).toEqual(['message.sent', 'message.failed']);
    expect(fake.sent.map((message) => message.status)).toEqual(['delivered', 'failed']);
    const delivered = receiver.received.find((delivery) => delivery.event.type === 'message.delivered');
    expect(delivered?.event.data.object).toMatchObject({
      id: ok.id,
      object: 'message',
      direction: 'outgoing',
      from: LINE.number,
      to: CUSTOMER,
      body: 'Your bay is ready',
      status: 'delivered',
      phoneNumberId: LINE.id,
    });
    expect(receiver.received.every((delivery) => delivery.check.ok)).toBe(true);
  });

  it('posts a missed call as call.completed with answeredAt null and direction incoming', async () => {
    const { fake, receiver } = await withReceiver('legacy');
    const event = await fake.control.missedCall({
      from: CUSTOMER,
      to: LINE.number,
      voicemail: { url: 'https://files.example/vm.mp3', duration: 12 },
    });
    await receiver.waitFor(1);
    expect(receiver.received[0]?.raw).toBe(JSON.stringify(event));
    expect(event).toMatchObject({
      type: 'call.completed',
      apiVersion: 'v3',
      data: {
        object: {
          id: expect.stringMatching(/^AC/),
          object: 'call',
          from: CUSTOMER,
          to: LINE.number,
          direction: 'incoming',
          status: 'no-answer',
          answeredAt: null,
          answeredBy: null,
          duration: 0,
          voicemail: { url: 'https://files.example/vm.mp3', duration: 12 },
          phoneNumberId: LINE.id,
        },
      },
    });
    const missed = await fake.control.missedCall({ from: CUSTOMER, to: LINE.number, type: 'call.missed' });
    expect(missed).toMatchObject({
      type: 'call.missed',
      data: { object: { answeredAt: null, voicemail: null } },
    });
  });

  it('retries a webhook after a non-2xx, keeping the webhook-id', async () => {
    const { fake, receiver } = await withReceiver('standard', { failFirst: 1 });
    const event = await fake.control.textIn({ from: CUSTOMER, to: LINE.number, body: 'retry me' });
    await receiver.waitFor(1);
    const attemptsOf = () => fake.control.deliveries.filter((delivery) => delivery.eventId === event.id);
    // The fake logs an attempt once it has read the reply, a moment after the receiver has the event.
    await until(() => attemptsOf().length === 2);
    const attempts = attemptsOf();
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
    expect(attempts[0]?.webhookId).toBe(attempts[1]?.webhookId);
    expect(receiver.received[0]?.headers['webhook-id']).toBe(attempts[0]?.webhookId);
  });

  it('accepts a send but loses the reply: the client sees unknown_outcome, the list finds the message', async () => {
    const { fake, client, receiver } = await withReceiver('legacy');
    fake.control.acceptButLoseReply();
    const error = await failure(
      client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'Door code 4412' }),
    );
    expect(error.kind).toBe('unknown_outcome');
    expect(fake.sent).toEqual([expect.objectContaining({ content: 'Door code 4412', replyLost: true })]);
    expect(fake.control.requests.at(-1)?.outcome).toBe('lost');
    const found = await client.listMessages({ phoneNumberId: LINE.id, participant: CUSTOMER });
    expect(found).toEqual([
      expect.objectContaining({ id: fake.sent[0]?.id, direction: 'outgoing', text: 'Door code 4412' }),
    ]);
    // OpenPhone did accept it, so it is delivered as usual.
    await receiver.waitFor(2);
    expect(receiver.received.map((delivery) => delivery.event.type)).toEqual([
      'message.sent',
      'message.delivered',
    ]);
  });

  it('timeoutNext never answers, acts on nothing, and closes the socket after hangMs', async () => {
    const { fake } = await start({ hangMs: 100 });
    fake.control.timeoutNext();
    const startedAt = Date.now();
    const outcome = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi', from: LINE.id, to: [CUSTOMER] }),
    }).then(
      (response) => `status ${response.status}`,
      () => 'closed',
    );
    expect(outcome).toBe('closed');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(90);
    expect(fake.sent).toHaveLength(0);
    expect(fake.control.requests.at(-1)?.outcome).toBe('hung');
  });

  it('validates sends like OpenPhone: content length, one E.164 recipient, a known line', async () => {
    const { fake, client } = await start();
    const cases = [
      { from: LINE.id, to: CUSTOMER, content: '' },
      { from: LINE.id, to: '19025551234', content: 'no plus' },
      { from: 'PNunknown', to: CUSTOMER, content: 'unknown line' },
    ];
    for (const input of cases) {
      expect(await failure(client.sendMessage(input))).toMatchObject({ kind: 'rejected', status: 400 });
    }
    await expect(
      client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'x'.repeat(1600) }),
    ).resolves.toBeDefined();
    expect(fake.sent).toHaveLength(1);
  });

  it('learns lines as they are used when no phone numbers are given', async () => {
    const { fake, client } = await start({ phoneNumbers: undefined });
    const sent = await client.sendMessage({ from: '+19025550199', to: CUSTOMER, content: 'hi' });
    const [message] = fake.sent;
    expect(message?.phoneNumberId).toMatch(/^PN/);
    const found = await client.listMessages({
      phoneNumberId: message?.phoneNumberId ?? '',
      participant: CUSTOMER,
    });
    expect(found.map((entry) => entry.id)).toEqual([sent.id]);
    const byNumber = await client.listMessages({ phoneNumberId: '+19025550199', participant: CUSTOMER });
    expect(byNumber.map((entry) => entry.id)).toEqual([sent.id]);
  });

  it('needs a webhook target for textIn, which can be set after start; a scheme must match its secret', async () => {
    const { fake } = await start();
    await expect(fake.control.textIn({ from: CUSTOMER, to: LINE.number, body: 'hi' })).rejects.toThrow(
      /no webhook target/,
    );
    expect(() =>
      fake.control.setWebhook({ url: 'http://127.0.0.1:9', secret: STANDARD_SECRET, scheme: 'legacy' }),
    ).toThrow(/plain base64/);
    receiver = await startReceiver(STANDARD_SECRET);
    fake.control.setWebhook({ url: receiver.url, secret: STANDARD_SECRET, scheme: 'standard' });
    await fake.control.textIn({ from: CUSTOMER, to: LINE.number, body: 'hi' });
    await receiver.waitFor(1);
  });

  it('close() stops pending status changes and their webhooks', async () => {
    const { fake: started, client, receiver } = await withReceiver('legacy');
    await client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'never delivered' });
    await started.close();
    // Longer than both status delays (10 ms each): nothing may fire after close().
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(0);
    expect(started.sent[0]?.status).toBe('queued');
  });
});
