import { TRPCClientError } from '@trpc/client';
import { describe, expect, test, vi } from 'vitest';
import type { AiRunView } from '../../../../../shared/ai.ts';
import { runFixture } from './testRuns.ts';
import { ThreadRunsFeed } from './threadRunsFeed.ts';

function feedWith(answers: Array<AiRunView[] | Error>) {
  const query = vi.fn(async () => {
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  });
  const onUnauthorized = vi.fn();
  const feed = new ThreadRunsFeed({
    client: { ai: { threadRuns: { query } } },
    serverUrl: 'http://clubos.test',
    threadId: 'th-1',
    onUnauthorized,
  });
  return { feed, query, onUnauthorized };
}

describe('the open thread’s AI answers, live', () => {
  test('reads the runs, then lays the stream’s ai.run events for this thread over them', async () => {
    const { feed, query } = feedWith([[runFixture()]]);
    const seen = vi.fn();
    feed.subscribe(seen);
    await feed.read();
    expect(query).toHaveBeenCalledWith({ threadId: 'th-1' });
    expect(feed.getSnapshot().pending.map((run) => run.id)).toEqual(['run-1']);

    feed.applyEvent('7', { type: 'ai.run', threadId: 'th-1', run: runFixture({ id: 'run-2' }) });
    expect(feed.getSnapshot().pending.map((run) => run.id)).toEqual(['run-1', 'run-2']);
    const calls = seen.mock.calls.length;
    // Other events and other threads change nothing and wake no one.
    feed.applyEvent('8', { type: 'thread.read', threadId: 'th-1', unreadCount: 0 });
    feed.applyEvent('9', {
      type: 'ai.run',
      threadId: 'th-2',
      run: runFixture({ id: 'x', threadId: 'th-2' }),
    });
    expect(seen.mock.calls.length).toBe(calls);
  });

  test('a failed read says why and keeps what it showed; a refused session ends the feed', async () => {
    const { feed, onUnauthorized } = feedWith([
      [runFixture()],
      new Error('socket hang up'),
      TRPCClientError.from({
        error: { code: -32001, message: 'Sign in again', data: { code: 'UNAUTHORIZED' } },
      }),
    ]);
    await feed.read();
    await feed.read();
    expect(feed.getSnapshot().error).toBe('socket hang up');
    expect(feed.getSnapshot().pending).toHaveLength(1);
    await feed.read();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  test('this desk’s approve answer and flag show at once', async () => {
    const { feed } = feedWith([[runFixture()]]);
    await feed.read();
    feed.applyOwn(runFixture({ state: 'sent', replyMessageId: 'out-1' }));
    expect(feed.getSnapshot().pending).toEqual([]);
    feed.markFlagged('run-1');
    expect(feed.getSnapshot().byReplyMessage.get('out-1')?.flagged).toBe(true);
  });
});
