import type { EvalReportView } from './evalReport.ts';

function Verdict({ pass, reasons }: { pass: boolean; reasons: string[] }) {
  return (
    <span className="eval-verdict" data-pass={pass} data-testid="eval-verdict">
      <span aria-hidden="true">{pass ? '✓ ' : '✕ '}</span>
      {pass ? 'Pass' : 'Fail'}
      {!pass && reasons.length > 0 && <span className="eval-reasons">: {reasons.join('; ')}</span>}
    </span>
  );
}

/**
 * Each eval case replayed on the SOP as it is and as it would be: the question, then before and
 * after, each pass or fail with the answer. A case the change breaks is marked, in words too.
 */
export function EvalTable({ report }: { report: EvalReportView }) {
  const broken = new Set(report.broken);
  const fixed = new Set(report.fixed);
  return (
    <div className="table-scroll">
      <table className="table eval-table" data-testid="eval-table">
        <caption className="diff-caption">
          {report.cases.length} case{report.cases.length === 1 ? '' : 's'} judged by the {report.judge}:{' '}
          {report.broken.length} broken, {report.fixed.length} fixed.
        </caption>
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {report.cases.map((entry) => (
            <tr
              key={entry.id}
              data-testid="eval-case"
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
                <span className="cell-line proposals-muted">{entry.id}</span>
              </th>
              <td>
                <Verdict pass={entry.before.pass} reasons={entry.before.reasons} />
                <p className="eval-answer">{entry.before.answer || '(no answer)'}</p>
              </td>
              <td>
                <Verdict pass={entry.after.pass} reasons={entry.after.reasons} />
                <p className="eval-answer">{entry.after.answer || '(no answer)'}</p>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
