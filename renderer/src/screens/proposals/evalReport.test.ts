import { describe, expect, it } from 'vitest';
import { judgeName, readEvalReport, sourceLabel } from './evalReport.ts';

const side = { pass: true, reasons: [], answer: 'Enter the code slowly.' };

describe('reading the eval report', () => {
  it('reads a report written before cases had sources: evidence by its id, the rest hand-written', () => {
    const read = readEvalReport({
      cases: [
        { id: 'door-code-red', query: 'q', before: side, after: side },
        { id: 'evidence-1', query: 'q', before: side, after: side },
      ],
      broken: [],
      fixed: [],
      judge: 'offline rubric',
    });
    expect(read.kind).toBe('report');
    if (read.kind !== 'report') return;
    expect(read.report.cases.map((entry) => entry.source)).toEqual(['golden', 'evidence']);
    expect(read.report).toMatchObject({ costUsd: 0, fallbacks: 0, notes: [] });
    expect(read.report.cases[0]?.expected).toBeNull();
  });

  it('says none for no report and invalid for one it cannot read', () => {
    expect(readEvalReport(null)).toEqual({ kind: 'none' });
    expect(readEvalReport({ cases: 'nope' })).toEqual({ kind: 'invalid' });
    expect(
      readEvalReport({
        cases: [{ id: 'x', source: 'rumour', query: 'q', before: side, after: side }],
        broken: [],
        fixed: [],
        judge: 'gpt-4o',
      }),
    ).toEqual({ kind: 'invalid' });
  });

  it('names sources and the judge in words', () => {
    expect(sourceLabel('helpful')).toBe('Past helpful answer');
    expect(sourceLabel('correction')).toBe('Staff correction');
    expect(judgeName({ judge: 'offline rubric' })).toBe('the offline rubric');
    expect(judgeName({ judge: 'gpt-4o' })).toBe('gpt-4o');
  });
});
