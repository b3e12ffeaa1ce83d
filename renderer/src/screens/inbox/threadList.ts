import type { ThreadStatus } from '../../../../shared/sms.ts';
import type { ThreadSummary } from '../../../../shared/threads.ts';
import { isNewerEventId } from '../bays/boardState.ts';

/** What the thread list shows; each part is also a `threads.list` filter, so paging stays on the server. */
export type ThreadFilter = {
  /** Null: every facility the user works at. */
  facilityId: string | null;
  status: ThreadStatus | null;
  assignedToMe: boolean;
  unread: boolean;
  needsHuman: boolean;
};

export const allThreads: ThreadFilter = {
  facilityId: null,
  status: null,
  assignedToMe: false,
  unread: false,
  needsHuman: false,
};

/** Whether a thread belongs in the list under `filter`: the server's rule, for threads the stream tells of. */
export function matchesFilter(thread: ThreadSummary, filter: ThreadFilter, userId: string): boolean {
  if (filter.facilityId !== null && thread.facilityId !== filter.facilityId) return false;
  if (filter.status !== null && thread.status !== filter.status) return false;
  if (filter.assignedToMe && thread.assignedTo?.id !== userId) return false;
  if (filter.unread && thread.unreadCount === 0) return false;
  if (filter.needsHuman && !thread.needsHuman) return false;
  return true;
}

