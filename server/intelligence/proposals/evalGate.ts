import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { SopAgent } from '../../../shared/sops.ts';
import type { Executor } from '../../db/types.ts';
import { draftFromSection } from '../agents/offlineReply.ts';
import { exampleFacts, renderSop } from '../facts.ts';
import { parseSop } from '../sops/parse.ts';
import { toTsqueryText } from '../sops/query.ts';
import { matchingSections } from '../sops/searchRepository.ts';
import type { SopService } from '../sops/service.ts';
import { type GoldenCase, judgeAnswer, readGoldenCases } from './golden.ts';

// The eval gate: the golden cases are replayed through the agent twice, on the SOPs as they are and
// as the proposal would make them, and judged by the same rubric. A proposal that makes a passing
// case fail is blocked. The replay is the offline agent (best section, drafted) with the example
// facts the golden set is written against, and the proposed file is ranked by the same full-text
// ranking as live search, without writing anything.

export const GOLDEN_FILE = fileURLToPath(new URL('../../../sops/evals/golden.jsonl', import.meta.url));

const who = { name: 'Bedford', timezone: 'America/Halifax', phoneNumber: '+19025550100' };

export type EvalCaseResult = {
  id: string;
  query: string;
  before: { pass: boolean; reasons: string[]; answer: string };
  after: { pass: boolean; reasons: string[]; answer: string };
};
export type EvalReport = {
  cases: EvalCaseResult[];
  broken: string[];
  fixed: string[];
  judge: 'offline rubric';
};

type Candidate = { path: string; ordinal: number; body: string; rank: number };

export async function evaluateProposal(
  deps: { db: Executor; sops: SopService; goldenFile?: string },
  proposal: { agent: SopAgent; sopPath: string; newContent: string; evidenceQueries?: string[] },
): Promise<EvalReport> {
  const golden = (await readGoldenCases(deps.goldenFile ?? GOLDEN_FILE)).filter(
    (entry) => entry.agent === proposal.agent,
  );
  const evidence: GoldenCase[] = (proposal.evidenceQueries ?? []).map((query, index) => ({
    id: `evidence-${index + 1}`,
    agent: proposal.agent,
    query,
    mustMention: [],
    mustNotMention: [],
  }));
  const proposed = parseSop(proposal.sopPath, proposal.newContent).sections;
  const cases: EvalCaseResult[] = [];
  for (const entry of [...golden, ...evidence]) {
    const beforeAnswer = await offlineAnswer(deps.sops, entry);
    const afterAnswer = await answerAfter(deps.db, entry, proposal.sopPath, proposed);
    cases.push({
      id: entry.id,
      query: entry.query,
      before: { ...judgeAnswer(entry, beforeAnswer), answer: beforeAnswer },
      after: { ...judgeAnswer(entry, afterAnswer), answer: afterAnswer },
    });
  }
  const isGolden = (result: EvalCaseResult) => !result.id.startsWith('evidence-');
  return {
    cases,
    broken: cases
      .filter((result) => isGolden(result) && result.before.pass && !result.after.pass)
      .map((r) => r.id),
    fixed: cases
      .filter((result) => isGolden(result) && !result.before.pass && result.after.pass)
      .map((r) => r.id),
    judge: 'offline rubric',
  };
}

/** The offline agent on the SOPs as they are: the best section for the question, drafted as an answer. */
export async function offlineAnswer(
  sops: SopService,
  entry: Pick<GoldenCase, 'agent' | 'query'>,
): Promise<string> {
  const [hit] = await sops.search(entry.agent, entry.query, { limit: 1 });
  return hit ? draftFromSection(renderSop(hit.body, exampleFacts, who)) : '';
}

async function answerAfter(
  db: Executor,
  entry: GoldenCase,
  changedPath: string,
  proposed: Array<{ ordinal: number; heading: string; body: string }>,
): Promise<string> {
  const tsquery = toTsqueryText(entry.query);
  if (!tsquery) return '';
  const others: Candidate[] = (await matchingSections(db, entry.agent, tsquery, 20))
    .filter((hit) => hit.path !== changedPath)
    .map((hit) => ({ path: hit.path, ordinal: 0, body: hit.body, rank: hit.rank }));
  const ranks = await rankSections(db, proposed, tsquery);
  const mine: Candidate[] = proposed
    .map((section, index) => ({
      path: changedPath,
      ordinal: section.ordinal,
      body: section.body,
      rank: ranks[index] ?? 0,
    }))
    .filter((candidate) => candidate.rank > 0);
  const [best] = [...others, ...mine].sort(
    (a, b) => b.rank - a.rank || a.path.localeCompare(b.path) || a.ordinal - b.ordinal,
  );
  return best ? draftFromSection(renderSop(best.body, exampleFacts, who)) : '';
}

/** ts_rank_cd of sections that are not stored, weighted exactly as sop_sections.search is (0 when no match). */
async function rankSections(
  db: Executor,
  sections: Array<{ heading: string; body: string }>,
  tsquery: string,
): Promise<number[]> {
  if (sections.length === 0) return [];
  const rows = sql.join(
    sections.map((section, index) => sql`(${index}::int, ${section.heading}::text, ${section.body}::text)`),
    sql`, `,
  );
  const result = await db.execute<{ i: number; rank: number | string }>(sql`
    select s.i, case when v @@ q then ts_rank_cd(v, q) else 0 end as rank
    from (values ${rows}) as s(i, heading, body),
      lateral (select setweight(to_tsvector('english', s.heading), 'A') || setweight(to_tsvector('english', s.body), 'B') as v) as vec,
      to_tsquery('english', ${tsquery}) as q
    order by s.i`);
  return result.rows.map((row) => Number(row.rank));
}
