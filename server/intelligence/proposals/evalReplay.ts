import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/types.ts';
import { draftFromSection } from '../agents/offlineReply.ts';
import { renderSop } from '../facts.ts';
import { toTsqueryText } from '../sops/query.ts';
import { matchingSections } from '../sops/searchRepository.ts';
import type { SopService } from '../sops/service.ts';
import { type EvalCase, EXAMPLE_FACILITY } from './evalCases.ts';

// The eval gate's agent: the offline agent (best section, drafted) on the SOPs as they are, or as a
// proposal would make them; the proposed file is ranked by the same full-text ranking as live
// search, without writing anything. Placeholders render with the case's facility's facts.

type Candidate = { path: string; ordinal: number; body: string; rank: number };
type Replayed = Pick<EvalCase, 'agent' | 'query'> & { facility?: EvalCase['facility'] };

/** The offline agent on the SOPs as they are: the best section for the question, drafted as an answer. */
export async function offlineAnswer(sops: SopService, entry: Replayed): Promise<string> {
  const [hit] = await sops.search(entry.agent, entry.query, { limit: 1 });
  return hit ? draft(hit.body, entry) : '';
}

/** The same agent with `changedPath` replaced by the proposed sections. */
export async function answerAfter(
  db: Executor,
  entry: Replayed,
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
  return best ? draft(best.body, entry) : '';
}

function draft(body: string, entry: Replayed): string {
  const { facts, who } = entry.facility ?? EXAMPLE_FACILITY;
  return draftFromSection(renderSop(body, facts, who));
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
