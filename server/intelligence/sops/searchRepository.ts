import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { SopAgent } from '../../../shared/sops.ts';
import { sopDocuments, sopSections, sopVersions } from '../../db/schema/index.ts';
import type { Executor } from '../../db/types.ts';

// Joining on `current_version_id` is what keeps old versions out of every answer: their sections stay
// in the table (provenance points at them) but no document points at their version any more.

export type SopSearchHit = {
  sectionId: string;
  documentId: string;
  path: string;
  heading: string;
  body: string;
  version: number;
  /** ts_rank_cd of the match; 0 for the fallback sections returned when nothing matched. */
  rank: number;
};

function currentSections(db: Executor, rank: SQL<number>) {
  return db
    .select({
      sectionId: sopSections.id,
      documentId: sopSections.documentId,
      path: sopDocuments.path,
      heading: sopSections.heading,
      body: sopSections.body,
      version: sopVersions.version,
      rank,
    })
    .from(sopSections)
    .innerJoin(sopDocuments, eq(sopDocuments.currentVersionId, sopSections.versionId))
    .innerJoin(sopVersions, eq(sopVersions.id, sopSections.versionId));
}

/**
 * The agent's current sections matching `tsqueryText`, best first. `tsqueryText` must come from
 * query.ts: it is handed to to_tsquery, which rejects stray operators.
 */
export function matchingSections(
  db: Executor,
  agent: SopAgent,
  tsqueryText: string,
  limit: number,
): Promise<SopSearchHit[]> {
  const query = sql`to_tsquery('english', ${tsqueryText})`;
  const rank = sql<number>`ts_rank_cd(${sopSections.search}, ${query})`.mapWith(Number);
  return currentSections(db, rank)
    .where(and(eq(sopSections.agent, agent), sql`${sopSections.search} @@ ${query}`))
    .orderBy(desc(rank), asc(sopDocuments.path), asc(sopSections.ordinal))
    .limit(limit);
}

/** The first sections of the agent's SOPs (their intros), so an agent without a match still has context. */
export function firstSections(db: Executor, agent: SopAgent, limit: number): Promise<SopSearchHit[]> {
  return currentSections(db, sql<number>`0`.mapWith(Number))
    .where(eq(sopSections.agent, agent))
    .orderBy(asc(sopSections.ordinal), asc(sopDocuments.path))
    .limit(limit);
}
