import { create } from 'zustand';

/** The live event stream as the status bar shows it. */
export type LiveState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'connected'; since: Date }
  | { kind: 'disconnected'; since: Date; reason: string };

type LiveStore = {
  state: LiveState;
  /** The id of the newest event received; a reconnect resumes after it. */
  lastEventId: string | null;
};

export const useLive = create<LiveStore>()(() => ({ state: { kind: 'idle' }, lastEventId: null }));
