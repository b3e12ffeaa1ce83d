import type { BayView, FacilityBoard } from '../../../../shared/bays.ts';

/** One bay as last heard from the live stream. */
type BayUpdate = {
  bay: BayView;
  /** The stream's event id; a replayed or older event never replaces a newer one. */
  eventId: string;
  /** When it arrived, in this board's own order of arrivals. */
  seq: number;
};

/**
 * The live board: the last `bays.list` snapshot, with the `bays.onChange` updates that arrived
 * after that snapshot was asked for laid over it. Immutable, so React can compare by reference.
 *
 * Why arrival order decides between a snapshot and an update: an update that arrived before the
 * list was requested was committed before the list was read, so the list already holds it (or
 * something newer). One that arrived after may be newer than the list, so it wins. (It may also be
 * a little older, when it was committed before the read but delivered after it; the events that
 * follow it in the stream then correct the board within moments.)
 */
export type BoardState = {
  lists: FacilityBoard[] | null;
  /** The arrival count when the shown list was requested. */
  listSeq: number;
  updates: ReadonlyMap<string, BayUpdate>;
  /** Arrivals so far: list requests and stream events. */
  seq: number;
};

export const emptyBoard: BoardState = { lists: null, listSeq: 0, updates: new Map(), seq: 0 };

/** Event ids are decimal strings (the event table's bigint); compared as numbers, not as text. */
export function isNewerEventId(candidate: string, than: string): boolean {
  const digits = /^\d+$/;
  if (digits.test(candidate) && digits.test(than)) {
    const a = candidate.replace(/^0+(?=\d)/, '');
    const b = than.replace(/^0+(?=\d)/, '');
    return a.length !== b.length ? a.length > b.length : a > b;
  }
  // Ids we cannot order: the one that arrived later wins.
  return candidate !== than;
}

/** Marks the start of a `bays.list` request; pass the returned token to `applyList`. */
export function beginList(state: BoardState): { state: BoardState; token: number } {
  const seq = state.seq + 1;
  return { state: { ...state, seq }, token: seq };
}

export function applyList(state: BoardState, token: number, lists: FacilityBoard[]): BoardState {
  // An answer to an older request than the one shown would take the board back in time.
  if (state.lists !== null && token < state.listSeq) return state;
  return { ...state, lists, listSeq: token };
}

/** Applies one `bays.onChange` event; duplicates and older events (a replay after a resume) change nothing. */
export function applyBayEvent(state: BoardState, eventId: string, bay: BayView): BoardState {
  const known = state.updates.get(bay.id);
  if (known && !isNewerEventId(eventId, known.eventId)) return state;
  const seq = state.seq + 1;
  const updates = new Map(state.updates);
  updates.set(bay.id, { bay, eventId, seq });
  return { ...state, updates, seq };
}

/** The board as shown: each facility's bays, by number, each at its newest known state. */
export function boardView(state: BoardState): FacilityBoard[] | null {
  if (state.lists === null) return null;
  const fresh = (id: string) => {
    const update = state.updates.get(id);
    return update && update.seq > state.listSeq ? update.bay : undefined;
  };
  return state.lists.map((board) => {
    const listed = new Set(board.bays.map((bay) => bay.id));
    const bays = board.bays.map((bay) => fresh(bay.id) ?? bay);
    // A bay added since the list was read: shown as soon as the stream tells of it.
    for (const update of state.updates.values()) {
      if (
        update.seq > state.listSeq &&
        update.bay.facilityId === board.facility.id &&
        !listed.has(update.bay.id)
      ) {
        bays.push(update.bay);
      }
    }
    bays.sort((a, b) => a.number - b.number);
    return { facility: board.facility, bays };
  });
}

/** One bay of the board by id, for announcing what changed. */
export function findBay(view: FacilityBoard[] | null, bayId: string): BayView | undefined {
  for (const board of view ?? []) {
    const bay = board.bays.find((candidate) => candidate.id === bayId);
    if (bay) return bay;
  }
  return undefined;
}
