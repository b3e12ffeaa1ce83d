import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import type { EvalReport } from '../../../shared/proposals.ts';
import type { SopAgent } from '../../../shared/sops.ts';
import type { Executor } from '../../db/types.ts';
import { parseSop } from '../sops/parse.ts';
import type { SopService } from '../sops/service.ts';
import { type EvalCase, evidenceEvalCases, goldenEvalCase } from './evalCases.ts';
import { HISTORY_CASES_PER_KIND, historyCases } from './evalHistory.ts';
import { answerAfter, offlineAnswer } from './evalReplay.ts';
import { buildEvalReport, type JudgedCase } from './evalResults.ts';
import { readGoldenCases } from './golden.ts';
import { createEvalJudge, type EvalJudgeSetup } from './judge.ts';

// The eval gate: the golden set (hand-written cases, the agent's recent helpful answers and staff
// corrections) and the proposal's own evidence questions are replayed through the agent twice, on
// the SOPs as they are and as the proposal would make them, and judged by one judge (a model when
// configured, else the offline rubric). A proposal that makes a passing case fail is blocked.

export const GOLDEN_FILE = fileURLToPath(new URL('../../../sops/evals/golden.jsonl', import.meta.url));

export type EvalDeps = {
  db: Executor;
  sops: SopService;
  now?: () => Date;
  goldenFile?: string;
  /** Absent, or with neither model: the offline rubric judges. */
  judge?: EvalJudgeSetup | undefined;
  /** Past helpful answers, and corrections, replayed at most (each). */
  historyLimit?: number;
};

export type ProposalUnderEval = {
  agent: SopAgent;
  sopPath: string;
  newContent: string;
  evidenceQueries?: string[];
  /** Whose budget a model judge spends, and whose its calls are. */
  facilityId?: string | null;
};

/** Judge calls in flight at once: quick enough for ~50 cases, gentle on a provider's rate limit. */
const JUDGE_CONCURRENCY = 4;

export async function evaluateProposal(deps: EvalDeps, proposal: ProposalUnderEval): Promise<EvalReport> {
  const golden = (await readGoldenCases(deps.goldenFile ?? GOLDEN_FILE))
    .filter((entry) => entry.agent === proposal.agent)
    .map(goldenEvalCase);
  const history = await historyCases(deps.db, proposal.agent, deps.historyLimit ?? HISTORY_CASES_PER_KIND);
  const evidence = evidenceEvalCases(proposal.agent, proposal.evidenceQueries ?? []);
  const proposed = parseSop(proposal.sopPath, proposal.newContent).sections;

  const replayed: Array<{ entry: EvalCase; answers: { before: string; after: string } }> = [];
  for (const entry of [...golden, ...history, ...evidence]) {
    replayed.push({
      entry,
      answers: {
        before: await offlineAnswer(deps.sops, entry),
        after: await answerAfter(deps.db, entry, proposal.sopPath, proposed),
      },
    });
  }
  const judge = createEvalJudge(deps.judge, {
    db: deps.db,
    now: deps.now ?? (() => new Date()),
    facilityId: proposal.facilityId ?? null,
  });
  const limit = pLimit(JUDGE_CONCURRENCY);
  const judged = await Promise.all(
    replayed.map((item) =>
      limit(
        async (): Promise<JudgedCase> => ({
          ...item,
          verdicts: await judge.judgeCase(item.entry, item.answers),
        }),
      ),
    ),
  );
  return buildEvalReport(judge.name, judged);
}
