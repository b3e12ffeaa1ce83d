import type { AuditContext } from '../../audit/types.ts';
import type { Db } from '../../db/types.ts';
import type { Logger } from '../../logger.ts';

/** What the SOP modules share; one per SopService. */
export type SopContext = { db: Db; logger: Logger; now: () => Date };

/** The staff member an audited action stores as a version's author; none for system writes. */
export const authorOf = (audit: AuditContext): string | null =>
  audit.actor.type === 'user' ? audit.actor.id : null;
