import type { BayView, FacilityBoard } from '../../../../shared/bays.ts';
import { describeError, isUnauthorized } from '../../api/errors.ts';
import { ExternalStore } from '../../live/externalStore.ts';
import { describeBayChange } from './bayStatus.ts';
import {
  applyBayEvent,
  applyList,
  type BoardState,
  beginList,
  boardView,
  emptyBoard,
  findBay,
} from './boardState.ts';

type Unsubscribable = { unsubscribe(): void };

type ConnectionState = { state: 'idle' | 'connecting' | 'pending'; error: unknown };

/** The two procedures the feed uses; the tRPC client satisfies it, and tests pass a hand-written fake. */
export type BayFeedClient = {
  bays: {
    list: { query(input: { facilitySlug?: string }): Promise<FacilityBoard[]> };
    onChange: {
      subscribe(
        input: { lastEventId?: string },
        handlers: {
          onConnectionStateChange?(state: ConnectionState): void;
          onData?(value: { id: string; data: BayView }): void;
          onError?(error: unknown): void;
          onStopped?(): void;
        },
      ): Unsubscribable;
    };
  };
};

/** `live`: updates are flowing; `connecting`: first connection; `reconnecting`: lost, retrying. */
export type StreamState = 'connecting' | 'live' | 'reconnecting';

export type BayFeedSnapshot = {
  board: FacilityBoard[] | null;
  /** Why the last `bays.list` failed; the board keeps what it showed before. */
  listError: string | null;
  loadingList: boolean;
  stream: StreamState;
  /** The newest change worth announcing; `id` changes even when the text repeats. */
  announcement: { id: number; text: string } | null;
};

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 5_000;

/**
 * The bay board for one signed-in client: `bays.list` plus the `bays.onChange` stream merged over
 * it (boardState.ts). No polling: the list is read when the board opens and again every time the
 * stream (re)connects, so whatever happened while it was down is on the board afterwards. A stream
 * that drops is resumed after the last event id it delivered (the EventSource sends it itself on
 * its own reconnects; a stream that fails outright is re-subscribed here with a capped back-off).
 */
export class BayFeed extends ExternalStore<BayFeedSnapshot> {
  private state: BoardState = emptyBoard;
  private subscription: Unsubscribable | undefined;
  private lastEventId: string | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private generation = 0;
  private stopped = true;
  private listsInFlight = 0;
  private announcements = 0;

  constructor(
    private readonly deps: {
      client: BayFeedClient;
      serverUrl: string;
      onUnauthorized(): void;
    },
  ) {
    super({ board: null, listError: null, loadingList: false, stream: 'connecting', announcement: null });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.reload();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Reads `bays.list` again (on (re)connect, or when staff press "Try again"). */
  async reload(): Promise<void> {
    if (this.stopped) return;
    const started = beginList(this.state);
    this.state = started.state;
    this.listsInFlight += 1;
    this.publish({ loadingList: true });
    let lists: FacilityBoard[];
    try {
      lists = await this.deps.client.bays.list.query({});
    } catch (error) {
      this.listsInFlight -= 1;
      if (this.stopped) return;
      if (isUnauthorized(error)) {
        this.stop();
        this.deps.onUnauthorized();
        return;
      }
      this.publish({
        listError: describeError(error, this.deps.serverUrl),
        loadingList: this.listsInFlight > 0,
      });
      return;
    }
    this.listsInFlight -= 1;
    if (this.stopped) return;
    this.state = applyList(this.state, started.token, lists);
    this.publish({ listError: null, loadingList: this.listsInFlight > 0 });
  }

  private connect(): void {
    const generation = ++this.generation;
    const current = () => !this.stopped && generation === this.generation;
    this.subscription = this.deps.client.bays.onChange.subscribe(
      this.lastEventId ? { lastEventId: this.lastEventId } : {},
      {
        onConnectionStateChange: (state) => {
          if (!current()) return;
          if (state.state === 'pending') {
            this.failures = 0;
            if (this.getSnapshot().stream !== 'live') {
              this.publish({ stream: 'live' });
              // Subscribed first, then read: nothing committed in between is lost.
              void this.reload();
            }
          } else if (
            state.state === 'connecting' &&
            state.error &&
            this.getSnapshot().stream !== 'reconnecting'
          ) {
            this.publish({ stream: 'reconnecting' });
          }
        },
        onData: (tracked) => {
          if (!current()) return;
          this.lastEventId = tracked.id;
          this.applyEvent(tracked.id, tracked.data);
        },
        onError: (error) => {
          if (current()) this.fail(error);
        },
        onStopped: () => {
          if (current()) this.fail(new Error('The server ended the bay updates'));
        },
      },
    );
  }

  private applyEvent(eventId: string, bay: BayView): void {
    const before = findBay(this.getSnapshot().board, bay.id);
    const next = applyBayEvent(this.state, eventId, bay);
    if (next === this.state) return;
    this.state = next;
    const text = this.getSnapshot().board ? describeBayChange(before, bay) : null;
    this.publish(text ? { announcement: { id: ++this.announcements, text } } : {});
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
    this.publish({ stream: 'reconnecting' });
    const delay = Math.min(RETRY_FIRST_MS * 2 ** this.failures, RETRY_MAX_MS);
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.connect();
    }, delay);
  }

  private publish(change: Partial<BayFeedSnapshot>): void {
    this.emit({ ...this.getSnapshot(), ...change, board: boardView(this.state) });
  }
}
