import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Executor } from '../../db/types.ts';
import type { Logger } from '../../logger.ts';
import { agentOfPath } from './parse.ts';
import { currentContentOf } from './repository.ts';

// When the operator sets SOPS_DIR, each new current version is also written there, so the folder
// (in git, on a share) follows the app. The database stays the source of truth: the mirror runs after
// the commit and a failed write is only logged. With no SOPS_DIR nothing is written, so the sops/
// folder shipped with ClubOS is never overwritten by default.

export class SopMirror {
  /** One write at a time per path, so a slow older write cannot land after a newer one. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string | undefined,
    private readonly db: Executor,
    private readonly logger: Logger,
  ) {}

  /** Writes the document's current content (read now, not what the caller saw) under the mirror. */
  mirror(documentId: string, sopPath: string): Promise<void> {
    const dir = this.dir;
    if (dir === undefined) return Promise.resolve();
    const previous = this.queues.get(sopPath) ?? Promise.resolve();
    const next = previous.then(() => this.write(dir, documentId, sopPath));
    this.queues.set(sopPath, next);
    return next.finally(() => {
      if (this.queues.get(sopPath) === next) this.queues.delete(sopPath);
    });
  }

  private async write(dir: string, documentId: string, sopPath: string): Promise<void> {
    try {
      const content = await currentContentOf(this.db, documentId);
      if (content === undefined) return;
      await writeAtomically(mirrorTarget(dir, sopPath), content);
    } catch (error) {
      // The path and the error's code only: never the content, which may quote customers.
      const code = (error as { code?: unknown }).code;
      this.logger.error(
        { path: sopPath, code: typeof code === 'string' ? code : undefined },
        'could not mirror an SOP version to SOPS_DIR; the database has it',
      );
    }
  }
}

/** `<dir>/<agent folder>/<name>.md`, refusing any path that would land outside `dir`. */
export function mirrorTarget(dir: string, sopPath: string): string {
  agentOfPath(sopPath);
  const root = path.resolve(dir);
  const target = path.resolve(root, ...sopPath.split('/'));
  if (!target.startsWith(`${root}${path.sep}`)) throw new Error(`${sopPath} is outside the SOP mirror`);
  return target;
}

/** A reader sees the old file or the new one, never half of one: write beside it, then rename. */
async function writeAtomically(target: string, content: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
