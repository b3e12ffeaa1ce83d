import Anthropic, {
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicClient } from './client.ts';
import { type FakeAnthropic, type FakeAnthropicOptions, startFakeAnthropic } from './fakeServer.ts';
import { PROPOSE_SOP_CHANGES, proposalOutputSchema, toolInputSchema } from './schemas.ts';

// Not claude-sonnet-4-5: this SDK warns on every call that it is deprecated.
const MODEL = 'claude-sonnet-4-6';
const tool = { name: PROPOSE_SOP_CHANGES, input_schema: toolInputSchema(proposalOutputSchema) };

describe('the real @anthropic-ai/sdk against the fake Anthropic', () => {
  let fake: FakeAnthropic | undefined;

  async function start(
    options: FakeAnthropicOptions = {},
    client: { timeoutMs?: number; maxRetries?: number } = {},
  ) {
    fake = await startFakeAnthropic(options);
    const anthropic = createAnthropicClient({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      timeoutMs: client.timeoutMs ?? 5_000,
      maxRetries: client.maxRetries ?? 2,
    });
    return { fake, anthropic };
  }

  const forcedCall = (anthropic: Anthropic, text = 'No corrections this week.') =>
    anthropic.messages.create({
      model: MODEL,
      max_tokens: 1_024,
      system: 'You maintain the SOPs of a golf simulator club.',
      messages: [{ role: 'user', content: text }],
      tools: [tool],
      tool_choice: { type: 'tool', name: PROPOSE_SOP_CHANGES },
    });

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('answers a forced tool call with one tool_use block, stop_reason tool_use and usage', async () => {
    const { fake, anthropic } = await start({
      responder: () => ({ toolUse: { name: PROPOSE_SOP_CHANGES, input: { proposals: [] } } }),
    });
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const message = await forcedCall(anthropic);
    expect(message).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: MODEL,
      stop_reason: 'tool_use',
      content: [{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: PROPOSE_SOP_CHANGES }],
    });
    const [block] = message.content;
    expect(block?.type === 'tool_use' && proposalOutputSchema.parse(block.input)).toEqual({ proposals: [] });
    expect(message.usage.input_tokens).toBeGreaterThan(10);
    expect(message.usage.output_tokens).toBe(Math.ceil('{"proposals":[]}'.length / 4));
  });

  it('takes the key as Bearer (what this SDK sends) and as x-api-key, with an anthropic-version', async () => {
    const { fake, anthropic } = await start();
    await forcedCall(anthropic);
    const viaHeader = new Anthropic({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      maxRetries: 0,
      // Older SDKs and curl send x-api-key; null removes the SDK's own Authorization header.
      defaultHeaders: { 'x-api-key': fake.apiKey, Authorization: null },
    });
    await forcedCall(viaHeader);
    const [bearer, xApiKey] = fake.received.map((request) => request.headers);
    expect(bearer).toMatchObject({ authorization: `Bearer ${fake.apiKey}` });
    expect(bearer?.['x-api-key']).toBeUndefined();
    expect(bearer?.['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(xApiKey).toMatchObject({ 'x-api-key': fake.apiKey });
    expect(xApiKey?.authorization).toBeUndefined();
  });

  it('refuses a wrong key with 401 authentication_error, without echoing it and without retrying', async () => {
    const { fake } = await start();
    const wrong = createAnthropicClient({
      apiKey: 'sk-ant-wrong',
      baseURL: fake.url,
      timeoutMs: 5_000,
      maxRetries: 2,
    });
    const error = await forcedCall(wrong).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
    expect(JSON.stringify((error as AuthenticationError).error)).not.toContain('sk-ant-wrong');
    expect(fake.received).toHaveLength(1);
  });

  it('requires anthropic-version (400 invalid_request_error)', async () => {
    const { fake } = await start();
    const noVersion = new Anthropic({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      maxRetries: 0,
      defaultHeaders: { 'anthropic-version': null },
    });
    const error = await forcedCall(noVersion).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).error).toMatchObject({
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
    expect(fake.received[0]?.headers['anthropic-version']).toBeUndefined();
  });

  it('refuses a body missing model, max_tokens or messages with the field named', async () => {
    const { fake } = await start();
    const post = (body: unknown) =>
      fetch(`${fake.url}/v1/messages`, {
        method: 'POST',
        headers: {
          'x-api-key': fake.apiKey,
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: await response.json() }));
    const messages = [{ role: 'user', content: 'hi' }];
    expect(await post({ max_tokens: 10, messages })).toMatchObject({
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: 'model: Field required' } },
    });
    expect((await post({ model: MODEL, messages })).body.error.message).toBe('max_tokens: Field required');
    expect((await post({ model: MODEL, max_tokens: 10 })).body.error.message).toBe(
      'messages: Field required',
    );
    const unknownTool = await post({
      model: MODEL,
      max_tokens: 10,
      messages,
      tools: [tool],
      tool_choice: { type: 'tool', name: 'other' },
    });
    expect(unknownTool.body.error.message).toMatch(/Tool 'other' not found/);
  });

  it('retries a 429 after its retry-after, with the SDK’s own retries, then succeeds', async () => {
    const { fake, anthropic } = await start();
    fake.failNext(1, { status: 429, retryAfterSeconds: 0.05 });
    const message = await forcedCall(anthropic);
    expect(message.stop_reason).toBe('tool_use');
    expect(fake.received.map((request) => request.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });

  it('gives up on a 429 with a RateLimitError once retries run out', async () => {
    const { fake, anthropic } = await start({}, { maxRetries: 1 });
    fake.failNext(2, { status: 429, retryAfterSeconds: 0.01 });
    const error = await forcedCall(anthropic).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers.get('retry-after')).toBe('0.01');
    expect(fake.received).toHaveLength(2);
  });

  it('retries 529 overloaded_error, and reports it when the fake is down', async () => {
    const { fake, anthropic } = await start({}, { maxRetries: 1 });
    fake.failNext(1, 'overloaded');
    expect((await forcedCall(anthropic)).stop_reason).toBe('tool_use');
    expect(fake.received).toHaveLength(2);

    fake.setDown(true);
    const noRetries = createAnthropicClient({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    const error = await forcedCall(noRetries).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(529);
    expect((error as InternalServerError).error).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('holds a request on a timeout fault until the SDK times out', async () => {
    const { fake, anthropic } = await start({}, { timeoutMs: 150, maxRetries: 0 });
    fake.failNext(1, 'timeout');
    await expect(forcedCall(anthropic)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('records the exact bytes the SDK sent', async () => {
    const { fake, anthropic } = await start();
    const marker = `marker-${crypto.randomUUID()} ⛳ é`;
    await forcedCall(anthropic, `Look at this: ${marker}`);
    const [request] = fake.received;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/messages' });
    expect(request?.rawBody.includes(Buffer.from(marker, 'utf8'))).toBe(true);
    expect(JSON.parse(request?.rawBody.toString('utf8') ?? '')).toEqual(request?.body);
    expect(request?.body).toMatchObject({
      model: MODEL,
      tool_choice: { type: 'tool', name: PROPOSE_SOP_CHANGES },
    });
    expect(Number(request?.headers['content-length'])).toBe(request?.rawBody.length);
  });

  it('says a responder that ignores the forced tool is a fake bug, and the SDK does not retry it', async () => {
    const { fake, anthropic } = await start({ responder: () => ({ text: 'no tool for you' }) });
    const error = await forcedCall(anthropic).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).message).toMatch(/forces a tool call/);
    expect(fake.received).toHaveLength(1);
  });
});
