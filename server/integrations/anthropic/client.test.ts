import { APIConnectionTimeoutError, APIUserAbortError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAnalysisPrompt } from '../../intelligence/proposals/analysisPrompt.ts';
import { createAnthropicClient, ProposalOutputError, requestProposals } from './client.ts';
import { type FakeAnthropic, type FakeResponder, startFakeAnthropic } from './fakeServer.ts';
import { PROPOSE_SOP_CHANGES } from './schemas.ts';

const MODEL = 'claude-sonnet-4-6';
const SYSTEM = 'You maintain the SOPs of a golf simulator club. Propose changes only with evidence.';
const DOOR_SOP = {
  path: 'booking/door-access.md',
  content: '# Door access\n\nYour PIN is the last four digits of your booking code.',
};
// The product's own prompt, so the fake is tested against what the analysis really sends.
const prompt = (correction: string | null) =>
  buildAnalysisPrompt({
    agent: 'booking',
    sops: [DOOR_SOP],
    interactions: [
      {
        interactionId: 'int_7',
        query: 'Can I bring my own clubs?',
        response: 'I am not sure.',
        reason: 'Staff: unhelpful',
        correction,
        sop_versions: [{ path: DOOR_SOP.path, version: 1, section: 'Door access' }],
      },
    ],
    known: { names: [] },
  }).user;
const CORRECTED = prompt('Yes, bring your own clubs any time.');
const UNCORRECTED = prompt(null);

describe('requestProposals with the real SDK against the fake Anthropic', () => {
  let fake: FakeAnthropic | undefined;

  async function start(responder?: FakeResponder, client: { timeoutMs?: number; maxRetries?: number } = {}) {
    fake = await startFakeAnthropic(responder ? { responder } : {});
    const anthropic = createAnthropicClient({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      timeoutMs: client.timeoutMs ?? 5_000,
      maxRetries: client.maxRetries ?? 2,
    });
    return { fake, anthropic };
  }

  const respondWith =
    (input: unknown): FakeResponder =>
    () => ({ toolUse: { name: PROPOSE_SOP_CHANGES, input } });

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('sends one forced propose_sop_changes call and returns the zod-parsed proposals', async () => {
    const { fake, anthropic } = await start();
    const result = await requestProposals(anthropic, {
      model: MODEL,
      system: SYSTEM,
      user: CORRECTED,
    });
    expect(result.proposals).toEqual([
      expect.objectContaining({
        sopPath: 'booking/door-access.md',
        evidence: ['1'],
        newContent: expect.stringContaining('**A:** Yes, bring your own clubs any time.'),
      }),
    ]);
    expect(result.model).toBe(MODEL);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);

    const body = fake.received[0]?.body;
    expect(body).toMatchObject({
      model: MODEL,
      system: SYSTEM,
      tool_choice: { type: 'tool', name: PROPOSE_SOP_CHANGES },
      tools: [{ name: PROPOSE_SOP_CHANGES, input_schema: { type: 'object', required: ['proposals'] } }],
    });
    expect(fake.received[0]?.rawBody.toString('utf8')).toContain('Can I bring my own clubs?');
  });

  it('returns no proposals when nothing was corrected', async () => {
    const { anthropic } = await start();
    const result = await requestProposals(anthropic, { model: MODEL, system: SYSTEM, user: UNCORRECTED });
    expect(result.proposals).toEqual([]);
  });

  it('throws ProposalOutputError naming each invalid field path', async () => {
    const { anthropic } = await start(
      respondWith({ proposals: [{ sopPath: 'a.md', summary: 's', rationale: 'r', evidence: 'int_1' }] }),
    );
    const error = await requestProposals(anthropic, { model: MODEL, system: SYSTEM, user: 'x' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProposalOutputError);
    const output = error as ProposalOutputError;
    expect(output.code).toBe('invalid_output');
    expect(output.issues.map((issue) => issue.path)).toEqual([
      'proposals.0.evidence',
      'proposals.0.newContent',
    ]);
    expect(output.message).toContain('proposals.0.evidence');
  });

  it('throws a truncated ProposalOutputError when Claude stops at max_tokens', async () => {
    const { anthropic } = await start(
      respondWith({
        proposals: [
          { sopPath: 'a.md', summary: 's', rationale: 'r', evidence: ['i'], newContent: 'x'.repeat(400) },
        ],
      }),
    );
    await expect(
      requestProposals(anthropic, { model: MODEL, system: SYSTEM, user: 'x', maxTokens: 50 }),
    ).rejects.toMatchObject({ name: 'ProposalOutputError', code: 'truncated' });
  });

  it('fails with the SDK’s timeout error once every attempt has timed out', async () => {
    const { fake, anthropic } = await start(undefined, { timeoutMs: 100, maxRetries: 1 });
    fake.failNext(2, 'timeout');
    await expect(
      requestProposals(anthropic, { model: MODEL, system: SYSTEM, user: 'x' }),
    ).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(fake.received).toHaveLength(2);
  });

  it('stops when the caller aborts', async () => {
    const { fake, anthropic } = await start();
    fake.failNext(1, 'timeout');
    const controller = new AbortController();
    const pending = requestProposals(anthropic, {
      model: MODEL,
      system: SYSTEM,
      user: 'x',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });
});
