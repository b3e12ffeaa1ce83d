import { describe, expect, test } from 'vitest';
import { arrivalNotice, readProposalChanged, waitingCount, waitingLabel } from './proposalEvents.ts';

describe('proposal live events', () => {
  test('a proposal.changed payload is read only when it has the expected shape', () => {
    const payload = { id: 'p1', status: 'pending_review', sopPath: 'booking/door-access.md' };
    expect(readProposalChanged(payload)).toEqual(payload);
    expect(readProposalChanged({ ...payload, status: 'sleeping' })).toBeNull();
    expect(readProposalChanged(null)).toBeNull();
  });

  test('the badge counts what waits for a decision, blocked ones included', () => {
    expect(
      waitingCount([
        { status: 'pending_review' },
        { status: 'blocked_by_eval' },
        { status: 'evaluating' },
        { status: 'approved' },
        { status: 'guardrail_rejected' },
      ]),
    ).toBe(2);
    expect(waitingLabel(1)).toBe('1 proposal waiting for review');
    expect(waitingLabel(3)).toBe('3 proposals waiting for review');
  });

  test('only a proposal that starts waiting for review is announced', () => {
    const change = { id: 'p1', sopPath: 'booking/door-access.md' };
    expect(arrivalNotice({ ...change, status: 'pending_review' })).toBe(
      'New SOP proposal for booking/door-access.md, waiting for review.',
    );
    expect(arrivalNotice({ ...change, status: 'blocked_by_eval' })).toMatch(/blocked by eval/);
    expect(arrivalNotice({ ...change, status: 'evaluating' })).toBeNull();
    expect(arrivalNotice({ ...change, status: 'approved' })).toBeNull();
  });
});
