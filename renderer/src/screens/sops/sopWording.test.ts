import { describe, expect, test } from 'vitest';
import { diffLineKind, editOutcomeText } from './sopWording.ts';

describe('diffLineKind', () => {
  test('tells file headers and hunks from added and removed lines', () => {
    expect(['--- a', '+++ b', '@@ -1 +1 @@', '+new', '-old', ' same'].map(diffLineKind)).toEqual([
      'header',
      'header',
      'hunk',
      'added',
      'removed',
      'same',
    ]);
  });
});

describe('editOutcomeText', () => {
  test('a sent edit says whose approval it needs: another manager’s, or for an admin their own may do', () => {
    expect(editOutcomeText('pending_review', false)).toBe(
      'Sent for review: it needs another manager’s approval before it goes live.',
    );
    expect(editOutcomeText('pending_review', true)).toContain('an admin’s approval (yours counts)');
  });

  test('a blocked edit says an override reason is needed; a refused one that nothing was sent', () => {
    expect(editOutcomeText('blocked_by_eval', false)).toMatch(/^Sent for review, but the eval blocked it/);
    expect(editOutcomeText('blocked_by_eval', false)).toContain('with a reason to override the eval');
    expect(editOutcomeText('guardrail_rejected', false)).toBe(
      'Refused by the guardrails, so nothing was sent for review. The SOP is unchanged.',
    );
  });
});
