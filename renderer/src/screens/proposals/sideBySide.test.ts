import { describe, expect, test } from 'vitest';
import { diffCounts, sideBySideRows } from './sideBySide.ts';

describe('sideBySideRows', () => {
  test('pairs a changed line with its replacement and keeps unchanged lines side by side', () => {
    const rows = sideBySideRows(
      '# Doors\n\nCode is 1234.\nCall us.\n',
      '# Doors\n\nCode is 4321.\nCall us.\n',
    );
    expect(rows.map((row) => [row.left.kind, row.right.kind])).toEqual([
      ['same', 'same'],
      ['same', 'same'],
      ['removed', 'added'],
      ['same', 'same'],
    ]);
    expect(rows[2]).toEqual({
      left: { kind: 'removed', text: 'Code is 1234.', line: 3 },
      right: { kind: 'added', text: 'Code is 4321.', line: 3 },
    });
    expect(diffCounts(rows)).toEqual({ added: 1, removed: 1 });
  });

  test('an added section leaves blank cells on the left, and line numbers follow each side', () => {
    const rows = sideBySideRows('a\nb\n', 'a\nb\n\n## New\nText\n');
    expect(rows.slice(2).map((row) => [row.left.kind, row.right.kind, row.right.line])).toEqual([
      ['empty', 'added', 3],
      ['empty', 'added', 4],
      ['empty', 'added', 5],
    ]);
    expect(diffCounts(rows)).toEqual({ added: 3, removed: 0 });
  });

  test('a new file is all added', () => {
    const rows = sideBySideRows(null, 'one\ntwo');
    expect(rows.every((row) => row.left.kind === 'empty' && row.right.kind === 'added')).toBe(true);
    expect(rows.map((row) => row.right.text)).toEqual(['one', 'two']);
  });
});
