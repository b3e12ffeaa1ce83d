import type { MessageView, NoteView, ThreadDetail, ThreadSummary } from '../../../../shared/threads.ts';
import { isNewerEventId } from '../bays/boardState.ts';

type Known<T> = {
  value: T;
  /** Arrival count of the read or event it came from: the later arrival wins. */
  seq: number;
  eventId: string | null;
};

/**
 * One open thread: what `threads.get` returned (its pages, oldest loaded last), with the
 * `threads.onEvent` changes for it that arrived after laid over, by the same arrival-order rule as
 * the thread list. Immutable.
 */
export type ConversationState<Cursor> = {
  threadId: string;
  detail: ThreadDetail | null;
  /** Null until the first `threads.get` answer. */
  detailSeq: number | null;
  /** The thread as the stream last told of it (status, assignee, AI pause, opt-out). */
  summary: Known<ThreadSummary> | null;
  messages: ReadonlyMap<string, Known<MessageView>>;
  notes: ReadonlyMap<string, NoteView>;
  /** Where the next older page starts; null when the thread's beginning is loaded. */
  olderCursor: Cursor | null;
  pendingFirst: number | null;
  seq: number;
};

export function emptyConversation<Cursor>(threadId: string): ConversationState<Cursor> {
  return {
    threadId,
    detail: null,
    detailSeq: null,
    summary: null,
    messages: new Map(),
    notes: new Map(),
    olderCursor: null,
    pendingFirst: null,
    seq: 0,
  };
}

export type ConversationPage<Cursor> = { messages: MessageView[]; olderCursor: Cursor | null };

export function beginRead<Cursor>(state: ConversationState<Cursor>): {
  state: ConversationState<Cursor>;
  token: number;
} {
  const seq = state.seq + 1;
  return { state: { ...state, seq, pendingFirst: seq }, token: seq };
}

export function beginOlder<Cursor>(state: ConversationState<Cursor>): {
  state: ConversationState<Cursor>;
  token: number;
} {
  const seq = state.seq + 1;
  return { state: { ...state, seq }, token: seq };
}

function putMessages<Cursor>(
  state: ConversationState<Cursor>,
  messages: readonly MessageView[],
  token: number,
): Map<string, Known<MessageView>> {
  const next = new Map(state.messages);
  for (const message of messages) {
    const known = next.get(message.id);
    if (!known || known.seq < token) next.set(message.id, { value: message, seq: token, eventId: null });
  }
  return next;
}

/** The newest page of the thread, with its detail and notes. */
export function applyRead<Cursor>(
  state: ConversationState<Cursor>,
  token: number,
  detail: ThreadDetail,
  page: ConversationPage<Cursor>,
): ConversationState<Cursor> {
  if (state.pendingFirst !== token || detail.id !== state.threadId) return state;
  const notes = new Map(state.notes);
  for (const note of detail.notes) notes.set(note.id, note);
  const first = state.detailSeq === null;
  return {
    ...state,
    detail,
    detailSeq: token,
    messages: putMessages(state, page.messages, token),
    notes,
    // A re-read keeps the older pages already shown, and where to read on from them.
    olderCursor: first ? page.olderCursor : state.olderCursor,
    pendingFirst: null,
  };
}

export function applyOlder<Cursor>(
  state: ConversationState<Cursor>,
  token: number,
  cursor: Cursor,
  page: ConversationPage<Cursor>,
): ConversationState<Cursor> {
  if (state.olderCursor !== cursor) return state;
  return { ...state, messages: putMessages(state, page.messages, token), olderCursor: page.olderCursor };
}

/** A message created or updated, as the stream or a send's answer tells of it. */
export function applyMessage<Cursor>(
  state: ConversationState<Cursor>,
  eventId: string | null,
  message: MessageView,
): ConversationState<Cursor> {
  if (message.threadId !== state.threadId) return state;
  const known = state.messages.get(message.id);
  if (known?.eventId && eventId && !isNewerEventId(eventId, known.eventId)) return state;
  // A send's answer never overrides what the stream has already said of that message.
  if (known?.eventId && !eventId) return state;
  const seq = state.seq + 1;
  const messages = new Map(state.messages);
  messages.set(message.id, { value: message, seq, eventId });
  return { ...state, messages, seq };
}

export function applyNote<Cursor>(
  state: ConversationState<Cursor>,
  note: NoteView,
): ConversationState<Cursor> {
  if (note.threadId !== state.threadId || state.notes.has(note.id)) return state;
  const notes = new Map(state.notes);
  notes.set(note.id, note);
  return { ...state, notes };
}

export function applySummary<Cursor>(
  state: ConversationState<Cursor>,
  eventId: string | null,
  thread: ThreadSummary,
): ConversationState<Cursor> {
  if (thread.id !== state.threadId) return state;
  const known = state.summary;
  if (known?.eventId && eventId && !isNewerEventId(eventId, known.eventId)) return state;
  const seq = state.seq + 1;
  return { ...state, summary: { value: thread, seq, eventId }, seq };
}

/**
 * The thread's header facts at their newest: the detail read by `threads.get`, with the stream's
 * newer summary over it. Null until the first read.
 */
export function conversationThread<Cursor>(state: ConversationState<Cursor>): ThreadDetail | null {
  const { detail, detailSeq, summary } = state;
  if (!detail || detailSeq === null) return null;
  if (!summary || summary.seq < detailSeq) return detail;
  const fresh = summary.value;
  return {
    ...detail,
    ...fresh,
    // The summary says only whether; keep when, or say "now" for an opt-out the stream just told of.
    optedOutAt: fresh.optedOut ? (detail.optedOutAt ?? fresh.lastActivityAt) : null,
  };
}

export type TimelineItem =
  | { kind: 'message'; id: string; at: string; message: MessageView }
  | { kind: 'note'; id: string; at: string; note: NoteView };

/**
 * Messages in the order the provider saw them (`at`), with private notes among them by when they
 * were written. Oldest first, as a conversation reads.
 */
export function timeline<Cursor>(state: ConversationState<Cursor>): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const { value } of state.messages.values()) {
    items.push({ kind: 'message', id: value.id, at: value.at, message: value });
  }
  for (const note of state.notes.values()) {
    items.push({ kind: 'note', id: note.id, at: note.createdAt, note });
  }
  items.sort(compareTimeline);
  return items;
}

function compareTimeline(a: TimelineItem, b: TimelineItem): number {
  const at = Date.parse(a.at) - Date.parse(b.at);
  if (at !== 0) return at;
  const created = Date.parse(createdAt(a)) - Date.parse(createdAt(b));
  if (created !== 0) return created;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const createdAt = (item: TimelineItem) =>
  item.kind === 'message' ? item.message.createdAt : item.note.createdAt;
