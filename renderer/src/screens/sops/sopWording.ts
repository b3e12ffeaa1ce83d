import type { SopVersionSource } from '../../../../shared/sops.ts';

export const versionSourceLabels: Record<SopVersionSource, string> = {
  import: 'Imported from the SOP files',
  edit: 'Edited by a manager',
  proposal: 'Approved proposal',
  rollback: 'Rollback',
};

/** The kind of a unified diff line, for its colour and its spoken prefix. */
export function diffLineKind(line: string): 'added' | 'removed' | 'hunk' | 'header' | 'same' {
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'same';
}
