import { type EvalCaseSource, type EvalReport, evalReportSchema } from '../../../../shared/proposals.ts';

// The eval gate's report as `proposals.get` returns it (shared/proposals.ts EvalReport). It is checked
// again here, so a report from an older or newer server that this screen cannot read shows as "could
// not be read" rather than as a broken table.

export type EvalReportView = EvalReport;

export function readEvalReport(
  report: unknown,
): { kind: 'none' } | { kind: 'invalid' } | { kind: 'report'; report: EvalReportView } {
  if (report === null || report === undefined) return { kind: 'none' };
  const parsed = evalReportSchema.safeParse(report);
  return parsed.success ? { kind: 'report', report: parsed.data } : { kind: 'invalid' };
}

/** Where a case comes from, in the words a manager reads in the table. */
export function sourceLabel(source: EvalCaseSource): string {
  switch (source) {
    case 'golden':
      return 'Hand-written case';
    case 'helpful':
      return 'Past helpful answer';
    case 'correction':
      return 'Staff correction';
    case 'evidence':
      return 'Flagged question (this proposal)';
    default: {
      const unreachable: never = source;
      return String(unreachable);
    }
  }
}

/** "the offline rubric", or the model's name as it is. */
export function judgeName(report: Pick<EvalReport, 'judge'>): string {
  return report.judge === 'offline rubric' ? 'the offline rubric' : report.judge;
}
