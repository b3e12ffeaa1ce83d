import { useMemo } from 'react';
import { type DiffCell, diffCounts, sideBySideRows } from './sideBySide.ts';

const marks: Record<DiffCell['kind'], string> = { same: ' ', removed: '−', added: '+', empty: ' ' };
const spoken: Record<DiffCell['kind'], string> = {
  same: '',
  removed: 'Removed: ',
  added: 'Added: ',
  empty: '',
};

function Cell({ cell }: { cell: DiffCell }) {
  return (
    <>
      <td className="diff-line-number" data-kind={cell.kind}>
        {cell.line ?? ''}
      </td>
      <td className="diff-text" data-kind={cell.kind} data-testid={`diff-${cell.kind}`}>
        <span aria-hidden="true" className="diff-mark">
          {marks[cell.kind]}
        </span>
        {spoken[cell.kind] && <span className="visually-hidden">{spoken[cell.kind]}</span>}
        {cell.text}
      </td>
    </>
  );
}

/** The SOP now (left) and as the proposal would make it (right); removed and added lines marked. */
export function SideBySideDiff({ before, after }: { before: string | null; after: string }) {
  const rows = useMemo(() => sideBySideRows(before, after), [before, after]);
  const counts = diffCounts(rows);
  return (
    <div className="diff-scroll">
      <table className="diff" data-testid="proposal-diff">
        <caption className="diff-caption">
          {before === null ? 'A new SOP file' : 'The SOP now, and with this change'}: {counts.added} line
          {counts.added === 1 ? '' : 's'} added, {counts.removed} removed.
        </caption>
        <colgroup>
          <col className="diff-col-number" />
          <col />
          <col className="diff-col-number" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="colgroup" colSpan={2}>
              {before === null ? 'Now (no file yet)' : 'Now'}
            </th>
            <th scope="colgroup" colSpan={2}>
              With this change
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // Rows have no identity beyond their place in the diff.
            // biome-ignore lint/suspicious/noArrayIndexKey: the diff is recomputed whole, never reordered
            <tr key={index}>
              <Cell cell={row.left} />
              <Cell cell={row.right} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
