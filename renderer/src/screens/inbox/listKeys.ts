/**
 * Where a key moves the thread list's active row: arrows by one, Page Up/Down by a screenful,
 * Home/End to the ends. Undefined for a key the list does not handle.
 */
export function nextActiveIndex(
  key: string,
  index: number,
  count: number,
  pageSize: number,
): number | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  const from = Math.min(Math.max(index, -1), last);
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, last);
    case 'ArrowUp':
      return Math.max(from - 1, 0);
    case 'PageDown':
      return Math.min(from + Math.max(1, pageSize), last);
    case 'PageUp':
      return Math.max(from - Math.max(1, pageSize), 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}

/** Rows from the end of what is loaded at which the next page is asked for. */
export const LOAD_MORE_WITHIN = 10;

export function shouldLoadMore(
  lastVisibleIndex: number,
  count: number,
  hasMore: boolean,
  loading: boolean,
): boolean {
  return hasMore && !loading && count > 0 && lastVisibleIndex >= count - LOAD_MORE_WITHIN;
}
