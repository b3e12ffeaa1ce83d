import { describe, expect, test } from 'vitest';
import {
  applyFlagged,
  applyOwnRun,
  applyRead,
  applyRunEvent,
  beginRead,
  emptyRuns,
  type RunsState,
  runsView,
} from './aiRuns.ts';
import { runFixture } from './testRuns.ts';

const at = (second: number) => new Date(Date.parse('2026-11-25T18:00:00.000Z') + second * 1000).toISOString();

function loaded(runs = [runFixture()]): RunsState {
  const started = beginRead(emptyRuns('th-1'));
  return applyRead(started.state, started.token, runs);
}

describe('a thread’s AI answers', () => {
  test('drafts and shadow answers wait on staff, oldest first; the rest are history, newest first', () => {
    const state = loaded([
      runFixture({ id: 'late-draft', createdAt: at(30) }),
      runFixture({ id: 'shadow', state: 'shadow', createdAt: at(20) }),
      runFixture({ id: 'old-sent', state: 'sent', replyMessageId: 'out-1', createdAt: at(1) }),
      runFixture({ id: 'handed', state: 'handed_off', createdAt: at(10) }),
    ]);
    const view = runsView(state);
    expect(view.loaded).toBe(true);
    expect(view.pending.map((run) => run.id)).toEqual(['shadow', 'late-draft']);
    expect(view.decided.map((run) => run.id)).toEqual(['handed', 'old-sent']);
    expect(view.byReplyMessage.get('out-1')?.id).toBe('old-sent');
  });

  test('nothing is loaded until the first read answers', () => {
    expect(runsView(emptyRuns('th-1')).loaded).toBe(false);
  });

  test('a new draft from the stream shows at once; runs of other threads are ignored', () => {
    let state = loaded([]);
    state = applyRunEvent(state, '5', runFixture({ id: 'new' }));
    expect(runsView(state).pending.map((run) => run.id)).toEqual(['new']);
    expect(applyRunEvent(state, '6', runFixture({ id: 'x', threadId: 'other' }))).toBe(state);
  });

  test('a sent draft leaves the pending list, and a replayed older event does not bring it back', () => {
    let state = loaded();
    state = applyRunEvent(state, '10', runFixture({ state: 'sent', replyMessageId: 'out-1' }));
    state = applyRunEvent(state, '9', runFixture());
    const view = runsView(state);
    expect(view.pending).toEqual([]);
    expect(view.byReplyMessage.get('out-1')?.state).toBe('sent');
  });

  test('a decision never goes back to a draft, even from a newer-looking event id', () => {
    let state = applyRunEvent(loaded([]), '10', runFixture({ state: 'discarded' }));
    state = applyRunEvent(state, '11', runFixture({ state: 'draft' }));
    expect(runsView(state).decided.map((run) => run.state)).toEqual(['discarded']);
  });

  test('the approve answer shows the send at once; a stream copy already there is kept', () => {
    let state = loaded();
    state = applyOwnRun(state, runFixture({ state: 'sent', replyMessageId: 'out-1' }));
    expect(runsView(state).pending).toEqual([]);

    let streamed = applyRunEvent(loaded(), '20', runFixture({ state: 'sent', flagged: true }));
    const after = applyOwnRun(streamed, runFixture({ state: 'sent' }));
    expect(after).toBe(streamed);
    streamed = applyOwnRun(streamed, runFixture({ state: 'draft' }));
    expect(runsView(streamed).pending).toEqual([]);
  });

  test('a read that began before an event keeps what the event said; a read after it wins', () => {
    const started = beginRead(loaded([]));
    let state = applyRunEvent(started.state, '30', runFixture({ state: 'sent' }));
    state = applyRead(state, started.token, [runFixture({ state: 'draft' })]);
    expect(runsView(state).decided.map((run) => run.state)).toEqual(['sent']);

    const again = beginRead(state);
    const reread = applyRead(again.state, again.token, [runFixture({ state: 'sent', reason: 'updated' })]);
    expect(runsView(reread).decided[0]?.reason).toBe('updated');
  });

  test('an answer out of an older, superseded read is dropped', () => {
    const first = beginRead(emptyRuns('th-1'));
    const second = beginRead(first.state);
    const state = applyRead(second.state, first.token, [runFixture()]);
    expect(state).toBe(second.state);
  });

  test('a flag is never unset by a copy that has not heard of it', () => {
    let state = applyFlagged(loaded([runFixture({ state: 'sent' })]), 'run-1');
    state = applyRunEvent(state, '40', runFixture({ state: 'sent', flagged: false }));
    expect(runsView(state).decided[0]?.flagged).toBe(true);
  });
});
