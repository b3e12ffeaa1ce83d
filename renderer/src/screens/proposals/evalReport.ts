import { z } from 'zod';

// The eval gate's report comes over the API untyped (shared/proposals.ts says `unknown`), so it is
// checked here before it is shown; a report of another shape shows as "could not be read".

const side = z.object({ pass: z.boolean(), reasons: z.array(z.string()), answer: z.string() });
const evalReportSchema = z.object({
  cases: z.array(z.object({ id: z.string(), query: z.string(), before: side, after: side })),
  broken: z.array(z.string()),
  fixed: z.array(z.string()),
  judge: z.string(),
});
export type EvalReportView = z.infer<typeof evalReportSchema>;

export function readEvalReport(
  report: unknown,
): { kind: 'none' } | { kind: 'invalid' } | { kind: 'report'; report: EvalReportView } {
  if (report === null || report === undefined) return { kind: 'none' };
  const parsed = evalReportSchema.safeParse(report);
  return parsed.success ? { kind: 'report', report: parsed.data } : { kind: 'invalid' };
}
