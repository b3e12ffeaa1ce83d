import { type EvalReportView, judgeName, sourceLabel } from './evalReport.ts';
import { formatUsd } from './proposalWording.ts';

type Side = EvalReportView['cases'][number]['before'];

function Verdict({ side }: { side: Side }) {
  return (
    <>
      <span className="eval-verdict" data-pass={side.pass} data-testid="eval-verdict">
        <span aria-hidden="true">{side.pass ? '✓ ' : '✕ '}</span>
        {side.pass ? 'Pass' : 'Fail'}
        {!side.pass && side.reasons.length > 0 && (
          <span className="eval-reasons">: {side.reasons.join('; ')}</span>
        )}
      </span>
      {side.fallback && (
        <span className="cell-line proposals-muted" data-testid="eval-fallback">
          {side.fallback}.
        </span>
      )}
    </>
  );
}

/**
 * Each eval case replayed on the SOP as it is and as it would be: where the case comes from, the
 * question (and, for a past answer, what was right), then before and after, each pass or fail with
 * the answer. A case the change breaks is marked, in words too. The caption names the judge and its
 * cost; cases the model could not judge are said so above the table.
 */
export function EvalTable({ report }: { report: EvalReportView }) {
  const broken = new Set(report.broken);
  const fixed = new Set(report.fixed);
  return (
    <>
      {report.notes.length > 0 && (
        <div
          className={`notice ${report.fallbacks > 0 ? 'notice-warning' : 'notice-info'}`}
          role="note"
          data-testid="eval-notes"
        >
          {report.notes.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </div>
      )}
      <div className="table-scroll">
        <table className="table eval-table" data-testid="eval-table" data-judge={report.judge}>
          <caption className="diff-caption">
            {report.cases.length} case{report.cases.length === 1 ? '' : 's'} judged by {judgeName(report)}
            {report.fallbacks > 0 && ` (${report.fallbacks} by the offline rubric instead)`}:{' '}
            {report.broken.length} broken, {report.fixed.length} fixed.{' '}
            <span data-testid="eval-cost">Judging cost {formatUsd(report.costUsd)}.</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Source</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {report.cases.map((entry) => (
              <tr
                key={entry.id}
                data-testid="eval-case"
                data-source={entry.source}
                data-broken={broken.has(entry.id) || undefined}
                className={broken.has(entry.id) ? 'eval-broken' : undefined}
              >
                <th scope="row" className="eval-query">
                  {broken.has(entry.id) && (
                    <strong className="eval-flag">
                      <span aria-hidden="true">■ </span>Broken by this change.{' '}
                    </strong>
                  )}
                  {fixed.has(entry.id) && (
                    <strong className="eval-flag eval-flag-fixed">
                      <span aria-hidden="true">✓ </span>Fixed by this change.{' '}
                    </strong>
                  )}
                  {entry.query}
                  {entry.expected !== null && (
                    <span className="cell-line" data-testid="eval-expected">
                      Expected: {entry.expected}
                    </span>
                  )}
                  <span className="cell-line proposals-muted">{entry.id}</span>
                </th>
                <td data-testid="eval-source">{sourceLabel(entry.source)}</td>
                <td>
                  <Verdict side={entry.before} />
                  <p className="eval-answer">{entry.before.answer || '(no answer)'}</p>
                </td>
                <td>
                  <Verdict side={entry.after} />
                  <p className="eval-answer">{entry.after.answer || '(no answer)'}</p>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
