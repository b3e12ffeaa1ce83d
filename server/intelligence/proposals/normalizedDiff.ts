import { createHash } from 'node:crypto';
import { diffArrays } from 'diff';
import { normaliseContent } from '../sops/parse.ts';

// Two proposals are the same when they make the same edit, however the model spaced, punctuated or
// summarised it. The key hashes only the changed lines, in order, each in a loose normal form, so a
// proposal a manager rejected yesterday cannot come back with different line endings or a new summary.

/** Lowercase words and symbols with punctuation and spacing dropped; "" for a blank line. */
function normaliseLine(line: string): string {
  return line.normalize('NFKC').toLowerCase().replace(/\p{P}/gu, '').replace(/\s+/g, ' ').trim();
}

// Blank lines are dropped before diffing: adding or removing spacing between paragraphs is not an edit.
const normalLines = (content: string) =>
  normaliseContent(content)
    .split('\n')
    .map(normaliseLine)
    .filter((line) => line !== '');

/**
 * sha256 hex of the normalised change from `currentContent` (null for a new file) to `newContent`.
 * The key says nothing of the path: compare it with proposals for the same SOP.
 */
export function normalizedDiffKey(currentContent: string | null, newContent: string): string {
  const changed = diffArrays(normalLines(currentContent ?? ''), normalLines(newContent)).flatMap((change) => {
    if (change.added) return change.value.map((line) => `+${line}`);
    if (change.removed) return change.value.map((line) => `-${line}`);
    return [];
  });
  return createHash('sha256').update(changed.join('\n')).digest('hex');
}

/** True when the key matches an open or recently rejected proposal's key. */
export function isDuplicate(key: string, recentKeys: string[]): boolean {
  return recentKeys.includes(key);
}
