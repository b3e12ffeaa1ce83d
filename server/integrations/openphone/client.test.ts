import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenPhoneClient } from './client.ts';
import { type FakeOpenPhone, startFakeOpenPhone } from './fakeServer.ts';
import { OpenPhoneError } from './types.ts';

const apiKey = 'op-test-key-7f3c2a9e51';
const LINE = { id: 'PNfacility01', number: '+19025550100' };
const CUSTOMER = '+19025551234';

async function failure(promise: Promise<unknown>): Promise<OpenPhoneError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof OpenPhoneError)) throw new Error(`expected an OpenPhoneError, got ${String(error)}`);
  return error;
}

/** Nothing secret or personal may travel in an error: not the key, not the customer's number. */
function expectClean(error: OpenPhoneError): void {
  expect(error.message).not.toContain(apiKey);
  expect(error.message).not.toContain(CUSTOMER);
  expect(error.message).not.toContain(CUSTOMER.slice(1));
}

describe('OpenPhone client against the fake', () => {
  let fake: FakeOpenPhone;
  const stubs: { close(): void }[] = [];

  async function start(options: { timeoutMs?: number; fetch?: typeof fetch } = {}) {
    fake = await startFakeOpenPhone({
      apiKey,
      phoneNumbers: [LINE],
      statusDelaysMs: { sent: 5, delivered: 5 },
    });
    const client = createOpenPhoneClient({ url: `${fake.url}/`, apiKey, ...options });
    return { client, control: fake.control };
  }

  afterEach(async () => {
    await fake?.close();
    for (const stub of stubs.splice(0)) stub.close();
  });

  it('sends with the key as-is (no Bearer), JSON, `to` as an array; 202 gives the id and status', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push({ url: String(input), init });
      return fetch(input, init);
    };
    const { client } = await start({ fetch: spy });
    const reply = await client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'Your bay is ready' });
    expect(reply).toEqual({ id: expect.stringMatching(/^AC/), status: 'queued' });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({
      id: reply.id,
      from: LINE.number,
      to: CUSTOMER,
      content: 'Your bay is ready',
      phoneNumberId: LINE.id,
    });
    const request = seen[0];
    expect(request?.url).toBe(`${fake.url}/v1/messages`);
    expect(request?.url).not.toContain(apiKey);
    const headers = request?.init?.headers as Record<string, string>;
    expect(headers.authorization).toBe(apiKey);
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(String(request?.init?.body))).toEqual({
      content: 'Your bay is ready',
      from: LINE.id,
      to: [CUSTOMER],
    });
  });

  it('lists messages for a line and a customer, newest first, with the + of the number intact', async () => {
    const { client, control } = await start();
    const first = await client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'one' });
    await client.sendMessage({ from: LINE.number, to: '+19025559999', content: 'someone else' });
    const second = await client.sendMessage({ from: LINE.number, to: CUSTOMER, content: 'two' });
    const found = await client.listMessages({ phoneNumberId: LINE.id, participant: CUSTOMER });
    expect(found.map((message) => message.id)).toEqual([second.id, first.id]);
    expect(found[0]).toMatchObject({
      direction: 'outgoing',
      from: LINE.number,
      to: [CUSTOMER],
      text: 'two',
      phoneNumberId: LINE.id,
    });
    const limited = await client.listMessages({
      phoneNumberId: LINE.id,
      participant: CUSTOMER,
      maxResults: 1,
    });
    expect(limited.map((message) => message.id)).toEqual([second.id]);
    expect(await client.listMessages({ phoneNumberId: 'PNother', participant: CUSTOMER })).toEqual([]);
    // The customer's number is in the query (the provider's contract), never in what the fake logs.
    expect(control.requests.every((request) => !request.path.includes(CUSTOMER.slice(1)))).toBe(true);
  });

  it('maps 401 and 403 to unauthorized, and refuses a Bearer prefix like OpenPhone would', async () => {
    const { control } = await start();
    const wrong = createOpenPhoneClient({ url: fake.url, apiKey: 'wrong-key' });
    const error = await failure(wrong.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    const bearer = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi', from: LINE.id, to: [CUSTOMER] }),
    });
    expect(bearer.status).toBe(401);
    control.failNext({ status: 403 });
    const client = createOpenPhoneClient({ url: fake.url, apiKey });
    const forbidden = await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }));
    expect(forbidden).toMatchObject({ kind: 'unauthorized', status: 403 });
    expectClean(forbidden);
    expect(fake.sent).toHaveLength(0);
  });

  it('maps 429 to rate_limited with Retry-After, 5xx to unavailable, other 4xx to rejected', async () => {
    const { client, control } = await start();
    control.failNext({ status: 429, retryAfterSeconds: 3 });
    expect(await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }))).toMatchObject({
      kind: 'rate_limited',
      status: 429,
      retryAfterMs: 3_000,
    });
    control.failNext({ status: 429 });
    expect(await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 1_000,
    });
    for (const status of [500, 502, 503]) {
      control.failNext({ status });
      expect(await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }))).toMatchObject(
        {
          kind: 'unavailable',
          status,
        },
      );
    }
    control.failNext({ status: 404, on: 'list' });
    expect(
      await failure(client.listMessages({ phoneNumberId: LINE.id, participant: CUSTOMER })),
    ).toMatchObject({ kind: 'rejected', status: 404 });
    const tooLong = await failure(
      client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'x'.repeat(1601) }),
    );
    expect(tooLong).toMatchObject({ kind: 'rejected', status: 400 });
    expect(fake.sent).toHaveLength(0);
  });

  it('keeps the customer number and the key out of error messages, even when the reply echoes them', async () => {
    const { client } = await start();
    const badNumber = `${CUSTOMER}5555555`;
    const error = await failure(client.sendMessage({ from: LINE.id, to: badNumber, content: 'hi' }));
    expect(error).toMatchObject({ kind: 'rejected', status: 400 });
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(badNumber);
    const echo = createOpenPhoneClient({
      url: 'http://127.0.0.1:9',
      apiKey,
      fetch: async () =>
        new Response(JSON.stringify({ message: `key ${apiKey} may not list ${CUSTOMER}` }), { status: 400 }),
    });
    const listed = await failure(echo.listMessages({ phoneNumberId: LINE.id, participant: CUSTOMER }));
    expect(listed.kind).toBe('rejected');
    expectClean(listed);
  });

  it('a send whose reply is lost after OpenPhone accepted it is unknown_outcome, and reconciles', async () => {
    const { client, control } = await start();
    control.acceptButLoseReply();
    const error = await failure(
      client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'Door code: 4412' }),
    );
    expect(error.kind).toBe('unknown_outcome');
    expectClean(error);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.replyLost).toBe(true);
    const found = await client.listMessages({ phoneNumberId: LINE.id, participant: CUSTOMER });
    expect(found).toEqual([expect.objectContaining({ id: fake.sent[0]?.id, text: 'Door code: 4412' })]);
  });

  it('a send with no reply in time is unknown_outcome: accepted-but-slow and never-answered alike', async () => {
    const { client, control } = await start({ timeoutMs: 150 });
    control.slow(400);
    const slow = await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'slow' }));
    expect(slow.kind).toBe('unknown_outcome');
    expect(slow.message).toContain('150 ms');
    expect(fake.sent.map((message) => message.content)).toEqual(['slow']);
    control.slow(0);
    control.timeoutNext();
    const hung = await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hung' }));
    expect(hung.kind).toBe('unknown_outcome');
    expect(fake.sent.map((message) => message.content)).toEqual(['slow']);
  });

  it('a 504 on a send is unknown_outcome: a gateway gave up, OpenPhone may have acted', async () => {
    const { client, control } = await start();
    control.failNext({ status: 504 });
    expect(await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }))).toMatchObject({
      kind: 'unknown_outcome',
      status: 504,
    });
  });

  it('a list that times out or hits a 504 is only unavailable: reading has no outcome to lose', async () => {
    const { client, control } = await start({ timeoutMs: 150 });
    control.timeoutNext(1, { on: 'list' });
    expect(
      await failure(client.listMessages({ phoneNumberId: LINE.id, participant: CUSTOMER })),
    ).toMatchObject({
      kind: 'unavailable',
    });
    control.failNext({ status: 504, on: 'list' });
    expect(
      await failure(client.listMessages({ phoneNumberId: LINE.id, participant: CUSTOMER })),
    ).toMatchObject({
      kind: 'unavailable',
      status: 504,
    });
  });

  it('connection refused before sending is unavailable: nothing can have been accepted', async () => {
    const { client } = await start();
    await fake.close();
    const error = await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a 2xx whose body has no readable id is unknown_outcome, never a failure that invites a resend', async () => {
    for (const body of ['', 'not json', '{"data":{}}', '{"id":"AC1"}']) {
      const client = createOpenPhoneClient({
        url: 'http://127.0.0.1:9',
        apiKey,
        fetch: async () => new Response(body, { status: 202 }),
      });
      const error = await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }));
      expect(error, body).toMatchObject({ kind: 'unknown_outcome', status: 202 });
    }
  });

  it('a reply cut off mid-body after a 202 is unknown_outcome', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(202, { 'content-type': 'application/json', 'content-length': '200' });
      response.write('{"data":{"id":"AC');
      setTimeout(() => response.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stubs.push({ close: () => server.close() });
    const client = createOpenPhoneClient({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      apiKey,
    });
    const error = await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }));
    expect(error.kind).toBe('unknown_outcome');
  });

  it('refuses to follow a redirect, so the key is never sent elsewhere', async () => {
    const client = createOpenPhoneClient({
      url: 'http://127.0.0.1:9',
      apiKey,
      fetch: async (_input, init) => {
        expect(init?.redirect).toBe('manual');
        return new Response(null, { status: 302, headers: { location: 'http://evil.example/' } });
      },
    });
    expect(await failure(client.sendMessage({ from: LINE.id, to: CUSTOMER, content: 'hi' }))).toMatchObject({
      kind: 'rejected',
      status: 302,
    });
  });

  it('a list reply that does not match the contract is an error, never a shorter list', async () => {
    const client = createOpenPhoneClient({
      url: 'http://127.0.0.1:9',
      apiKey,
      fetch: async () =>
        Response.json({ data: [{ id: 'AC1', from: '+1', to: '+2', direction: 'sideways', status: 'x' }] }),
    });
    const error = await failure(client.listMessages({ phoneNumberId: LINE.id, participant: CUSTOMER }));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('data.0.direction');
  });
});
