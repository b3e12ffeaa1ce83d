import type { BayView, FacilityBoard } from '../../../../shared/bays.ts';
import { describeError, isUnauthorized } from '../../api/errors.ts';
import { ExternalStore } from '../../live/externalStore.ts';
import { type ResumableSource, ResumableStream, type StreamState } from '../../live/resumableStream.ts';
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

/** The two procedures the feed uses; the tRPC client satisfies it, and tests pass a hand-written fake. */
export type BayFeedClient = {
  bays: {
    list: { query(input: { facilitySlug?: string }): Promise<FacilityBoard[]> };
    onChange: ResumableSource<BayView>;
  };
};

export type { StreamState } from '../../live/resumableStream.ts';

export type BayFeedSnapshot = {
  board: FacilityBoard[] | null;
  /** Why the last `bays.list` failed; the board keeps what it showed before. */
  listError: string | null;
  loadingList: boolean;
  stream: StreamState;
  /** The newest change worth announcing; `id` changes even when the text repeats. */
  announcement: { id: number; text: string } | null;
};

/**
 * The bay board for one signed-in client: `bays.list` plus the `bays.onChange` stream merged over
 * it (boardState.ts). No polling: the list is read when the board opens and again every time the
 * stream (re)connects, so whatever happened while it was down is on the board afterwards. A stream
 * that drops is resumed after the last event id it delivered (the EventSource sends it itself on
 * its own reconnects; a stream that fails outright is re-subscribed with a capped back-off, see
 * live/resumableStream.ts).
 */
export class BayFeed extends ExternalStore<BayFeedSnapshot> {
  private state: BoardState = emptyBoard;
  private readonly stream: ResumableStream<BayView>;
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
    this.stream = new ResumableStream<BayView>({
      source: deps.client.bays.onChange,
      onState: (stream) => this.publish({ stream }),
      onLive: () => void this.reload(),
      onEvent: (eventId, bay) => this.applyEvent(eventId, bay),
      onUnauthorized: () => {
        this.stop();
        deps.onUnauthorized();
      },
    });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.reload();
    this.stream.start();
  }

  stop(): void {
    this.stopped = true;
    this.stream.stop();
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

  private applyEvent(eventId: string, bay: BayView): void {
    const before = findBay(this.getSnapshot().board, bay.id);
    const next = applyBayEvent(this.state, eventId, bay);
    if (next === this.state) return;
    this.state = next;
    const text = this.getSnapshot().board ? describeBayChange(before, bay) : null;
    this.publish(text ? { announcement: { id: ++this.announcements, text } } : {});
  }

  private publish(change: Partial<BayFeedSnapshot>): void {
    this.emit({ ...this.getSnapshot(), ...change, board: boardView(this.state) });
  }
}
