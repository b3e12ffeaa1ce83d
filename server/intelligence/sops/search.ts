import { type SopAgent, sopAgents } from '../../../shared/sops.ts';
import type { Executor } from '../../db/types.ts';
import { DomainError } from '../../errors.ts';
import { toTsqueryText } from './query.ts';
import { firstSections, matchingSections, type SopSearchHit } from './searchRepository.ts';

export const SEARCH_LIMIT_MAX = 20;

/**
 * The agent's current SOP sections that best match a customer's words. When nothing matches, the
 * agent's first sections (rank 0) come back instead: an agent always has some context to answer from.
 */
export async function searchSections(
  db: Executor,
  agent: SopAgent,
  text: string,
  limit: number,
): Promise<SopSearchHit[]> {
  if (!sopAgents.includes(agent)) throw new DomainError('invalid_input', `Unknown agent "${agent}"`);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMIT_MAX) {
    throw new DomainError('invalid_input', `limit must be a whole number from 1 to ${SEARCH_LIMIT_MAX}`);
  }
  const tsquery = toTsqueryText(text);
  const hits = tsquery ? await matchingSections(db, agent, tsquery, limit) : [];
  return hits.length > 0 ? hits : firstSections(db, agent, limit);
}
