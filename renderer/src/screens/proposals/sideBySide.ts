import { diffLines } from 'diff';

/** One cell of a side-by-side diff: a line of the old or new file, or nothing opposite a change. */
export type DiffCell = { kind: 'same' | 'removed' | 'added' | 'empty'; text: string; line: number | null };
export type DiffRow = { left: DiffCell; right: DiffCell };

const empty: DiffCell = { kind: 'empty', text: '', line: null };

function linesOf(value: string): string[] {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The rows of a two-column diff: unchanged lines side by side, and each removed run paired with the
 * added run after it, line by line, with blank cells where one side is longer. A new file (no old
 * content) is all added.
 */
export function sideBySideRows(before: string | null, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let leftLine = 1;
  let rightLine = 1;
  let removed: string[] = [];
  const flushRemoved = (added: string[]) => {
    const count = Math.max(removed.length, added.length);
    for (let index = 0; index < count; index++) {
      const oldText = removed[index];
      const newText = added[index];
      rows.push({
        left: oldText === undefined ? empty : { kind: 'removed', text: oldText, line: leftLine++ },
        right: newText === undefined ? empty : { kind: 'added', text: newText, line: rightLine++ },
      });
    }
    removed = [];
  };
  for (const change of diffLines(before ?? '', after)) {
    const lines = linesOf(change.value);
    if (change.removed) {
      removed.push(...lines);
    } else if (change.added) {
      flushRemoved(lines);
    } else {
      flushRemoved([]);
      for (const text of lines) {
        rows.push({
          left: { kind: 'same', text, line: leftLine++ },
          right: { kind: 'same', text, line: rightLine++ },
        });
      }
    }
  }
  flushRemoved([]);
  return rows;
}

/** Counts for the diff's caption. */
export function diffCounts(rows: DiffRow[]): { added: number; removed: number } {
  return {
    added: rows.filter((row) => row.right.kind === 'added').length,
    removed: rows.filter((row) => row.left.kind === 'removed').length,
  };
}
