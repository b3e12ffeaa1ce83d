import type {
  SopAgent,
  SopDocumentSummary,
  SopDocumentView,
  SopHistoryEntry,
  SopImportSummary,
  SopVersionComparison,
  SopVersionReply,
} from '../../../shared/sops.ts';
import type { AuditContext } from '../../audit/types.ts';
import type { Tx } from '../../db/types.ts';
import type { FacilityScope } from '../../facilities/scope.ts';
import type { ServiceDeps } from '../../services.ts';
import type { SopContext } from './context.ts';
import { readSopDirectory, type SopFile, writeSopDirectory } from './files.ts';
import { importFiles } from './importer.ts';
import { SopMirror } from './mirror.ts';
import { compareVersions, documentHistory, getDocument, listDocuments, type SopRef } from './queries.ts';
import { repliesOfVersion } from './replies.ts';
import { countDocuments, currentVersions } from './repository.ts';
import { searchSections } from './search.ts';
import type { SopSearchHit } from './searchRepository.ts';
import {
  type CreatedVersion,
  createDocument,
  createVersion,
  rollback,
  type VersionOptions,
} from './versions.ts';

export type { SopSearchHit } from './searchRepository.ts';

/**
 * The SOP store: markdown files imported once as version 1, then versioned in the database (the
 * source of truth), split into full-text-indexed sections that the agents search.
 */
export class SopService {
  private readonly ctx: SopContext;

  private readonly mirrorDir: SopMirror;

  constructor(deps: ServiceDeps) {
    this.ctx = { db: deps.db, logger: deps.logger.child({ component: 'sops' }), now: deps.now };
    this.mirrorDir = new SopMirror(deps.config.sopsMirrorDir, deps.db, this.ctx.logger);
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

  compare(input: { documentId: string; from: number; to: number }): Promise<SopVersionComparison> {
    return compareVersions(this.ctx.db, input);
  }

  /** The AI answers that stood on one version, newest first, within the caller's facilities. */
  versionReplies(
    input: { documentId: string; version: number; limit: number },
    scope: FacilityScope,
  ): Promise<SopVersionReply[]> {
    return repliesOfVersion(this.ctx.db, input, scope);
  }

  /**
   * Version N+1 of a document. With `tx` the caller commits it and then calls `mirror`; without, it
   * commits here and is mirrored at once.
   */
  createVersion(
    documentId: string,
    content: string,
    options: VersionOptions,
    tx?: Tx,
  ): Promise<CreatedVersion> {
    if (tx) return createVersion(this.ctx, documentId, content, options, tx);
    return this.mirrored(createVersion(this.ctx, documentId, content, options));
  }

  /** A new SOP file and its version 1, in the caller's transaction; mirror it after the commit. */
  createDocument(
    input: { path: string; agent: SopAgent; content: string },
    options: VersionOptions,
    tx: Tx,
  ): Promise<CreatedVersion> {
    return createDocument(this.ctx, tx, input, options);
  }

  rollback(documentId: string, toVersion: number, audit: AuditContext): Promise<CreatedVersion> {
    return this.mirrored(rollback(this.ctx, documentId, toVersion, audit));
  }

  /**
   * Writes a committed version to SOPS_DIR when it is set (a no-op otherwise). Never throws: the
   * version is already the truth, a failed mirror is only logged.
   */
  mirror(version: CreatedVersion): Promise<void> {
    return this.mirrorDir.mirror(version.documentId, version.path);
  }

  private async mirrored(committed: Promise<CreatedVersion>): Promise<CreatedVersion> {
    const version = await committed;
    await this.mirror(version);
    return version;
  }

  search(agent: SopAgent, query: string, options: { limit?: number } = {}): Promise<SopSearchHit[]> {
    return searchSections(this.ctx.db, agent, query, options.limit ?? 4);
  }
}
