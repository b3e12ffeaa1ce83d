import { createHash } from 'node:crypto';
import {
  SOP_VERSION_CREATED,
  type SopAgent,
  type SopVersionCreatedEvent,
  type SopVersionSource,
} from '../../../shared/sops.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import type { SopDocumentRow } from '../../db/schema/index.ts';
import type { Tx } from '../../db/types.ts';
import { DomainError, notFound } from '../../errors.ts';
import { publishEvent } from '../../events/publish.ts';
import { authorOf, type SopContext } from './context.ts';
import { type ParsedSop, parseSop } from './parse.ts';
import {
  findVersion,
  insertDocument,
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
  /** Set by an approval: the approving manager and the proposal the version comes from. */
  approvedBy?: string | null;
  proposalId?: string | null;
  audit: AuditContext;
};

type VersionMeta = {
  source: SopVersionSource;
  note: string | null;
  createdBy: string | null;
  approvedBy?: string | null;
  proposalId?: string | null;
};

export type CreatedVersion = {
  id: string;
  documentId: string;
  path: string;
  version: number;
  source: SopVersionSource;
};

export const contentHash = (content: string) => createHash('sha256').update(content).digest('hex');

/**
 * Writes version N+1 of a document and makes it current. The caller holds the document's row lock,
 * and announces the version (announceVersion) after its audit row.
 */
export async function writeVersion(
  ctx: SopContext,
  tx: Tx,
  document: SopDocumentRow,
  parsed: ParsedSop,
  meta: VersionMeta,
): Promise<CreatedVersion> {
  const now = ctx.now();
  const version = await insertVersion(tx, {
    documentId: document.id,
    version: (await latestVersion(tx, document.id)) + 1,
    content: parsed.content,
    contentHash: contentHash(parsed.content),
    source: meta.source,
    note: meta.note,
    createdBy: meta.createdBy,
    approvedBy: meta.approvedBy ?? null,
    proposalId: meta.proposalId ?? null,
    createdAt: now,
  });
  await insertSections(
    tx,
    { id: version.id, documentId: document.id, agent: document.agent },
    parsed.sections,
  );
  await setCurrentVersion(tx, document.id, { versionId: version.id, title: parsed.title, now });
  return {
    id: version.id,
    documentId: document.id,
    path: document.path,
    version: version.version,
    source: meta.source,
  };
}

/**
 * Tells every server instance of a new version (`sop.version_created`), sent only if the transaction
 * commits; agents read SOPs from the database per message, so the next answer uses it either way.
 * Called after the audit row: every writer takes the audit chain's lock before the events' lock, so
 * two transactions never wait on each other's.
 */
export async function announceVersion(tx: Tx, created: CreatedVersion): Promise<void> {
  const payload: SopVersionCreatedEvent = {
    documentId: created.documentId,
    path: created.path,
    version: created.version,
    source: created.source,
  };
  await publishEvent(tx, { type: SOP_VERSION_CREATED, facilityId: null, payload });
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
    const created = await writeVersion(ctx, tx, document, parsed, versionMeta(options));
    await recordAudit(tx, options.audit, {
      action: 'sop.version_created',
      targetType: 'sop',
      targetId: document.id,
      before: current ? { version: current.version } : null,
      after: auditAfter(created, options),
    });
    await announceVersion(tx, created);
    return created;
  };
  return tx ? run(tx) : ctx.db.transaction(run);
}

/**
 * A new SOP file: the document and its version 1, audited, in the caller's transaction (an approved
 * proposal for a new file). If another writer created that path meanwhile, it is a conflict: the
 * proposal was written against a file that did not exist.
 */
export async function createDocument(
  ctx: SopContext,
  tx: Tx,
  input: { path: string; agent: SopAgent; content: string },
  options: VersionOptions,
): Promise<CreatedVersion> {
  const parsed = parseSop(input.path, input.content);
  if (parsed.agent !== input.agent) {
    throw new DomainError('invalid_input', `${input.path} is not in the ${input.agent} agent's folder`);
  }
  const document = await insertDocument(tx, {
    path: input.path,
    agent: parsed.agent,
    title: parsed.title,
    now: ctx.now(),
  });
  if (!document) throw new DomainError('conflict', `${input.path} was created by someone else meanwhile.`);
  const created = await writeVersion(ctx, tx, document, parsed, versionMeta(options));
  await recordAudit(tx, options.audit, {
    action: 'sop.document_created',
    targetType: 'sop',
    targetId: document.id,
    after: auditAfter(created, options),
  });
  await announceVersion(tx, created);
  return created;
}

function versionMeta(options: VersionOptions): VersionMeta {
  return {
    source: options.source,
    note: options.note ?? null,
    createdBy: options.createdBy === undefined ? authorOf(options.audit) : options.createdBy,
    approvedBy: options.approvedBy ?? null,
    proposalId: options.proposalId ?? null,
  };
}

const auditAfter = (created: CreatedVersion, options: VersionOptions) => ({
  path: created.path,
  version: created.version,
  source: options.source,
  note: options.note ?? null,
  ...(options.proposalId ? { proposalId: options.proposalId, approvedBy: options.approvedBy ?? null } : {}),
});

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
