import { describe, expect, test } from 'vitest';
import type { ThreadSummary } from '../../../../shared/threads.ts';
import { threadAt } from './testThreads.ts';
import {
  allThreads,
  applyFirstPage,
  applyNextPage,
  applyThreadChanged,
  applyThreadRead,
  beginFirstPage,
  beginNextPage,
  compareThreads,
  emptyThreadList,
  matchesFilter,
  type ThreadFilter,
  type ThreadListState,
  threadListView,
} from './threadList.ts';

const me = 'user-me';
const ids = (view: ThreadSummary[] | null) => view?.map((thread) => thread.id);

function listed(
  threads: ThreadSummary[],
  nextCursor: string | null = null,
  filter: ThreadFilter = allThreads,
): ThreadListState<string> {
  const started = beginFirstPage(emptyThreadList<string>(filter), filter);
  return applyFirstPage(started.state, started.token, filter, { threads, nextCursor });
}

describe('ordering', () => {
  test('newest activity first; the id breaks ties the way the server’s keyset does', () => {
    const threads = [threadAt('a', 1), threadAt('c', 5), threadAt('b', 5)];
    expect(threads.sort(compareThreads).map((thread) => thread.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('the thread list', () => {
  test('shows nothing until the first page has arrived, then that page', () => {
    const started = beginFirstPage(emptyThreadList<string>(), allThreads);
    expect(threadListView(started.state, me)).toBeNull();
    const state = applyFirstPage(started.state, started.token, allThreads, {
      threads: [threadAt('b', 2), threadAt('a', 1)],
      nextCursor: null,
    });
    expect(ids(threadListView(state, me))).toEqual(['b', 'a']);
  });

  test('a new customer’s thread from the stream goes on top; a thread with new activity moves up', () => {
    let state = listed([threadAt('b', 2), threadAt('a', 1)]);
    state = applyThreadChanged(state, '10', threadAt('new', 3, { unreadCount: 1 }));
    expect(ids(threadListView(state, me))).toEqual(['new', 'b', 'a']);
    state = applyThreadChanged(state, '11', threadAt('a', 4, { unreadCount: 2 }));
    const view = threadListView(state, me);
    expect(ids(view)).toEqual(['a', 'new', 'b']);
    expect(view?.[0]?.unreadCount).toBe(2);
  });

  test('a replayed or older event changes nothing (a resume after reconnecting)', () => {
    let state = listed([threadAt('a', 1)]);
    state = applyThreadChanged(state, '20', threadAt('a', 5, { status: 'resolved' }));
    const before = state;
    expect(applyThreadChanged(state, '20', threadAt('a', 5))).toBe(before);
    expect(applyThreadChanged(state, '19', threadAt('a', 4, { status: 'open' }))).toBe(before);
    // Compared as numbers, not text: 100 is newer than 20.
    state = applyThreadChanged(state, '100', threadAt('a', 6, { status: 'pending' }));
    expect(threadListView(state, me)?.[0]?.status).toBe('pending');
  });

  test('a change that arrived before the page was asked for does not override the page', () => {
    let state = emptyThreadList<string>();
    state = applyThreadChanged(state, '5', threadAt('a', 1, { status: 'open', unreadCount: 3 }));
    const started = beginFirstPage(state, allThreads);
    state = applyFirstPage(started.state, started.token, allThreads, {
      threads: [threadAt('a', 1, { status: 'resolved', unreadCount: 0 })],
      nextCursor: null,
    });
    expect(threadListView(state, me)).toEqual([threadAt('a', 1, { status: 'resolved', unreadCount: 0 })]);
  });

  test('a change that arrived while the page was on its way wins over it', () => {
    const started = beginFirstPage(emptyThreadList<string>(), allThreads);
    let state = applyThreadChanged(started.state, '7', threadAt('a', 3, { unreadCount: 1 }));
    state = applyFirstPage(state, started.token, allThreads, {
      threads: [threadAt('a', 1)],
      nextCursor: null,
    });
    expect(threadListView(state, me)?.[0]?.unreadCount).toBe(1);
  });

  test('under a filter, a thread that stops matching leaves and one that starts matching arrives', () => {
    const filter: ThreadFilter = { ...allThreads, status: 'open' };
    let state = listed([threadAt('a', 2), threadAt('b', 1)], null, filter);
    state = applyThreadChanged(state, '30', threadAt('a', 2, { status: 'resolved' }));
    expect(ids(threadListView(state, me))).toEqual(['b']);
    state = applyThreadChanged(state, '31', threadAt('a', 6, { status: 'open' }));
    expect(ids(threadListView(state, me))).toEqual(['a', 'b']);
  });

  test('with pages still unread below, a streamed thread that sorts below them waits for its page', () => {
    let state = listed([threadAt('d', 40), threadAt('c', 30)], 'cursor-1');
    // Older than the last listed thread: the server's next page will hold it, in its place.
    state = applyThreadChanged(state, '40', threadAt('x', 10, { status: 'pending' }));
    expect(ids(threadListView(state, me))).toEqual(['d', 'c']);
    const next = beginNextPage(state);
    state = applyNextPage(next.state, next.token, allThreads, 'cursor-1', {
      threads: [threadAt('b', 20), threadAt('x', 10, { status: 'pending' })],
      nextCursor: null,
    });
    expect(ids(threadListView(state, me))).toEqual(['d', 'c', 'b', 'x']);
  });

  test('a next page for an old cursor (the list was read afresh meanwhile) is ignored', () => {
    let state = listed([threadAt('d', 40)], 'cursor-1');
    const next = beginNextPage(state);
    const reread = beginFirstPage(next.state, allThreads);
    state = applyFirstPage(reread.state, reread.token, allThreads, {
      threads: [threadAt('e', 50)],
      nextCursor: 'cursor-2',
    });
    const after = applyNextPage(state, next.token, allThreads, 'cursor-1', {
      threads: [threadAt('old', 1)],
      nextCursor: null,
    });
    expect(after).toBe(state);
  });

  test('an answer for a filter that is no longer chosen is ignored; the stream’s threads stay known', () => {
    let state = listed([threadAt('a', 1)]);
    state = applyThreadChanged(state, '50', threadAt('n', 9, { needsHuman: true }));
    const first = beginFirstPage(state, { ...allThreads, unread: true });
    const second = beginFirstPage(first.state, { ...allThreads, needsHuman: true });
    state = applyFirstPage(
      second.state,
      first.token,
      { ...allThreads, unread: true },
      {
        threads: [threadAt('u', 3)],
        nextCursor: null,
      },
    );
    expect(threadListView(state, me)).toBeNull();
    state = applyFirstPage(
      state,
      second.token,
      { ...allThreads, needsHuman: true },
      {
        threads: [threadAt('n', 9, { needsHuman: true })],
        nextCursor: null,
      },
    );
    expect(ids(threadListView(state, me))).toEqual(['n']);
  });

  test('reading a thread (here or at another desk) clears its unread count and keeps its place', () => {
    let state = listed([threadAt('b', 2, { unreadCount: 2 }), threadAt('a', 1)]);
    state = applyThreadRead(state, '60', 'b', 0);
    const view = threadListView(state, me);
    expect(ids(view)).toEqual(['b', 'a']);
    expect(view?.[0]?.unreadCount).toBe(0);
    expect(applyThreadRead(state, '61', 'unknown', 0)).toBe(state);
  });

  test('each filter matches as the server filters', () => {
    const thread = threadAt('a', 1, {
      facilityId: 'fac-2',
      status: 'pending',
      assignedTo: { id: me, name: 'Me' },
      unreadCount: 1,
      needsHuman: true,
    });
    expect(matchesFilter(thread, allThreads, me)).toBe(true);
    expect(matchesFilter(thread, { ...allThreads, facilityId: 'fac-1' }, me)).toBe(false);
    expect(matchesFilter(thread, { ...allThreads, status: 'open' }, me)).toBe(false);
    expect(matchesFilter(thread, { ...allThreads, assignedToMe: true }, 'someone-else')).toBe(false);
    expect(matchesFilter({ ...thread, unreadCount: 0 }, { ...allThreads, unread: true }, me)).toBe(false);
    expect(matchesFilter({ ...thread, needsHuman: false }, { ...allThreads, needsHuman: true }, me)).toBe(
      false,
    );
    expect(
      matchesFilter(
        thread,
        { facilityId: 'fac-2', status: 'pending', assignedToMe: true, unread: true, needsHuman: true },
        me,
      ),
    ).toBe(true);
  });
});
