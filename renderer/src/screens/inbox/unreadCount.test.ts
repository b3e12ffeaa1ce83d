import { describe, expect, test } from 'vitest';
import {
  applyUnreadChange,
  applyUnreadList,
  beginUnreadList,
  emptyUnread,
  unreadThreads,
} from './unreadCount.ts';

describe('the unread badge', () => {
  test('unknown until the unread threads are read, then counts conversations, not messages', () => {
    expect(unreadThreads(emptyUnread)).toBeNull();
    const started = beginUnreadList(emptyUnread);
    const state = applyUnreadList(
      started.state,
      started.token,
      [
        { id: 'a', unreadCount: 3 },
        { id: 'b', unreadCount: 1 },
      ],
      false,
    );
    expect(unreadThreads(state)).toEqual({ count: 2, capped: false });
  });

  test('follows the stream: new texts add a conversation, reading one takes it off', () => {
    const started = beginUnreadList(emptyUnread);
    let state = applyUnreadList(started.state, started.token, [{ id: 'a', unreadCount: 1 }], false);
    state = applyUnreadChange(state, 'b', 1);
    state = applyUnreadChange(state, 'b', 2);
    expect(unreadThreads(state)?.count).toBe(2);
    state = applyUnreadChange(state, 'a', 0);
    expect(unreadThreads(state)?.count).toBe(1);
  });

  test('a change from before the list was asked for is already in the list', () => {
    let state = applyUnreadChange(emptyUnread, 'a', 4);
    const started = beginUnreadList(state);
    state = applyUnreadList(started.state, started.token, [], false);
    expect(unreadThreads(state)?.count).toBe(0);
  });

  test('more unread threads than it reads: says so', () => {
    const started = beginUnreadList(emptyUnread);
    const state = applyUnreadList(started.state, started.token, [{ id: 'a', unreadCount: 1 }], true);
    expect(unreadThreads(state)).toEqual({ count: 1, capped: true });
  });
});
