import { describe, expect, test, vi } from 'vitest';
import { ExternalStore } from './externalStore.ts';

class Counter extends ExternalStore<{ count: number }> {
  constructor() {
    super({ count: 0 });
  }

  bump(): void {
    this.emit({ count: this.getSnapshot().count + 1 });
  }
}

describe('ExternalStore', () => {
  test('keeps the same snapshot until the next emit, then tells each listener once', () => {
    const store = new Counter();
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    const listener = vi.fn();
    store.subscribe(listener);
    store.bump();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).not.toBe(first);
    expect(store.getSnapshot().count).toBe(1);
  });

  test('an unsubscribed listener hears nothing more', () => {
    const store = new Counter();
    const kept = vi.fn();
    const dropped = vi.fn();
    store.subscribe(kept);
    const unsubscribe = store.subscribe(dropped);
    unsubscribe();
    store.bump();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(dropped).not.toHaveBeenCalled();
  });

  test('subscribe and getSnapshot work unbound, as useSyncExternalStore calls them', () => {
    const store = new Counter();
    const { subscribe, getSnapshot } = store;
    const listener = vi.fn();
    subscribe(listener);
    store.bump();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(getSnapshot().count).toBe(1);
  });
});
