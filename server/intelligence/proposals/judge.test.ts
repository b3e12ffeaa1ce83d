import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { type EvalCase, EXAMPLE_FACILITY } from './evalCases.ts';
import { evalJudgeFromConfig, OFFLINE_JUDGE, offlineJudge } from './judge.ts';

const ai = {
  model: 'gpt-4o',
  dailyBudgetUsd: 10,
  anthropic: { model: 'claude-sonnet-4-6' },
  claudeDailyBudgetUsd: 5,
};
const openai = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1' });
const anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: 'http://127.0.0.1:9' });

describe('choosing the eval judge', () => {
  it('prefers GPT, then Claude, then none (the offline rubric), with the budgets each side obeys', () => {
    expect(evalJudgeFromConfig(ai, { openai, anthropic })).toEqual({
      openai: { client: openai, model: 'gpt-4o', dailyBudgetUsd: 10 },
    });
    expect(evalJudgeFromConfig(ai, { anthropic })).toEqual({
      anthropic: { client: anthropic, model: 'claude-sonnet-4-6', dailyBudgetUsd: 5 },
    });
    expect(evalJudgeFromConfig({ ...ai, anthropic: undefined }, { anthropic })).toBeUndefined();
    expect(evalJudgeFromConfig(ai, {})).toBeUndefined();
  });

  it('the offline judge uses the rubric for a golden case and the key facts for a history case', async () => {
    const base: Omit<EvalCase, 'id' | 'source'> = {
      agent: 'booking',
      query: 'How much is an hour?',
      facility: EXAMPLE_FACILITY,
      known: { names: [], phones: [] },
    };
    const golden: EvalCase = {
      ...base,
      id: 'g',
      source: 'golden',
      rubric: { mustMention: [['$45']], mustNotMention: [] },
    };
    const helpful: EvalCase = { ...base, id: 'h', source: 'helpful', expected: 'An hour is $45 per bay.' };
    expect(offlineJudge.name).toBe(OFFLINE_JUDGE);
    expect(await offlineJudge.judgeCase(golden, { before: 'It is $45.', after: 'It is $50.' })).toEqual({
      before: { pass: true, reasons: [] },
      after: { pass: false, reasons: ['does not mention "$45"'] },
      costUsd: 0,
    });
    const verdicts = await offlineJudge.judgeCase(helpful, {
      before: 'An hour is $45 per bay.',
      after: 'An hour is $50 per bay.',
    });
    expect(verdicts.before.pass).toBe(true);
    expect(verdicts.after).toEqual({ pass: false, reasons: ['does not say the price $45'] });
  });
});
