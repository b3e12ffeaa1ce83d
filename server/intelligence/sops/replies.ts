import { and, desc, eq, exists, inArray, type SQL, sql } from 'drizzle-orm';
import type { SopVersionReply } from '../../../shared/sops.ts';
import { aiFeedback, aiRuns, facilities } from '../../db/schema/index.ts';
import type { Executor } from '../../db/types.ts';
import { notFound } from '../../errors.ts';
import type { FacilityScope } from '../../facilities/scope.ts';
import { findDocument, findVersion } from './repository.ts';

// "Which replies did this SOP version produce": every AI answer records the sections and versions it
// stood on (ai_runs.sop_refs), so a version's page can list them. Customer-facing data, so it is
// scoped to the caller's facilities like the inbox, and carries no phone numbers.

/**
 * AI runs that stood on this version of the document: containment (`@>`), so the GIN index
 * ai_runs_sop_refs_idx (jsonb_path_ops) answers it. The version pages and the quality watch share it.
 */
export const usedSopVersion = (documentId: string, version: number): SQL =>
  sql`${aiRuns.sopRefs} @> ${JSON.stringify([{ documentId, version }])}::jsonb`;

export async function repliesOfVersion(
  db: Executor,
  input: { documentId: string; version: number; limit: number },
  scope: FacilityScope,
): Promise<SopVersionReply[]> {
  const document = await findDocument(db, { id: input.documentId });
  if (!document) throw notFound('SOP');
  if (!(await findVersion(db, { documentId: document.id, version: input.version }))) {
    throw notFound(`Version ${input.version} of ${document.path}`);
  }
  if (scope !== 'all' && scope.length === 0) return [];
  const conditions: SQL[] = [usedSopVersion(document.id, input.version)];
  if (scope !== 'all') conditions.push(inArray(aiRuns.facilityId, scope));
  const rows = await db
    .select({
      runId: aiRuns.id,
      facilitySlug: facilities.slug,
      facilityName: facilities.name,
      threadId: aiRuns.threadId,
      agent: aiRuns.agent,
      state: aiRuns.state,
      query: aiRuns.query,
      body: aiRuns.body,
      finalBody: aiRuns.finalBody,
      createdAt: aiRuns.createdAt,
      flagged: exists(
        db.select({ one: sql`1` }).from(aiFeedback).where(eq(aiFeedback.runId, aiRuns.id)),
      ).mapWith(Boolean),
    })
    .from(aiRuns)
    .innerJoin(facilities, eq(facilities.id, aiRuns.facilityId))
    .where(and(...conditions))
    .orderBy(desc(aiRuns.createdAt), desc(aiRuns.id))
    .limit(input.limit);
  return rows.map(({ facilitySlug, facilityName, createdAt, ...row }) => ({
    ...row,
    facility: { slug: facilitySlug, name: facilityName },
    createdAt: createdAt.toISOString(),
  }));
}
