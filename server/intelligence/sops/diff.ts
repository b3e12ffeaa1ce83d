import { formatPatch, structuredPatch } from 'diff';

export type VersionDiff = { diff: string; added: number; removed: number };

/** A unified diff from one version's content to the next, with the counts a history list shows. */
export function versionDiff(
  path: string,
  before: { version: number; content: string } | null,
  after: { version: number; content: string },
): VersionDiff {
  const patch = structuredPatch(
    before ? `${path} (v${before.version})` : '/dev/null',
    `${path} (v${after.version})`,
    before?.content ?? '',
    after.content,
    undefined,
    undefined,
    { context: 3 },
  );
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added += 1;
      else if (line.startsWith('-')) removed += 1;
    }
  }
  return { diff: patch.hunks.length === 0 ? '' : formatPatch(patch), added, removed };
}
