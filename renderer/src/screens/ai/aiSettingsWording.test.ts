import { describe, expect, test } from 'vitest';
import { budgetInput, parseBudget, saveStateText, spendText } from './aiSettingsWording.ts';

describe('AI settings wording', () => {
  test('each save state in words with its icon; nothing before the first change', () => {
    expect(saveStateText(undefined)).toBeNull();
    expect(saveStateText({ status: 'saving', value: 'auto' })).toEqual({ icon: '↻', text: 'Saving…' });
    expect(saveStateText({ status: 'saved' })).toEqual({ icon: '✓', text: 'Saved' });
    expect(saveStateText({ status: 'failed', message: 'This needs the manager role' })).toEqual({
      icon: '✕',
      text: 'Not saved: This needs the manager role',
    });
  });

  test('a budget in dollars and cents, with or without the sign; anything else says what is wrong', () => {
    expect(parseBudget('12')).toEqual({ ok: true, usd: 12 });
    expect(parseBudget(' $12.50 ')).toEqual({ ok: true, usd: 12.5 });
    expect(parseBudget('1,000')).toEqual({ ok: true, usd: 1000 });
    expect(parseBudget('0')).toEqual({ ok: true, usd: 0 });
    expect(parseBudget('')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Enter a daily budget'),
    });
    expect(parseBudget('-3')).toMatchObject({ ok: false });
    expect(parseBudget('1.234')).toMatchObject({ ok: false });
    expect(parseBudget('ten')).toMatchObject({ ok: false });
    expect(parseBudget('100001')).toEqual({ ok: false, error: 'At most $100,000 a day.' });
  });

  test('today’s spend against the budget, and what happens once it is spent', () => {
    expect(spendText(0.42, 10)).toEqual({
      text: '$0.42 of $10.00 spent today (4%)',
      over: false,
      percent: 4,
    });
    const over = spendText(10.5, 10);
    expect(over.over).toBe(true);
    expect(over.percent).toBe(100);
    expect(over.text).toMatch(/^\$10\.50 of \$10\.00 spent today\. The budget is spent/);
    expect(spendText(0, 0).over).toBe(true);
  });

  test('the edit field starts from the server’s budget', () => {
    expect(budgetInput(10)).toBe('10');
    expect(budgetInput(12.5)).toBe('12.50');
  });
});
