import type { AiRunState, AiRunView } from '../../../../../shared/ai.ts';
import { isNewerEventId } from '../../bays/boardState.ts';

type Known = {
  run: AiRunView;
  /** Arrival count of the read, event or answer it came from. */
  seq: number;
  eventId: string | null;
};

/**
 * A thread's AI answers: what `ai.threadRuns` returned, with the `ai.run` events for the thread
 * and this desk's own approve/discard answers laid over. An answer only moves forward (a draft is
 * sent or discarded, never the other way), so a late copy of an older state never takes a
 * decision back; a flag is never unset. Immutable.
 */
export type RunsState = {
  threadId: string;
  runs: ReadonlyMap<string, Known>;
  /** Null until the first `ai.threadRuns` answer. */
  loadedSeq: number | null;
  pendingRead: number | null;
  seq: number;
};

export function emptyRuns(threadId: string): RunsState {
  return { threadId, runs: new Map(), loadedSeq: null, pendingRead: null, seq: 0 };
}

/** Waiting on staff: a draft to approve, or a shadow answer staff may still send. */
export function isPending(state: AiRunState): boolean {
  return state === 'draft' || state === 'shadow';
}

const progress = (run: AiRunView) => (isPending(run.state) ? 0 : 1);

function put(state: RunsState, run: AiRunView, seq: number, eventId: string | null): RunsState {
  const known = state.runs.get(run.id);
  const runs = new Map(state.runs);
  runs.set(run.id, { run: { ...run, flagged: run.flagged || Boolean(known?.run.flagged) }, seq, eventId });
  return { ...state, runs };
}

export function beginRead(state: RunsState): { state: RunsState; token: number } {
  const seq = state.seq + 1;
  return { state: { ...state, seq, pendingRead: seq }, token: seq };
}

/** The thread's newest runs. One that changed after the read began keeps what it was told since. */
export function applyRead(state: RunsState, token: number, runs: readonly AiRunView[]): RunsState {
  if (state.pendingRead !== token) return state;
  let next: RunsState = { ...state, pendingRead: null, loadedSeq: token };
  for (const run of runs) {
    if (run.threadId !== state.threadId) continue;
    const known = next.runs.get(run.id);
    const newer =
      !known ||
      progress(run) > progress(known.run) ||
      (progress(run) === progress(known.run) && known.seq < token);
    if (newer) next = put(next, run, token, null);
  }
  return next;
}

/** A run created or changed, as the `ai.run` event tells of it. */
export function applyRunEvent(state: RunsState, eventId: string, run: AiRunView): RunsState {
  if (run.threadId !== state.threadId) return state;
  const known = state.runs.get(run.id);
  if (known && progress(run) < progress(known.run)) return state;
  if (known?.eventId && !isNewerEventId(eventId, known.eventId)) return state;
  const seq = state.seq + 1;
  return { ...put(state, run, seq, eventId), seq };
}

/** The server's answer to this desk's approve or discard: shown at once, unless the stream already said more. */
export function applyOwnRun(state: RunsState, run: AiRunView): RunsState {
  if (run.threadId !== state.threadId) return state;
  const known = state.runs.get(run.id);
  if (known && progress(run) < progress(known.run)) return state;
  if (known?.eventId && progress(run) === progress(known.run)) return state;
  const seq = state.seq + 1;
  return { ...put(state, run, seq, null), seq };
}

/** Marks an answer flagged once the server has taken the flag (its event may come a moment later). */
export function applyFlagged(state: RunsState, runId: string): RunsState {
  const known = state.runs.get(runId);
  if (!known || known.run.flagged) return state;
  const runs = new Map(state.runs);
  runs.set(runId, { ...known, run: { ...known.run, flagged: true } });
  return { ...state, runs };
}

export type RunsView = {
  loaded: boolean;
  /** Drafts and shadow answers waiting on staff, oldest first (the order they were asked). */
  pending: AiRunView[];
  /** What became of the others, newest first. */
  decided: AiRunView[];
  /** Each answer that went out, by the message it was sent as. */
  byReplyMessage: ReadonlyMap<string, AiRunView>;
};

export function runsView(state: RunsState): RunsView {
  const all = [...state.runs.values()].map((known) => known.run);
  all.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : 1));
  const byReplyMessage = new Map<string, AiRunView>();
  for (const run of all) if (run.replyMessageId) byReplyMessage.set(run.replyMessageId, run);
  return {
    loaded: state.loadedSeq !== null,
    pending: all.filter((run) => isPending(run.state)),
    decided: all.filter((run) => !isPending(run.state)).reverse(),
    byReplyMessage,
  };
}
