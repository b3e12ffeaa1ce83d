import type { SopImportSummary } from '../../../shared/sops.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { DomainError } from '../../errors.ts';
import { authorOf, type SopContext } from './context.ts';
import type { SopFile } from './files.ts';
import { type ParsedSop, parseSop } from './parse.ts';
import { findVersion, insertDocument, lockDocument } from './repository.ts';
import { announceVersion, type CreatedVersion, contentHash, writeVersion } from './versions.ts';

// Files are only the seed: an import adds what is new or changed as a version and never deletes, so a
// document edited in the app survives a re-import unless its file changed too.

const IMPORT_NOTE = 'Imported from file';

/** Every problem in the files at once, so one run of the CLI shows them all; nothing is written. */
export function parseAll(files: SopFile[]): { path: string; parsed: ParsedSop }[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const parsed: { path: string; parsed: ParsedSop }[] = [];
  for (const file of files) {
    if (seen.has(file.path)) problems.push(`${file.path}: given twice`);
    seen.add(file.path);
    try {
      parsed.push({ path: file.path, parsed: parseSop(file.path, file.content) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 1) throw new DomainError('invalid_input', problems[0] ?? '');
  if (problems.length > 1) {
    throw new DomainError(
      'invalid_input',
      `${problems.length} SOP files are invalid:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
    );
  }
  return parsed;
}

/**
 * New files become version 1, changed files a new version with source 'import', unchanged ones
 * nothing. One transaction and one `sops.imported` audit row (none when nothing changed).
 */
export async function importFiles(
  ctx: SopContext,
  files: SopFile[],
  audit: AuditContext,
): Promise<SopImportSummary> {
  const parsed = parseAll(files);
  const meta = { source: 'import' as const, note: IMPORT_NOTE, createdBy: authorOf(audit) };
  return ctx.db.transaction(async (tx) => {
    const summary: SopImportSummary = { created: 0, updated: 0, unchanged: 0 };
    const changed: string[] = [];
    const written: CreatedVersion[] = [];
    for (const { path, parsed: sop } of parsed) {
      // A second server importing at the same first start waits on the unique path, then finds it.
      const created = await insertDocument(tx, { path, agent: sop.agent, title: sop.title, now: ctx.now() });
      const document = created ?? (await lockDocument(tx, { path }));
      if (!document) throw new Error(`SOP ${path} vanished during the import`);
      const current = document.currentVersionId
        ? await findVersion(tx, { id: document.currentVersionId })
        : undefined;
      if (current?.contentHash === contentHash(sop.content)) {
        summary.unchanged += 1;
        continue;
      }
      written.push(await writeVersion(ctx, tx, document, sop, meta));
      changed.push(path);
      if (created) summary.created += 1;
      else summary.updated += 1;
    }
    if (changed.length > 0) {
      await recordAudit(tx, audit, {
        action: 'sops.imported',
        targetType: 'sop',
        after: { ...summary, changed },
      });
    }
    for (const version of written) await announceVersion(tx, version);
    return summary;
  });
}
