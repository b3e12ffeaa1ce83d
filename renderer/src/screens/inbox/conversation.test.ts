import { describe, expect, test } from 'vitest';
import {
  applyMessage,
  applyNote,
  applyOlder,
  applyRead,
  applySummary,
  beginOlder,
  beginRead,
  type ConversationState,
  conversationThread,
  emptyConversation,
  timeline,
} from './conversation.ts';
import { detailFixture, messageFixture, noteFixture, threadFixture } from './testThreads.ts';

const at = (second: number) => new Date(Date.parse('2026-11-25T18:00:00.000Z') + second * 1000).toISOString();

function opened(messages = [messageFixture()], olderCursor: string | null = null): ConversationState<string> {
  const started = beginRead(emptyConversation<string>('th-1'));
  return applyRead(started.state, started.token, detailFixture(), { messages, olderCursor });
}

describe('the open thread', () => {
  test('messages in the provider’s order, whatever order they arrived in, with notes among them by time', () => {
    let state = opened([messageFixture({ id: 'm2', at: at(20) })]);
    state = applyMessage(state, '5', messageFixture({ id: 'm3', at: at(40) }));
    // Delivered late, but the provider saw it first.
    state = applyMessage(state, '6', messageFixture({ id: 'm1', at: at(10) }));
    state = applyNote(state, noteFixture({ id: 'n1', createdAt: at(30) }));
    expect(timeline(state).map((item) => item.id)).toEqual(['m1', 'm2', 'n1', 'm3']);
  });

  test('equal provider times fall back to when ClubOS stored them', () => {
    let state = opened([]);
    state = applyMessage(state, '1', messageFixture({ id: 'b', at: at(5), createdAt: at(9) }));
    state = applyMessage(state, '2', messageFixture({ id: 'a', at: at(5), createdAt: at(7) }));
    expect(timeline(state).map((item) => item.id)).toEqual(['a', 'b']);
  });

  test('a status update replaces the message; a replayed older one does not take it back', () => {
    const queued = messageFixture({ id: 'out', direction: 'outbound', kind: 'staff', status: 'queued' });
    let state = applyMessage(opened([]), '10', queued);
    state = applyMessage(state, '12', { ...queued, status: 'delivered' });
    state = applyMessage(state, '11', { ...queued, status: 'sent' });
    expect(timeline(state)[0]).toMatchObject({ message: { status: 'delivered' } });
  });

  test('the send’s own answer shows the message at once, but never overrides what the stream said', () => {
    const queued = messageFixture({ id: 'out', direction: 'outbound', kind: 'staff', status: 'queued' });
    let state = applyMessage(opened([]), null, queued);
    expect(timeline(state)).toHaveLength(1);
    state = applyMessage(state, '20', { ...queued, status: 'sent' });
    const after = applyMessage(state, null, queued);
    expect(after).toBe(state);
  });

  test('messages of other threads are ignored', () => {
    const state = opened([]);
    expect(applyMessage(state, '1', messageFixture({ threadId: 'other' }))).toBe(state);
    expect(applyNote(state, noteFixture({ threadId: 'other' }))).toBe(state);
  });

  test('older pages add to the top; an answer for a cursor already used is ignored', () => {
    let state = opened([messageFixture({ id: 'm3', at: at(30) })], 'c1');
    const older = beginOlder(state);
    state = applyOlder(older.state, older.token, 'c1', {
      messages: [messageFixture({ id: 'm1', at: at(10) }), messageFixture({ id: 'm2', at: at(20) })],
      olderCursor: null,
    });
    expect(timeline(state).map((item) => item.id)).toEqual(['m1', 'm2', 'm3']);
    expect(state.olderCursor).toBeNull();
    expect(applyOlder(state, older.token, 'c1', { messages: [], olderCursor: 'c0' })).toBe(state);
  });

  test('a re-read after a reconnect keeps the older pages already shown', () => {
    let state = opened([messageFixture({ id: 'm3', at: at(30) })], 'c1');
    const older = beginOlder(state);
    state = applyOlder(older.state, older.token, 'c1', {
      messages: [messageFixture({ id: 'm1', at: at(10) })],
      olderCursor: null,
    });
    const again = beginRead(state);
    state = applyRead(again.state, again.token, detailFixture(), {
      messages: [messageFixture({ id: 'm3', at: at(30) }), messageFixture({ id: 'm4', at: at(40) })],
      olderCursor: 'c9',
    });
    expect(timeline(state).map((item) => item.id)).toEqual(['m1', 'm3', 'm4']);
    expect(state.olderCursor).toBeNull();
  });

  test('the header follows the stream: an opt-out the stream tells of shows at once', () => {
    let state = opened();
    expect(conversationThread(state)?.optedOut).toBe(false);
    state = applySummary(
      state,
      '70',
      threadFixture({ optedOut: true, status: 'open', lastActivityAt: '2026-11-25T18:05:00.000Z' }),
    );
    const thread = conversationThread(state);
    expect(thread).toMatchObject({
      optedOut: true,
      optedOutAt: '2026-11-25T18:05:00.000Z',
      facilityName: 'Bedford',
    });
    // A later read, which knows the real time, wins over the stream's earlier word.
    const again = beginRead(state);
    state = applyRead(again.state, again.token, detailFixture({ optedOut: true, optedOutAt: at(290) }), {
      messages: [],
      olderCursor: null,
    });
    expect(conversationThread(state)?.optedOutAt).toBe(at(290));
  });
});
