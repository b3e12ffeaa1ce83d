import type { AiRunView } from '../../../../../shared/ai.ts';

// A builder for the AI unit tests: a Booking draft in thread th-1, changed only where a test says.

export function runFixture(overrides: Partial<AiRunView> = {}): AiRunView {
  return {
    id: 'run-1',
    threadId: 'th-1',
    triggerMessageId: 'msg-1',
    kind: 'reply',
    state: 'draft',
    agent: 'booking',
    emergency: false,
    via: 'offline',
    routeConfidence: 0.82,
    mode: 'draft',
    query: 'My door code is not working',
    body: 'Your door code arrives by text 15 minutes before your booking.',
    finalBody: null,
    reason: 'No AI model is configured, so this was drafted from the SOPs.',
    replyMessageId: null,
    provenance: {
      sopSections: [
        {
          sectionId: 'sec-1',
          documentId: 'doc-1',
          path: 'booking/door-access.md',
          heading: 'Door code not working',
          version: 1,
        },
      ],
      model: null,
      promptTokens: 0,
      cachedTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      latencyMs: null,
    },
    resetOffer: null,
    decidedBy: null,
    decidedAt: null,
    flagged: false,
    createdAt: '2026-11-25T18:00:05.000Z',
    ...overrides,
  };
}
