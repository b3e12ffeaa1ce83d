import { describe, expect, test } from 'vitest';
import { historyOutcome, historyWho } from './historyFormat.ts';

describe('historyWho', () => {
  test('a request names the staff member, with the email they signed in with', () => {
    expect(
      historyWho({
        actor: { type: 'user', id: 'u1', label: 'frankie@clubos.test' },
        requestedBy: { id: 'u1', name: 'Frankie Frontdesk' },
      }),
    ).toBe('by Frankie Frontdesk (frankie@clubos.test)');
    expect(
      historyWho({ actor: { type: 'user', id: 'u1', label: 'frankie@clubos.test' }, requestedBy: null }),
    ).toBe('by frankie@clubos.test');
  });

  test('a background step says who it was done for', () => {
    expect(
      historyWho({
        actor: { type: 'system', id: 'bay-jobs', label: 'ClubOS bay jobs' },
        requestedBy: { id: 'u1', name: 'Frankie Frontdesk' },
      }),
    ).toBe('by ClubOS bay jobs, for Frankie Frontdesk');
    expect(historyWho({ actor: { type: 'system', id: null, label: null }, requestedBy: null })).toBe(
      'by ClubOS',
    );
  });
});

describe('historyOutcome', () => {
  test('final outcomes are marked; every other step is plain', () => {
    expect(historyOutcome('bay.reset.succeeded')).toBe('succeeded');
    expect(historyOutcome('bay.reset.failed')).toBe('failed');
    expect(historyOutcome('bay.reset.timedOut')).toBe('failed');
    expect(historyOutcome('bay.reset.requested')).toBe('other');
    expect(historyOutcome('ninjaone.reboot.called')).toBe('other');
  });
});
