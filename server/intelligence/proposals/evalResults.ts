import { type EvalCaseResult, type EvalReport, evalReportSchema } from '../../../shared/proposals.ts';
import { blocks, type EvalCase } from './evalCases.ts';
import type { CaseVerdicts } from './judge.ts';
import { Redactor } from './redaction.ts';

// The eval gate's report from its judged cases: each case before and after, which ones the change
// breaks (any one blocks) or fixes, who judged, what it cost, and where the judge fell back.

export type JudgedCase = {
  entry: EvalCase;
  answers: { before: string; after: string };
  verdicts: CaseVerdicts;
};

export function buildEvalReport(judge: string, judged: JudgedCase[]): EvalReport {
  const cases = judged.map(caseResult);
  const counts = (source: EvalCaseResult['source']) => cases.filter((result) => result.source === source);
  const fallbacks = judged.filter((result) => result.verdicts.fallback !== undefined);
  const notes: string[] = [];
  if (fallbacks.length > 0) {
    const reasons = [...new Set(fallbacks.map((result) => result.verdicts.fallback))];
    notes.push(
      `${fallbacks.length} of ${judged.length} case${judged.length === 1 ? ' was' : 's were'} judged by the offline rubric instead: ${reasons.join('; ')}.`,
    );
  }
  const history = counts('helpful').length + counts('correction').length;
  if (history === 0) notes.push('No past helpful or staff-corrected answers of this agent to replay yet.');
  return {
    cases,
    broken: cases
      .filter((result) => blocks(result.source) && result.before.pass && !result.after.pass)
      .map((result) => result.id),
    fixed: cases
      .filter((result) => blocks(result.source) && !result.before.pass && result.after.pass)
      .map((result) => result.id),
    judge,
    // Rounded as sop_proposals.eval_cost_usd stores it.
    costUsd: Math.round(judged.reduce((sum, result) => sum + result.verdicts.costUsd, 0) * 1e6) / 1e6,
    fallbacks: fallbacks.length,
    notes,
  };
}

/**
 * History cases show their customer question and expected answer redacted, as the evidence threads
 * are: the report is stored on the proposal and read by every manager.
 */
function caseResult({ entry, answers, verdicts }: JudgedCase): EvalCaseResult {
  const redactor = new Redactor(entry.known);
  const shown = (text: string) => (entry.source === 'golden' ? text : redactor.redact(text).text);
  return {
    id: entry.id,
    source: entry.source,
    query: shown(entry.query),
    expected: entry.expected === undefined ? null : shown(entry.expected),
    before: { ...verdicts.before, answer: answers.before },
    after: { ...verdicts.after, answer: answers.after },
  };
}

/** A stored report as the API returns it; one the schema cannot read (none should exist) shows as none. */
export function storedEvalReport(value: unknown): EvalReport | null {
  if (value === null || value === undefined) return null;
  const parsed = evalReportSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
