import { afterEach, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../integrations/openai/fakeServer.ts';
import { runClubos } from '../../test/cli.ts';

const lines = (...values: unknown[]) => values.map((value) => JSON.stringify(value)).join('\n');
const decisions = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('clubos classify', () => {
  it('routes offline with no key: one decision per line, in order, blank lines skipped', async () => {
    const stdin = `${lines({ text: 'My door code isnt working' }, { text: 'there is smoke in bay 4' })}\n\n${lines({ text: 'Are you hiring?' })}\n`;
    const { code, stdout, stderr } = await runClubos(['classify'], { env: { LOG_LEVEL: 'silent' }, stdin });

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [door, smoke, hiring] = decisions(stdout);
    expect(decisions(stdout)).toHaveLength(3);
    expect(door).toMatchObject({ agent: 'booking', emergency: false, via: 'offline' });
    expect(smoke).toEqual({ agent: 'emergency', emergency: true, confidence: 1, via: 'rules' });
    expect(hiring).toMatchObject({ agent: 'brand', emergency: false, via: 'offline' });
    expect(Object.keys(door ?? {})).toEqual(['agent', 'emergency', 'confidence', 'via']);
    expect(door?.confidence).toBeGreaterThan(0);
    expect(door?.confidence).toBeLessThanOrEqual(1);
  });

  it('reports bad lines on stderr by number, carries on, and exits 1', async () => {
    const stdin = [
      'not json',
      lines({ text: 'No sound in bay 1' }),
      '{"txt": "hi"}',
      '{"text": 42}',
      '[]',
    ].join('\n');
    const { code, stdout, stderr } = await runClubos(['classify'], { env: { LOG_LEVEL: 'silent' }, stdin });

    expect(code).toBe(1);
    expect(decisions(stdout)).toEqual([expect.objectContaining({ agent: 'tech_support', via: 'offline' })]);
    expect(stderr.trim().split('\n')).toEqual([
      'clubos classify: line 1: not JSON',
      'clubos classify: line 3: expected an object with a string "text"',
      'clubos classify: line 4: expected an object with a string "text"',
      'clubos classify: line 5: expected an object with a string "text"',
    ]);
  });

  it('prints nothing and exits 0 for empty input', async () => {
    const { code, stdout, stderr } = await runClubos(['classify'], {
      env: { LOG_LEVEL: 'silent' },
      stdin: '',
    });
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('asks the configured model when a key is set, but never for an emergency', async () => {
    fake = await startFakeOpenAI();
    const env = {
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.url,
      CLUBOS_OPENAI_MODEL: 'gpt-4o-2024-08-06',
    };
    const stdin = lines(
      { text: 'The screen is frozen in bay 3' },
      { text: 'Someone fell and is bleeding' },
      { text: 'Can I cancel my booking for Friday?' },
    );
    const { code, stdout, stderr } = await runClubos(['classify'], { env, stdin });

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(decisions(stdout)).toEqual([
      expect.objectContaining({ agent: 'tech_support', emergency: false, via: 'llm' }),
      { agent: 'emergency', emergency: true, confidence: 1, via: 'rules' },
      expect.objectContaining({ agent: 'booking', emergency: false, via: 'llm' }),
    ]);
    expect(fake.requests.map((request) => request.model)).toEqual(['gpt-4o-2024-08-06', 'gpt-4o-2024-08-06']);
  });

  it('routes offline, saying why on stderr, when the provider is down', async () => {
    fake = await startFakeOpenAI();
    fake.setDown(true);
    const env = {
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.url,
      CLUBOS_OPENAI_MAX_RETRIES: '0',
    };
    const { code, stdout, stderr } = await runClubos(['classify'], {
      env,
      stdin: lines({ text: 'Do you sell gift cards?' }),
    });

    expect(code).toBe(0);
    expect(decisions(stdout)).toEqual([expect.objectContaining({ agent: 'brand', via: 'offline' })]);
    expect(stderr).toBe('clubos classify: line 1: model failed (provider error 503), routed offline\n');
  });
});
