import { describe, expect, test } from 'vitest';
import { formatUsd, isDecidable, queueOrder, refusalRuleLabel } from './proposalWording.ts';

describe('the proposal queue', () => {
  test('puts what waits for a decision first, newest first within a status', () => {
    const ordered = queueOrder([
      { id: 'a', status: 'approved' as const, createdAt: '2025-01-03T00:00:00Z' },
      { id: 'b', status: 'pending_review' as const, createdAt: '2025-01-01T00:00:00Z' },
      { id: 'c', status: 'blocked_by_eval' as const, createdAt: '2025-01-04T00:00:00Z' },
      { id: 'd', status: 'pending_review' as const, createdAt: '2025-01-02T00:00:00Z' },
    ]);
    expect(ordered.map((proposal) => proposal.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  test('only waiting and blocked proposals can be decided', () => {
    expect(isDecidable('pending_review')).toBe(true);
    expect(isDecidable('blocked_by_eval')).toBe(true);
    expect(isDecidable('approved')).toBe(false);
    expect(isDecidable('superseded')).toBe(false);
  });

  test('cost shows cents, and fractions of a cent when that is all it cost', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1.234)).toBe('$1.23');
    expect(formatUsd(0.0042)).toBe('$0.0042');
  });
});

describe('refusalRuleLabel', () => {
  test('names each guardrail in words, and an unknown rule as it is', () => {
    expect(refusalRuleLabel('new_contact_or_price')).toBe('New number, link, email, price or code');
    expect(refusalRuleLabel('open_proposal')).toBe('Another proposal is open');
    expect(refusalRuleLabel('some_new_rule')).toBe('some new rule');
  });
});
