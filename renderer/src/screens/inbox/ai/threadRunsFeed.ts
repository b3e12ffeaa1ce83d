import type { AiRunView } from '../../../../../shared/ai.ts';
import type { ThreadEvent } from '../../../../../shared/threads.ts';
import { describeError, isUnauthorized } from '../../../api/errors.ts';
import { ExternalStore } from '../../../live/externalStore.ts';
import {
  applyFlagged,
  applyOwnRun,
  applyRead,
  applyRunEvent,
  beginRead,
  emptyRuns,
  type RunsState,
  type RunsView,
  runsView,
} from './aiRuns.ts';

/** The procedure the feed reads; the tRPC client satisfies it, and tests pass a hand-written fake. */
export type ThreadRunsClient = {
  ai: { threadRuns: { query(input: { threadId: string }): Promise<AiRunView[]> } };
};

export type ThreadRunsSnapshot = RunsView & {
  /** Why the runs could not be read; what was shown stays. */
  error: string | null;
};

/**
 * One open thread's AI answers, live: `ai.threadRuns` when the thread opens and after each
 * reconnect of the inbox stream, with the stream's `ai.run` events for it laid in as they come.
 */
export class ThreadRunsFeed extends ExternalStore<ThreadRunsSnapshot> {
  private state: RunsState;
  private error: string | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      client: ThreadRunsClient;
      serverUrl: string;
      threadId: string;
      onUnauthorized(): void;
    },
  ) {
    const state = emptyRuns(deps.threadId);
    super({ ...runsView(state), error: null });
    this.state = state;
  }

  /** Undoes stop() (React may mount, unmount and mount again the same view). */
  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
  }

  async read(): Promise<void> {
    if (this.stopped) return;
    const started = beginRead(this.state);
    this.state = started.state;
    try {
      const runs = await this.deps.client.ai.threadRuns.query({ threadId: this.deps.threadId });
      this.state = applyRead(this.state, started.token, runs);
      this.error = null;
    } catch (error) {
      if (this.stopped) return;
      if (isUnauthorized(error)) {
        this.stopped = true;
        this.deps.onUnauthorized();
        return;
      }
      this.error = describeError(error, this.deps.serverUrl);
    }
    this.publish();
  }

  /** An event from the inbox stream; only `ai.run` events about this thread change anything. */
  applyEvent(eventId: string, event: ThreadEvent): void {
    if (event.type !== 'ai.run') return;
    const before = this.state;
    this.state = applyRunEvent(this.state, eventId, event.run);
    if (this.state !== before) this.publish();
  }

  /** The server's answer to this desk's approve or discard. */
  applyOwn(run: AiRunView): void {
    this.state = applyOwnRun(this.state, run);
    this.publish();
  }

  /** The server took this desk's flag. */
  markFlagged(runId: string): void {
    this.state = applyFlagged(this.state, runId);
    this.publish();
  }

  private publish(): void {
    if (this.stopped) return;
    this.emit({ ...runsView(this.state), error: this.error });
  }
}
