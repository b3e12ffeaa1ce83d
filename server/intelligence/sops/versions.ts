import { createHash } from 'node:crypto';
import type { SopVersionSource } from '../../../shared/sops.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import type { SopDocumentRow } from '../../db/schema/index.ts';
import type { Tx } from '../../db/types.ts';
import { DomainError, notFound } from '../../errors.ts';
import { authorOf, type SopContext } from './context.ts';
import { type ParsedSop, parseSop } from './parse.ts';
import {
  findVersion,
  insertSections,
  insertVersion,
  latestVersion,
  lockDocument,
  setCurrentVersion,
} from './repository.ts';

// Every change to an SOP is a new version: imports, edits, approved proposals and rollbacks all go
// through writeVersion, so versions are never rewritten and an answer's provenance stays true.

export type VersionOptions = {
  source: SopVersionSource;
  note?: string | null;
  /** The version's author; defaults to the audit actor when that is a staff member. */
  createdBy?: string | null;
  audit: AuditContext;
};

export type CreatedVersion = { id: string; documentId: string; path: string; version: number };

export const contentHash = (content: string) => createHash('sha256').update(content).digest('hex');

/** Writes version N+1 of a document and makes it current. The caller holds the document's row lock. */
export async function writeVersion(
  ctx: SopContext,
  tx: Tx,
  document: SopDocumentRow,
  parsed: ParsedSop,
  meta: { source: SopVersionSource; note: string | null; createdBy: string | null },
): Promise<CreatedVersion> {
  const now = ctx.now();
  const version = await insertVersion(tx, {
    documentId: document.id,
    version: (await latestVersion(tx, document.id)) + 1,
    content: parsed.content,
    contentHash: contentHash(parsed.content),
    ...meta,
    createdAt: now,
  });
  await insertSections(
    tx,
    { id: version.id, documentId: document.id, agent: document.agent },
    parsed.sections,
  );
  await setCurrentVersion(tx, document.id, { versionId: version.id, title: parsed.title, now });
  return { id: version.id, documentId: document.id, path: document.path, version: version.version };
}

/**
 * The primitive for every later change (edits, approved proposals, rollbacks): version N+1 with its
 * sections, made current and audited, in one transaction. Pass `tx` to join the caller's transaction
 * (a proposal's approval and its new version commit together).
 */
export function createVersion(
  ctx: SopContext,
  documentId: string,
  content: string,
  options: VersionOptions,
  tx?: Tx,
): Promise<CreatedVersion> {
  const run = async (tx: Tx) => {
    const document = await lockDocument(tx, { id: documentId });
    if (!document) throw notFound('SOP');
    const parsed = parseSop(document.path, content);
    const current = document.currentVersionId
      ? await findVersion(tx, { id: document.currentVersionId })
      : undefined;
    if (current?.contentHash === contentHash(parsed.content)) {
      throw new DomainError('conflict', `${document.path} already has this content (v${current.version})`);
    }
    const note = options.note ?? null;
    const created = await writeVersion(ctx, tx, document, parsed, {
      source: options.source,
      note,
      createdBy: options.createdBy === undefined ? authorOf(options.audit) : options.createdBy,
    });
    await recordAudit(tx, options.audit, {
      action: 'sop.version_created',
      targetType: 'sop',
      targetId: document.id,
      before: current ? { version: current.version } : null,
      after: { path: document.path, version: created.version, source: options.source, note },
    });
    return created;
  };
  return tx ? run(tx) : ctx.db.transaction(run);
}

/** Makes an old version's content current again, as a new version (history only ever grows). */
export function rollback(
  ctx: SopContext,
  documentId: string,
  toVersion: number,
  audit: AuditContext,
): Promise<CreatedVersion> {
  return ctx.db.transaction(async (tx) => {
    const document = await lockDocument(tx, { id: documentId });
    if (!document) throw notFound('SOP');
    const target = await findVersion(tx, { documentId, version: toVersion });
    if (!target) throw notFound(`Version ${toVersion} of ${document.path}`);
    if (target.id === document.currentVersionId) {
      throw new DomainError(
        'invalid_input',
        `v${toVersion} is already the current version of ${document.path}`,
      );
    }
    return createVersion(
      ctx,
      documentId,
      target.content,
      { source: 'rollback', note: `Rolled back to v${toVersion}`, audit },
      tx,
    );
  });
}
