import type { BayActionView, BayView } from '../../../../shared/bays.ts';

// Builders for the bays unit tests: a healthy bay, changed only where a test says.

export function bayFixture(overrides: Partial<BayView> = {}): BayView {
  return {
    id: 'bay-1',
    facilityId: 'fac-1',
    number: 1,
    name: 'Bay 1',
    ninjaDeviceId: 101,
    online: true,
    lastSeenAt: '2026-11-25T18:00:00.000Z',
    currentAction: null,
    lastAction: null,
    needsAttention: false,
    attentionReason: null,
    availableAt: {},
    ...overrides,
  };
}

export function actionFixture(overrides: Partial<BayActionView> = {}): BayActionView {
  return {
    id: 'act-1',
    kind: 'restart-sim',
    state: 'requested',
    requestedBy: { id: 'u1', name: 'Frankie Frontdesk' },
    requestedAt: '2026-11-25T18:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    message: null,
    durationMs: null,
    ...overrides,
  };
}
