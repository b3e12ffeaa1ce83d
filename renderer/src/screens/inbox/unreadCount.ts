type Count = { unread: number; seq: number };

/**
 * How many conversations have messages this user has not read, for the Inbox's badge: every
 * unread thread read from `threads.list({ unread: true })`, with the unread counts the stream
 * carries (`thread.changed`, `thread.read`) laid over by arrival order, as the thread list does.
 */
export type UnreadState = {
  /** Null until the unread threads have been read. */
  listed: ReadonlyMap<string, Count> | null;
  listSeq: number;
  /** More unread threads exist than were read: the badge says "N+". */
  capped: boolean;
  streamed: ReadonlyMap<string, Count>;
  seq: number;
};

export const emptyUnread: UnreadState = {
  listed: null,
  listSeq: 0,
  capped: false,
  streamed: new Map(),
  seq: 0,
};

export function beginUnreadList(state: UnreadState): { state: UnreadState; token: number } {
  const seq = state.seq + 1;
  return { state: { ...state, seq }, token: seq };
}

export function applyUnreadList(
  state: UnreadState,
  token: number,
  threads: readonly { id: string; unreadCount: number }[],
  capped: boolean,
): UnreadState {
  if (state.listed !== null && token < state.listSeq) return state;
  const listed = new Map<string, Count>();
  for (const thread of threads) listed.set(thread.id, { unread: thread.unreadCount, seq: token });
  return { ...state, listed, listSeq: token, capped };
}

export function applyUnreadChange(state: UnreadState, threadId: string, unread: number): UnreadState {
  const seq = state.seq + 1;
  const streamed = new Map(state.streamed);
  streamed.set(threadId, { unread, seq });
  return { ...state, streamed, seq };
}

/** Conversations with unread messages; null until known. */
export function unreadThreads(state: UnreadState): { count: number; capped: boolean } | null {
  if (state.listed === null) return null;
  let count = 0;
  const ids = new Set([...state.listed.keys(), ...state.streamed.keys()]);
  for (const id of ids) {
    const listed = state.listed.get(id);
    const streamed = state.streamed.get(id);
    // A change that arrived before the list was asked for is in the list, or out of date.
    const fresh = streamed && streamed.seq > state.listSeq ? streamed : undefined;
    const unread = fresh?.unread ?? listed?.unread ?? 0;
    if (unread > 0) count += 1;
  }
  return { count, capped: state.capped };
}
