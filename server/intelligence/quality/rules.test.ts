import { describe, expect, test } from 'vitest';
import { judgeVersion } from './rules.ts';

const thresholds = { minReplies: 20, maxRateIncrease: 0.15 };

describe('judgeVersion', () => {
  test('a version with fewer replies than the minimum is not judged, however bad', () => {
    expect(judgeVersion({ replies: 19, flagged: 19 }, { replies: 40, flagged: 0 }, thresholds)).toEqual({
      kind: 'too_few_replies',
      needed: 1,
    });
  });

  test('worse by more than the threshold is worse', () => {
    const verdict = judgeVersion({ replies: 20, flagged: 8 }, { replies: 20, flagged: 2 }, thresholds);
    expect(verdict.kind).toBe('worse');
  });

  test('a rise of exactly the threshold is within it, despite floating-point rounding', () => {
    expect(judgeVersion({ replies: 20, flagged: 7 }, { replies: 20, flagged: 4 }, thresholds).kind).toBe(
      'within_threshold',
    );
    expect(judgeVersion({ replies: 20, flagged: 9 }, { replies: 20, flagged: 6 }, thresholds).kind).toBe(
      'within_threshold',
    );
  });

  test('a better new version is within the threshold', () => {
    expect(judgeVersion({ replies: 30, flagged: 0 }, { replies: 30, flagged: 20 }, thresholds).kind).toBe(
      'within_threshold',
    );
  });

  test('a previous version no reply used counts as never flagged', () => {
    expect(judgeVersion({ replies: 20, flagged: 4 }, { replies: 0, flagged: 0 }, thresholds).kind).toBe(
      'worse',
    );
    expect(judgeVersion({ replies: 20, flagged: 3 }, { replies: 0, flagged: 0 }, thresholds).kind).toBe(
      'within_threshold',
    );
  });
});
