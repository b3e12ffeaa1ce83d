import { describe, expect, test } from 'vitest';
import { withServerAnswer } from './resetRequest.ts';
import { actionFixture, bayFixture } from './testBays.ts';

const sent = (action = actionFixture()) => ({
  status: 'sent' as const,
  kind: action.kind,
  key: 'k-1',
  action,
});

describe('withServerAnswer', () => {
  test('shows the server’s answer until the live stream has caught up', () => {
    const bay = bayFixture();
    expect(withServerAnswer(bay, sent()).currentAction?.state).toBe('requested');
    const caughtUp = bayFixture({ currentAction: actionFixture({ state: 'running' }) });
    expect(withServerAnswer(caughtUp, sent())).toBe(caughtUp);
  });

  test('an answer that is already final goes to the last action', () => {
    const answer = actionFixture({ state: 'succeeded' });
    expect(withServerAnswer(bayFixture(), sent(answer)).lastAction).toEqual(answer);
  });

  test('never hides something newer on the board', () => {
    const newer = bayFixture({
      lastAction: actionFixture({ id: 'act-2', state: 'failed', requestedAt: '2026-11-25T18:10:00.000Z' }),
    });
    expect(withServerAnswer(newer, sent())).toBe(newer);
    const otherInFlight = bayFixture({ currentAction: actionFixture({ id: 'act-3' }) });
    expect(withServerAnswer(otherInFlight, sent())).toBe(otherInFlight);
  });

  test('sending and failed requests do not change the bay', () => {
    const bay = bayFixture();
    expect(withServerAnswer(bay, { status: 'sending', kind: 'reboot-pc', key: 'k' })).toBe(bay);
    expect(withServerAnswer(bay, undefined)).toBe(bay);
  });
});
