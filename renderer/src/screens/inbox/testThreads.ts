import type { MessageView, NoteView, ThreadDetail, ThreadSummary } from '../../../../shared/threads.ts';

// Builders for the inbox unit tests: an open thread and a received text, changed only where a test says.

export function threadFixture(overrides: Partial<ThreadSummary> = {}): ThreadSummary {
  return {
    id: 'th-1',
    facilityId: 'fac-1',
    customerNumber: '+19025550123',
    contactName: null,
    status: 'open',
    assignedTo: null,
    aiPausedUntil: null,
    snoozedUntil: null,
    needsHuman: false,
    optedOut: false,
    lastActivityAt: '2026-11-25T18:00:00.000Z',
    lastMessage: null,
    unreadCount: 0,
    ...overrides,
  };
}

export function detailFixture(overrides: Partial<ThreadDetail> = {}): ThreadDetail {
  return {
    ...threadFixture(),
    facilityName: 'Bedford',
    facilityNumber: '+19025550100',
    optedOutAt: null,
    notes: [],
    ...overrides,
  };
}

export function messageFixture(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: 'msg-1',
    threadId: 'th-1',
    direction: 'inbound',
    kind: 'customer',
    body: 'Is bay 3 free at 7?',
    status: 'received',
    sentBy: null,
    at: '2026-11-25T18:00:00.000Z',
    createdAt: '2026-11-25T18:00:00.000Z',
    attempts: 0,
    nextAttemptAt: null,
    error: null,
    deadLettered: false,
    ...overrides,
  };
}

export function noteFixture(overrides: Partial<NoteView> = {}): NoteView {
  return {
    id: 'note-1',
    threadId: 'th-1',
    author: { id: 'u1', name: 'Frankie Frontdesk' },
    body: 'Regular; usually books bay 3.',
    createdAt: '2026-11-25T18:00:30.000Z',
    ...overrides,
  };
}

/** A thread whose last activity is `minute` minutes past 18:00. */
export function threadAt(id: string, minute: number, overrides: Partial<ThreadSummary> = {}): ThreadSummary {
  const at = new Date(Date.parse('2026-11-25T18:00:00.000Z') + minute * 60_000).toISOString();
  return threadFixture({ id, lastActivityAt: at, ...overrides });
}
