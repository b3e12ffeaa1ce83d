import { describe, expect, test } from 'vitest';
import { nextActiveIndex, shouldLoadMore } from './listKeys.ts';

describe('the thread list’s keys', () => {
  test('arrows move by one and stop at the ends', () => {
    expect(nextActiveIndex('ArrowDown', -1, 5, 4)).toBe(0);
    expect(nextActiveIndex('ArrowDown', 3, 5, 4)).toBe(4);
    expect(nextActiveIndex('ArrowDown', 4, 5, 4)).toBe(4);
    expect(nextActiveIndex('ArrowUp', 0, 5, 4)).toBe(0);
    expect(nextActiveIndex('ArrowUp', 3, 5, 4)).toBe(2);
  });

  test('Page Up/Down move a screenful, Home and End to the ends', () => {
    expect(nextActiveIndex('PageDown', 0, 100, 6)).toBe(6);
    expect(nextActiveIndex('PageDown', 98, 100, 6)).toBe(99);
    expect(nextActiveIndex('PageUp', 3, 100, 6)).toBe(0);
    expect(nextActiveIndex('Home', 50, 100, 6)).toBe(0);
    expect(nextActiveIndex('End', 0, 100, 6)).toBe(99);
  });

  test('other keys, and an empty list, are left alone', () => {
    expect(nextActiveIndex('a', 0, 5, 4)).toBeUndefined();
    expect(nextActiveIndex('ArrowDown', 0, 0, 4)).toBeUndefined();
  });

  test('the next page is asked for near the end of what is loaded, once at a time', () => {
    expect(shouldLoadMore(39, 50, true, false)).toBe(false);
    expect(shouldLoadMore(40, 50, true, false)).toBe(true);
    expect(shouldLoadMore(49, 50, true, true)).toBe(false);
    expect(shouldLoadMore(49, 50, false, false)).toBe(false);
  });
});
