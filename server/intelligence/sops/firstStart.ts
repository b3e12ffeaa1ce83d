import { stat } from 'node:fs/promises';
import { systemActor } from '../../audit/types.ts';
import type { Logger } from '../../logger.ts';
import type { SopService } from './service.ts';

/**
 * At first start the SOP files become version 1; after that the database is the source of truth, so
 * a server with any SOP document never reads the folder again (`clubos sops import` does, on request).
 * An invalid file stops start-up: agents answering from a half-imported set would be worse.
 */
export async function importSopsAtFirstStart(sops: SopService, dir: string, logger: Logger): Promise<void> {
  if (await sops.hasDocuments()) return;
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    logger.warn({ dir }, 'no SOP folder to import at first start; agents have no SOPs until one is imported');
    return;
  }
  const summary = await sops.importDirectory(dir, systemActor('first start'));
  logger.info({ dir, imported: summary.created }, `imported ${summary.created} SOPs at first start`);
}
