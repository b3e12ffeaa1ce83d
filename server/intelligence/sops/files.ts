import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../../errors.ts';
import { agentOfPath } from './parse.ts';

// Reading and writing an sops/ folder. Kept apart from the service so the CLI can read a folder on
// its own machine and send the files through a running server (which may not see that folder).

/** One SOP file: its path under sops/ ("booking/door-access.md") and its markdown. */
export type SopFile = { path: string; content: string };

const MAX_FILES = 2_000;

/**
 * Every markdown file under `dir`, except the folder's own README.md. Paths outside the agent folders
 * are kept, so the import refuses them by name instead of silently skipping a misplaced SOP.
 */
export async function readSopDirectory(dir: string): Promise<SopFile[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new DomainError('invalid_input', `SOP folder ${dir} does not exist`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    // Hidden files and folders (an editor's swap files, .git) are not SOPs.
    .filter(
      (relative) => relative !== 'README.md' && !relative.split('/').some((part) => part.startsWith('.')),
    )
    .sort();
  if (files.length > MAX_FILES) {
    throw new DomainError('invalid_input', `${dir} holds more than ${MAX_FILES} markdown files`);
  }
  return Promise.all(
    files.map(async (relative) => ({
      path: relative,
      content: await readFile(path.join(dir, ...relative.split('/')), 'utf8'),
    })),
  );
}

/** Writes each file under `dir`, creating the agent folders; returns how many were written. */
export async function writeSopDirectory(dir: string, files: SopFile[]): Promise<number> {
  for (const file of files) {
    // Stored paths were checked on the way in; checked again so no row can write outside `dir`.
    agentOfPath(file.path);
    const target = path.join(dir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
  return files.length;
}
