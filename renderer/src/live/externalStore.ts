/**
 * What every live feed shares with React's useSyncExternalStore: one snapshot, replaced (never
 * mutated) so React can tell a change by identity, and the listeners told of each replacement.
 * A feed extends it and decides for itself when and how it builds the next snapshot.
 */
export class ExternalStore<Snapshot> {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();

  constructor(initial: Snapshot) {
    this.snapshot = initial;
  }

  // Arrow properties, so a component can pass them to useSyncExternalStore unbound.
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): Snapshot => this.snapshot;

  /** Shows `next` and tells every listener, even when it equals the last one. */
  protected emit(next: Snapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
