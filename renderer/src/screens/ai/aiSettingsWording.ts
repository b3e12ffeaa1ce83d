import { usdText } from '../inbox/ai/aiWording.ts';

/** One control's change as this desk asked for it: saving until the server answers, then saved or why not. */
export type SaveState =
  | { status: 'saving'; value: string }
  | { status: 'saved' }
  | { status: 'failed'; message: string };

export function saveStateText(state: SaveState | undefined): { icon: string; text: string } | null {
  switch (state?.status) {
    case undefined:
      return null;
    case 'saving':
      return { icon: '↻', text: 'Saving…' };
    case 'saved':
      return { icon: '✓', text: 'Saved' };
    case 'failed':
      return { icon: '✕', text: `Not saved: ${state.message}` };
    default: {
      const unexpected: never = state;
      throw new Error(`unknown save state ${JSON.stringify(unexpected)}`);
    }
  }
}

/** The server's limit for a facility's daily AI budget (ai.setBudget). */
export const MAX_DAILY_BUDGET_USD = 100_000;

/** "12", "12.5", "$12.50" → 12.5; anything else says what is wrong, as the field's error. */
export function parseBudget(input: string): { ok: true; usd: number } | { ok: false; error: string } {
  const text = input.trim().replace(/^\$/, '').replace(/,/g, '');
  if (text === '') return { ok: false, error: 'Enter a daily budget in dollars, such as 10 or 12.50.' };
  if (!/^\d+(\.\d{1,2})?$/.test(text)) {
    return { ok: false, error: 'Use dollars and cents only, such as 10 or 12.50.' };
  }
  const usd = Number(text);
  if (usd > MAX_DAILY_BUDGET_USD) {
    return { ok: false, error: `At most $${MAX_DAILY_BUDGET_USD.toLocaleString('en-US')} a day.` };
  }
  return { ok: true, usd };
}

/** "$0.42 of $10.00 spent today (4%)", and what happens once it is spent. */
export function spendText(
  spentUsd: number,
  budgetUsd: number,
): { text: string; over: boolean; percent: number } {
  const over = spentUsd >= budgetUsd;
  const percent = budgetUsd > 0 ? Math.min(100, Math.round((spentUsd / budgetUsd) * 100)) : 100;
  const base = `${usdText(spentUsd)} of ${usdText(budgetUsd)} spent today`;
  return {
    text: over
      ? `${base}. The budget is spent: until midnight, answers are drafted from the SOPs without the model.`
      : `${base} (${percent}%)`,
    over,
    percent,
  };
}

/** The budget as the edit field starts: plain dollars and cents. */
export function budgetInput(usd: number): string {
  return Number.isInteger(usd) ? String(usd) : usd.toFixed(2);
}
