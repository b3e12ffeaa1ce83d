import type { FeedbackRecord } from '../../shared/ai.ts';
import { DomainError } from '../errors.ts';
import type { Services } from '../services.ts';

// `clubos feedback export` and the managers' download write the same file; this is its one format.

/** One JSON object per line, each line ending in a newline (an empty file for no records). */
export function toJsonLines(records: FeedbackRecord[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/** The CLI's filter: a facility by slug (all facilities without one); an unknown slug is an error. */
export async function exportFeedbackFor(
  services: Pick<Services, 'facilities' | 'intelligence'>,
  filter: { since?: string | undefined; facilitySlug?: string | undefined },
): Promise<FeedbackRecord[]> {
  if (!filter.facilitySlug)
    return services.intelligence.exportFeedback({ since: filter.since, scope: 'all' });
  const facilityId = await services.facilities.idOfSlug(filter.facilitySlug);
  if (!facilityId) throw new DomainError('not_found', `No facility "${filter.facilitySlug}".`);
  return services.intelligence.exportFeedback({ since: filter.since, scope: [facilityId] });
}
