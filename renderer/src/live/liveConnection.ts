import type { LiveEvent } from '../../../shared/events.ts';
import type { ApiClient } from '../api/client.ts';
import { describeError, isUnauthorized } from '../api/errors.ts';
import type { LiveState } from '../state/live.ts';

type Unsubscribable = { unsubscribe(): void };

export type LiveConnectionDeps = {
  client: ApiClient;
  serverUrl: string;
  onState(state: LiveState): void;
  onEvent(event: LiveEvent): void;
  /** The server no longer accepts the token: retrying cannot help. */
  onUnauthorized(): void;
};

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 5_000;

/**
 * Keeps one `events.subscribe` stream open for as long as the user is signed in.
 *
 * It starts from `events.latestId`, so nothing committed after sign-in is missed, and always resumes
 * after the last event id it received. A dropped connection is retried by the EventSource itself
 * (which sends that id as Last-Event-ID); a stream that ends or fails outright (server shutting down,
 * a proxy's 502) is re-subscribed here with a capped back-off. Each attempt first asks `auth.me`, so
 * a session that has ended sends the user to sign in instead of retrying forever.
 */
export class LiveConnection {
  private lastEventId: string | null = null;
  private subscription: Unsubscribable | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  /** Bumped by every attempt and by stop(), so callbacks from an abandoned stream are ignored. */
  private generation = 0;
  private stopped = true;
  private state: LiveState = { kind: 'idle' };

  constructor(private readonly deps: LiveConnectionDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.report({ kind: 'idle' });
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const current = () => !this.stopped && generation === this.generation;
    if (this.state.kind !== 'disconnected') this.report({ kind: 'connecting' });
    const { client } = this.deps;
    try {
      await client.auth.me.query();
      this.lastEventId ??= await client.events.latestId.query();
    } catch (error) {
      if (current()) this.fail(error);
      return;
    }
    if (!current()) return;
    this.subscription = client.events.subscribe.subscribe(
      { lastEventId: this.lastEventId },
      {
        onConnectionStateChange: (state) => {
          if (!current()) return;
          if (state.state === 'pending') {
            this.failures = 0;
            if (this.state.kind !== 'connected') this.report({ kind: 'connected', since: new Date() });
          } else if (state.state === 'connecting') {
            if (state.error) this.disconnected(state.error);
            else if (this.state.kind !== 'disconnected') this.report({ kind: 'connecting' });
          }
        },
        onData: (tracked) => {
          if (!current()) return;
          this.lastEventId = tracked.id;
          // JSON drops an undefined payload; the shared type says it is always there.
          this.deps.onEvent({ ...tracked.data, payload: tracked.data.payload ?? null });
        },
        onError: (error) => {
          if (current()) this.fail(error);
        },
        onStopped: () => {
          if (current()) this.fail(new Error('The server ended the live stream'));
        },
      },
    );
  }

  private fail(error: unknown): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    if (isUnauthorized(error)) {
      this.stop();
      this.deps.onUnauthorized();
      return;
    }
    this.disconnected(error);
    const delay = Math.min(RETRY_FIRST_MS * 2 ** this.failures, RETRY_MAX_MS);
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private disconnected(error: unknown): void {
    // Keeps the first moment of the outage, so "since" tells how long the desk has been offline.
    if (this.state.kind === 'disconnected') return;
    this.report({
      kind: 'disconnected',
      since: new Date(),
      reason: describeError(error, this.deps.serverUrl),
    });
  }

  private report(state: LiveState): void {
    this.state = state;
    this.deps.onState(state);
  }
}
