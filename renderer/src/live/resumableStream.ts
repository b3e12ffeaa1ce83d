import { isUnauthorized } from '../api/errors.ts';

type Unsubscribable = { unsubscribe(): void };
type ConnectionState = { state: 'idle' | 'connecting' | 'pending'; error: unknown };

/** A tracked tRPC subscription (`threads.onEvent`, `bays.onChange`) as the stream uses it. */
export type ResumableSource<Event> = {
  subscribe(
    input: { lastEventId?: string },
    handlers: {
      onConnectionStateChange?(state: ConnectionState): void;
      onData?(value: { id: string; data: Event }): void;
      onError?(error: unknown): void;
      onStopped?(): void;
    },
  ): Unsubscribable;
};

/** `live`: events are flowing; `connecting`: first connection; `reconnecting`: lost, retrying. */
export type StreamState = 'connecting' | 'live' | 'reconnecting';

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 5_000;

/**
 * A live stream kept open and resumed: a dropped connection is retried by the EventSource itself
 * (which sends the last id as Last-Event-ID); a stream that fails outright is subscribed again
 * here, after the last event id it delivered, with a capped back-off. Each time it is
 * (re)connected, `onLive` runs, so the owner reads again what it may have missed.
 */
export class ResumableStream<Event> {
  private subscription: Unsubscribable | undefined;
  private lastEventId: string | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  /** Bumped by every attempt and by stop(), so callbacks from an abandoned stream are ignored. */
  private generation = 0;
  private stopped = true;
  private state: StreamState = 'connecting';

  constructor(
    private readonly deps: {
      source: ResumableSource<Event>;
      /** Told only of changes: a state is never reported twice in a row. */
      onState(state: StreamState): void;
      /** The stream is (again) open: subscribed first, so a read now misses nothing. */
      onLive(): void;
      onEvent(eventId: string, event: Event): void;
      onUnauthorized(): void;
    },
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private connect(): void {
    const generation = ++this.generation;
    const current = () => !this.stopped && generation === this.generation;
    this.subscription = this.deps.source.subscribe(
      this.lastEventId ? { lastEventId: this.lastEventId } : {},
      {
        onConnectionStateChange: (state) => {
          if (!current()) return;
          if (state.state === 'pending') {
            this.failures = 0;
            if (this.state !== 'live') {
              this.report('live');
              this.deps.onLive();
            }
          } else if (state.state === 'connecting' && state.error) {
            this.report('reconnecting');
          }
        },
        onData: (tracked) => {
          if (!current()) return;
          this.lastEventId = tracked.id;
          this.deps.onEvent(tracked.id, tracked.data);
        },
        onError: (error) => {
          if (current()) this.fail(error);
        },
        onStopped: () => {
          if (current()) this.fail(new Error('The server ended the stream'));
        },
      },
    );
  }

  private fail(error: unknown): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.generation += 1;
    if (isUnauthorized(error)) {
      this.stop();
      this.deps.onUnauthorized();
      return;
    }
    this.report('reconnecting');
    const delay = Math.min(RETRY_FIRST_MS * 2 ** this.failures, RETRY_MAX_MS);
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.connect();
    }, delay);
  }

  private report(state: StreamState): void {
    if (state === this.state) return;
    this.state = state;
    this.deps.onState(state);
  }
}