/** Newest activity first; the id breaks ties, as the server's keyset does. */
export function compareThreads(a: ThreadSummary, b: ThreadSummary): number {
  const at = compareInstants(b.lastActivityAt, a.lastActivityAt);
  if (at !== 0) return at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

const UTC_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * Orders two ISO times. The server sends `toISOString()` form, which sorts as text: a list of
 * ten thousand threads is sorted on every change, so this skips parsing dates when it can.
 */
function compareInstants(a: string, b: string): number {
  if (UTC_ISO.test(a) && UTC_ISO.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

type Known = {
  thread: ThreadSummary;
  /** The arrival count of the page request or stream event it came from: the later one wins. */
  seq: number;
  /** Set when it came from the stream; a replayed or older event never replaces a newer one. */
  eventId: string | null;
};

/**
 * The thread list: the pages of `threads.list` read under the current filter, with the
 * `threads.onEvent` changes that arrived after them laid over. Immutable, so React compares by
 * reference. The same arrival-order rule as the bay board (boardState.ts): a change that arrived
 * after a page was asked for may be newer than that page, so it wins; one that arrived before is
 * already in it.
 */
export type ThreadListState<Cursor> = {
  filter: ThreadFilter;
  /** Threads from pages, by id. */
  listed: ReadonlyMap<string, Known>;
  /** Threads from the stream, by id, whatever the filter (a filter change keeps them). */
  streamed: ReadonlyMap<string, Known>;
  /** Null until the first page of this filter has arrived. */
  firstPageSeq: number | null;
  /** The last thread of the last page: below it, the server has not been read yet. */
  frontier: ThreadSummary | null;
  /** Where the next page starts; null when every page is read. */
  nextCursor: Cursor | null;
  /** The token of the first-page request whose answer is awaited (a filter change or a reload). */
  pendingFirst: number | null;
  /** Arrivals so far: page requests and stream events. */
  seq: number;
};

export function emptyThreadList<Cursor>(filter: ThreadFilter = allThreads): ThreadListState<Cursor> {
  return {
    filter,
    listed: new Map(),
    streamed: new Map(),
    firstPageSeq: null,
    frontier: null,
    nextCursor: null,
    pendingFirst: null,
    seq: 0,
  };
}

/** Starts reading the list again from its top (the first load, a filter change, a reconnect). */
export function beginFirstPage<Cursor>(
  state: ThreadListState<Cursor>,
  filter: ThreadFilter,
): { state: ThreadListState<Cursor>; token: number } {
  const seq = state.seq + 1;
  const sameFilter = sameThreadFilter(filter, state.filter);
  return {
    state: sameFilter
      ? { ...state, seq, pendingFirst: seq }
      : // Another filter: what was listed no longer says anything about this list.
        {
          ...state,
          filter,
          listed: new Map(),
          firstPageSeq: null,
          frontier: null,
          nextCursor: null,
          seq,
          pendingFirst: seq,
        },
    token: seq,
  };
}

/** Starts reading the next page. */
export function beginNextPage<Cursor>(state: ThreadListState<Cursor>): {
  state: ThreadListState<Cursor>;
  token: number;
} {
  const seq = state.seq + 1;
  return { state: { ...state, seq }, token: seq };
}

export type ThreadPage<Cursor> = { threads: ThreadSummary[]; nextCursor: Cursor | null };

/**
 * The first page under `filter`, asked for with `token`. It replaces every page read before, and
 * paging starts afresh from it: those pages may be out of date (a reconnect), and keeping them
 * could hide a gap between them and the new first page.
 */
export function applyFirstPage<Cursor>(
  state: ThreadListState<Cursor>,
  token: number,
  filter: ThreadFilter,
  page: ThreadPage<Cursor>,
): ThreadListState<Cursor> {
  // An answer for another filter, or to an older request than the one awaited.
  if (!sameThreadFilter(filter, state.filter) || state.pendingFirst !== token) return state;
  const listed = new Map<string, Known>();
  for (const thread of page.threads) listed.set(thread.id, { thread, seq: token, eventId: null });
  return {
    ...state,
    listed,
    firstPageSeq: token,
    frontier: page.threads.at(-1) ?? null,
    nextCursor: page.nextCursor,
    pendingFirst: null,
  };
}

/** A later page, asked for with `token` after `cursor`; ignored if the list was read afresh since. */
export function applyNextPage<Cursor>(
  state: ThreadListState<Cursor>,
  token: number,
  filter: ThreadFilter,
  cursor: Cursor,
  page: ThreadPage<Cursor>,
): ThreadListState<Cursor> {
  if (!sameThreadFilter(filter, state.filter) || state.nextCursor !== cursor || state.pendingFirst !== null) {
    return state;
  }
  const listed = new Map(state.listed);
  for (const thread of page.threads) {
    const known = listed.get(thread.id);
    if (!known || known.seq < token) listed.set(thread.id, { thread, seq: token, eventId: null });
  }
  return { ...state, listed, frontier: page.threads.at(-1) ?? state.frontier, nextCursor: page.nextCursor };
}

/** A thread as the stream tells of it (`thread.changed`). Duplicates and older events change nothing. */
export function applyThreadChanged<Cursor>(
  state: ThreadListState<Cursor>,
  eventId: string,
  thread: ThreadSummary,
): ThreadListState<Cursor> {
  const known = state.streamed.get(thread.id);
  if (known?.eventId && !isNewerEventId(eventId, known.eventId)) return state;
  const seq = state.seq + 1;
  const streamed = new Map(state.streamed);
  streamed.set(thread.id, { thread, seq, eventId });
  return { ...state, streamed, seq };
}

/** This user read a thread (here or at another desk): only its unread count changes. */
export function applyThreadRead<Cursor>(
  state: ThreadListState<Cursor>,
  eventId: string,
  threadId: string,
  unreadCount: number,
): ThreadListState<Cursor> {
  const current = newest(state, threadId);
  if (!current) return state;
  if (current.eventId && !isNewerEventId(eventId, current.eventId)) return state;
  return applyThreadChanged(state, eventId, { ...current.thread, unreadCount });
}

/** The newest thing known of a thread, from a page or the stream. */
function newest<Cursor>(state: ThreadListState<Cursor>, threadId: string): Known | undefined {
  const listed = state.listed.get(threadId);
  const streamed = state.streamed.get(threadId);
  if (!listed) return streamed;
  if (!streamed) return listed;
  return streamed.seq > listed.seq ? streamed : listed;
}

export function findThread<Cursor>(
  state: ThreadListState<Cursor>,
  threadId: string,
): ThreadSummary | undefined {
  return newest(state, threadId)?.thread;
}

/**
 * The list as shown: each thread at its newest known state, only those the filter lets through,
 * newest activity first. Below the last page read, only the server knows what is there, so a
 * thread the stream tells of is shown only if it sorts above that point (or every page is read).
 */
export function threadListView<Cursor>(
  state: ThreadListState<Cursor>,
  userId: string,
): ThreadSummary[] | null {
  if (state.firstPageSeq === null) return null;
  const firstPageSeq = state.firstPageSeq;
  const shown: ThreadSummary[] = [];
  const seen = new Set<string>();
  const consider = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const known = newest(state, id);
    if (!known) return;
    // A change that arrived before this list was read is in it already, or no longer matches it.
    if (!state.listed.has(id) && known.seq <= firstPageSeq) return;
    const { thread } = known;
    if (!matchesFilter(thread, state.filter, userId)) return;
    if (!state.listed.has(id) && state.nextCursor !== null && state.frontier) {
      if (compareThreads(thread, state.frontier) > 0) return;
    }
    shown.push(thread);
  };
  for (const id of state.listed.keys()) consider(id);
  for (const id of state.streamed.keys()) consider(id);
  shown.sort(compareThreads);
  return shown;
}

export function sameThreadFilter(a: ThreadFilter, b: ThreadFilter): boolean {
  return (
    a.facilityId === b.facilityId &&
    a.status === b.status &&
    a.assignedToMe === b.assignedToMe &&
    a.unread === b.unread &&
    a.needsHuman === b.needsHuman
  );
}
