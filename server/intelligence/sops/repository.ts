import { and, asc, count, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SopAgent, SopVersionSource } from '../../../shared/sops.ts';
import { sopDocuments, sopSections, sopVersions, users } from '../../db/schema/index.ts';
import type { Executor, Tx } from '../../db/types.ts';
import type { SopSection } from './parse.ts';

// The only code that touches the SOP tables, apart from searchRepository.ts.

export async function countDocuments(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(sopDocuments);
  return row?.n ?? 0;
}

export async function findDocument(db: Executor, ref: { id: string } | { path: string }) {
  const where = 'id' in ref ? eq(sopDocuments.id, ref.id) : eq(sopDocuments.path, ref.path);
  const [row] = await db.select().from(sopDocuments).where(where);
  return row;
}

/** Locks the document row, so concurrent writers of one SOP take consecutive version numbers. */
export async function lockDocument(tx: Tx, ref: { id: string } | { path: string }) {
  const where = 'id' in ref ? eq(sopDocuments.id, ref.id) : eq(sopDocuments.path, ref.path);
  const [row] = await tx.select().from(sopDocuments).where(where).for('update');
  return row;
}

/** Inserts a document with no version yet; undefined if another writer created that path first. */
export async function insertDocument(
  tx: Tx,
  values: { path: string; agent: SopAgent; title: string; now: Date },
) {
  const [row] = await tx
    .insert(sopDocuments)
    .values({
      path: values.path,
      agent: values.agent,
      title: values.title,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoNothing({ target: sopDocuments.path })
    .returning();
  return row;
}

export async function latestVersion(db: Executor, documentId: string) {
  const [row] = await db
    .select({ version: sql<number>`max(${sopVersions.version})` })
    .from(sopVersions)
    .where(eq(sopVersions.documentId, documentId));
  return row?.version ?? 0;
}

export async function insertVersion(
  tx: Tx,
  values: {
    documentId: string;
    version: number;
    content: string;
    contentHash: string;
    source: SopVersionSource;
    note: string | null;
    createdBy: string | null;
    approvedBy: string | null;
    proposalId: string | null;
    createdAt: Date;
  },
) {
  const [row] = await tx.insert(sopVersions).values(values).returning();
  if (!row) throw new Error('insert into sop_versions returned no row');
  return row;
}

export async function insertSections(
  tx: Tx,
  version: { id: string; documentId: string; agent: SopAgent },
  sections: SopSection[],
): Promise<void> {
  if (sections.length === 0) return;
  await tx.insert(sopSections).values(
    sections.map((section) => ({
      versionId: version.id,
      documentId: version.documentId,
      agent: version.agent,
      ...section,
    })),
  );
}

export async function setCurrentVersion(
  tx: Tx,
  documentId: string,
  values: { versionId: string; title: string; now: Date },
): Promise<void> {
  await tx
    .update(sopDocuments)
    .set({ currentVersionId: values.versionId, title: values.title, updatedAt: values.now })
    .where(eq(sopDocuments.id, documentId));
}

// A version has up to two staff members: its author and the manager who approved it.
const approvers = alias(users, 'approvers');

const versionColumns = {
  id: sopVersions.id,
  documentId: sopVersions.documentId,
  version: sopVersions.version,
  content: sopVersions.content,
  contentHash: sopVersions.contentHash,
  source: sopVersions.source,
  note: sopVersions.note,
  createdAt: sopVersions.createdAt,
  authorId: users.id,
  authorName: users.name,
  approverId: approvers.id,
  approverName: approvers.name,
  proposalId: sopVersions.proposalId,
};

export type VersionWithAuthor = Awaited<ReturnType<typeof versionsOfDocument>>[number];

/** One version by its id, or by its number within a document. */
export async function findVersion(
  db: Executor,
  ref: { id: string } | { documentId: string; version: number },
) {
  const where =
    'id' in ref
      ? eq(sopVersions.id, ref.id)
      : and(eq(sopVersions.documentId, ref.documentId), eq(sopVersions.version, ref.version));
  const [row] = await db
    .select(versionColumns)
    .from(sopVersions)
    .leftJoin(users, eq(users.id, sopVersions.createdBy))
    .leftJoin(approvers, eq(approvers.id, sopVersions.approvedBy))
    .where(where);
  return row;
}

/** Every version of a document, oldest first. */
export function versionsOfDocument(db: Executor, documentId: string) {
  return db
    .select(versionColumns)
    .from(sopVersions)
    .leftJoin(users, eq(users.id, sopVersions.createdBy))
    .leftJoin(approvers, eq(approvers.id, sopVersions.approvedBy))
    .where(eq(sopVersions.documentId, documentId))
    .orderBy(asc(sopVersions.version));
}

export function sectionsOfVersion(db: Executor, versionId: string) {
  return db
    .select({
      id: sopSections.id,
      ordinal: sopSections.ordinal,
      heading: sopSections.heading,
      body: sopSections.body,
    })
    .from(sopSections)
    .where(eq(sopSections.versionId, versionId))
    .orderBy(asc(sopSections.ordinal));
}

/** Every document with its current version's number, hash, content and section count, by path. */
export function currentVersions(db: Executor) {
  return db
    .select({
      id: sopDocuments.id,
      path: sopDocuments.path,
      agent: sopDocuments.agent,
      title: sopDocuments.title,
      updatedAt: sopDocuments.updatedAt,
      version: sopVersions.version,
      content: sopVersions.content,
      contentHash: sopVersions.contentHash,
      sectionCount: sql<number>`(select count(*)::int from ${sopSections} where ${sopSections.versionId} = ${sopVersions.id})`,
    })
    .from(sopDocuments)
    .innerJoin(sopVersions, eq(sopVersions.id, sopDocuments.currentVersionId))
    .orderBy(asc(sopDocuments.path));
}

/** The content of a document's current version, if it has one. */
export async function currentContentOf(db: Executor, documentId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ content: sopVersions.content })
    .from(sopDocuments)
    .innerJoin(sopVersions, eq(sopVersions.id, sopDocuments.currentVersionId))
    .where(eq(sopDocuments.id, documentId));
  return row?.content;
}
