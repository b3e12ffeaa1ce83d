import type {
  SopDocumentSummary,
  SopDocumentView,
  SopHistoryEntry,
  SopVersionComparison,
  SopVersionMeta,
} from '../../../shared/sops.ts';
import type { Executor } from '../../db/types.ts';
import { notFound } from '../../errors.ts';
import { versionDiff } from './diff.ts';
import {
  currentVersions,
  findDocument,
  findVersion,
  sectionsOfVersion,
  type VersionWithAuthor,
  versionsOfDocument,
} from './repository.ts';

export type SopRef = { path: string; version?: number } | { documentId: string; version?: number };

function versionMeta(row: VersionWithAuthor): SopVersionMeta {
  return {
    id: row.id,
    version: row.version,
    source: row.source,
    note: row.note,
    createdBy: row.authorId && row.authorName ? { id: row.authorId, name: row.authorName } : null,
    approvedBy: row.approverId && row.approverName ? { id: row.approverId, name: row.approverName } : null,
    proposalId: row.proposalId,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listDocuments(db: Executor): Promise<SopDocumentSummary[]> {
  const rows = await currentVersions(db);
  return rows.map((row) => ({
    id: row.id,
    path: row.path,
    agent: row.agent,
    title: row.title,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    sectionCount: row.sectionCount,
  }));
}

/** A document at its current version, or at the version asked for. */
export async function getDocument(db: Executor, ref: SopRef): Promise<SopDocumentView> {
  const document = await findDocument(db, 'path' in ref ? { path: ref.path } : { id: ref.documentId });
  if (!document?.currentVersionId) throw notFound('SOP');
  const current = await findVersion(db, { id: document.currentVersionId });
  if (!current) throw notFound('SOP');
  const version =
    ref.version === undefined || ref.version === current.version
      ? current
      : await findVersion(db, { documentId: document.id, version: ref.version });
  if (!version) throw notFound(`Version ${ref.version} of ${document.path}`);
  return {
    document: {
      id: document.id,
      path: document.path,
      agent: document.agent,
      title: document.title,
      currentVersion: current.version,
    },
    version: versionMeta(version),
    isCurrent: version.id === current.id,
    content: version.content,
    sections: await sectionsOfVersion(db, version.id),
  };
}

/** Every version, newest first, each with its diff against the one before. */
export async function documentHistory(db: Executor, documentId: string): Promise<SopHistoryEntry[]> {
  const document = await findDocument(db, { id: documentId });
  if (!document) throw notFound('SOP');
  const versions = await versionsOfDocument(db, documentId);
  return versions
    .map((row, index) => ({
      ...versionMeta(row),
      ...versionDiff(document.path, versions[index - 1] ?? null, row),
    }))
    .reverse();
}

/** A unified diff between any two versions of a document (an older `to` shows what a rollback undoes). */
export async function compareVersions(
  db: Executor,
  input: { documentId: string; from: number; to: number },
): Promise<SopVersionComparison> {
  const document = await findDocument(db, { id: input.documentId });
  if (!document?.currentVersionId) throw notFound('SOP');
  const [from, to, current] = await Promise.all([
    findVersion(db, { documentId: document.id, version: input.from }),
    findVersion(db, { documentId: document.id, version: input.to }),
    findVersion(db, { id: document.currentVersionId }),
  ]);
  if (!from) throw notFound(`Version ${input.from} of ${document.path}`);
  if (!to) throw notFound(`Version ${input.to} of ${document.path}`);
  return {
    document: {
      id: document.id,
      path: document.path,
      agent: document.agent,
      title: document.title,
      currentVersion: current?.version ?? to.version,
    },
    from: versionMeta(from),
    to: versionMeta(to),
    ...versionDiff(document.path, from, to),
  };
}
