import type {
  SopAgent,
  SopDocumentSummary,
  SopDocumentView,
  SopHistoryEntry,
  SopImportSummary,
} from '../../../shared/sops.ts';
import type { AuditContext } from '../../audit/types.ts';
import type { Tx } from '../../db/types.ts';
import type { ServiceDeps } from '../../services.ts';
import type { SopContext } from './context.ts';
import { readSopDirectory, type SopFile, writeSopDirectory } from './files.ts';
import { importFiles } from './importer.ts';
import { documentHistory, getDocument, listDocuments, type SopRef } from './queries.ts';
import { countDocuments, currentVersions } from './repository.ts';
import { searchSections } from './search.ts';
import type { SopSearchHit } from './searchRepository.ts';
import { type CreatedVersion, createVersion, rollback, type VersionOptions } from './versions.ts';

export type { SopSearchHit } from './searchRepository.ts';

/**
 * The SOP store: markdown files imported once as version 1, then versioned in the database (the
 * source of truth), split into full-text-indexed sections that the agents search.
 */
export class SopService {
  private readonly ctx: SopContext;

  constructor(deps: ServiceDeps) {
    this.ctx = { db: deps.db, logger: deps.logger.child({ component: 'sops' }), now: deps.now };
  }

  async hasDocuments(): Promise<boolean> {
    return (await countDocuments(this.ctx.db)) > 0;
  }

  /** Imports every SOP under `dir` (see importFiles); an invalid file stops the whole import. */
  async importDirectory(dir: string, audit: AuditContext): Promise<SopImportSummary> {
    return this.importFiles(await readSopDirectory(dir), audit);
  }

  /** For the CLI through a running server: the files were read on the CLI's side. */
  importFiles(files: SopFile[], audit: AuditContext): Promise<SopImportSummary> {
    return importFiles(this.ctx, files, audit);
  }

  /** Writes the current version of every SOP under `dir`; returns how many files were written. */
  async exportDirectory(dir: string): Promise<number> {
    return writeSopDirectory(dir, await this.exportFiles());
  }

  async exportFiles(): Promise<SopFile[]> {
    const rows = await currentVersions(this.ctx.db);
    return rows.map((row) => ({ path: row.path, content: row.content }));
  }

  list(): Promise<SopDocumentSummary[]> {
    return listDocuments(this.ctx.db);
  }

  get(ref: SopRef): Promise<SopDocumentView> {
    return getDocument(this.ctx.db, ref);
  }

  history(documentId: string): Promise<SopHistoryEntry[]> {
    return documentHistory(this.ctx.db, documentId);
  }

  createVersion(
    documentId: string,
    content: string,
    options: VersionOptions,
    tx?: Tx,
  ): Promise<CreatedVersion> {
    return createVersion(this.ctx, documentId, content, options, tx);
  }

  rollback(documentId: string, toVersion: number, audit: AuditContext): Promise<CreatedVersion> {
    return rollback(this.ctx, documentId, toVersion, audit);
  }

  search(agent: SopAgent, query: string, options: { limit?: number } = {}): Promise<SopSearchHit[]> {
    return searchSections(this.ctx.db, agent, query, options.limit ?? 4);
  }
}
