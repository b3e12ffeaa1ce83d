import { describe, expect, test } from 'vitest';
import { alertSentence, byAgent, canRollBack, formatRate, totals } from './qualityWording.ts';

describe('quality wording', () => {
  test('a rate is a whole percentage, and no replies is a dash, not 0%', () => {
    expect(formatRate(1 / 6)).toBe('17%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(null)).toBe('—');
  });

  test('an alert says both rates with their counts', () => {
    expect(
      alertSentence({
        path: 'brand/gift-cards.md',
        version: 2,
        previousVersion: 1,
        replies: 20,
        flagged: 8,
        previousReplies: 25,
        previousFlagged: 2,
        unhelpfulRate: 0.4,
        previousUnhelpfulRate: 0.08,
      }),
    ).toBe('Replies using v2 were marked unhelpful 40% of the time (8 of 20), against 8% (2 of 25) on v1.');
    expect(
      alertSentence({
        path: 'brand/gift-cards.md',
        version: 2,
        previousVersion: 1,
        replies: 2,
        flagged: 2,
        previousReplies: 0,
        previousFlagged: 0,
        unhelpfulRate: 1,
        previousUnhelpfulRate: 0,
      }),
    ).toBe('Replies using v2 were marked unhelpful 100% of the time (2 of 2); no reply used v1.');
  });

  test('a rollback is offered only while the alert is open and the SOP is still at the flagged version', () => {
    expect(canRollBack({ state: 'open', version: 2, currentVersion: 2 })).toBe(true);
    expect(canRollBack({ state: 'open', version: 2, currentVersion: 3 })).toBe(false);
    expect(canRollBack({ state: 'dismissed', version: 2, currentVersion: 2 })).toBe(false);
  });

  test('rows group by agent in the given order, newest first, and total over the window', () => {
    const row = (agent: 'brand' | 'booking', period: string, replies: number, flagged: number) => ({
      agent,
      period,
      replies,
      flagged,
      helpful: replies - flagged,
      unhelpfulRate: replies ? flagged / replies : null,
    });
    const groups = byAgent(
      [
        row('brand', '2026-12-05', 4, 1),
        row('booking', '2026-12-06', 2, 0),
        row('brand', '2026-12-06', 6, 2),
      ],
      ['booking', 'brand', 'tech_support'],
    );
    expect(groups.map((group) => [group.agent, group.rows.map((r) => r.period)])).toEqual([
      ['booking', ['2026-12-06']],
      ['brand', ['2026-12-06', '2026-12-05']],
    ]);
    expect(totals(groups[1]?.rows ?? [])).toEqual({ replies: 10, flagged: 3, unhelpfulRate: 0.3 });
    expect(totals([])).toEqual({ replies: 0, flagged: 0, unhelpfulRate: null });
  });
});
