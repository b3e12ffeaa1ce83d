import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}

type Owner = { pid: number; startedAt: string; purpose: string; url?: string };

const ownerFile = (dataDir: string) => `${path.resolve(dataDir)}.owner.json`;

/**
 * PGlite is single-process: two processes on one directory corrupt it. This takes an exclusive,
 * stale-aware lock next to the directory and fails fast, naming the current owner, when it is held.
 */
export async function lockDataDir(
  dataDir: string,
  purpose: string,
): Promise<{ release(): Promise<void>; describeOwner(url: string): Promise<void> }> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  let releaseLock: () => Promise<void>;
  try {
    releaseLock = await lockfile.lock(dir, {
      lockfilePath: `${dir}.lock`,
      stale: 15_000,
      update: 5_000,
      retries: 0,
      onCompromised: (error) => {
        // Another process took over a lock we believed we held; continuing risks corruption.
        console.error(`ClubOS lost the lock on ${dir}: ${error.message}. Exiting to protect the data.`);
        process.exit(70);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new DataDirBusyError(await busyMessage(dir));
  }
  const owner: Owner = { pid: process.pid, startedAt: new Date().toISOString(), purpose };
  await writeFile(ownerFile(dir), JSON.stringify(owner));
  return {
    async describeOwner(url: string) {
      await writeFile(ownerFile(dir), JSON.stringify({ ...owner, url }));
    },
    async release() {
      await rm(ownerFile(dir), { force: true });
      await releaseLock();
    },
  };
}

/** Who holds the directory, as the holder described itself; undefined when nobody says. */
export async function readDataDirOwner(dataDir: string): Promise<Owner | undefined> {
  try {
    return JSON.parse(await readFile(ownerFile(path.resolve(dataDir)), 'utf8')) as Owner;
  } catch {
    // No owner file: the lock is fresh or its owner crashed.
    return undefined;
  }
}

async function busyMessage(dir: string): Promise<string> {
  const owner = await readDataDirOwner(dir);
  const who = owner
    ? `a running ClubOS ${owner.purpose} (pid ${owner.pid}${owner.url ? `, ${owner.url}` : ''})`
    : 'another ClubOS process';
  return (
    `The embedded database in ${dir} is in use by ${who}. ` +
    'Only one process can open it at a time. Stop that process and try again, ' +
    'or set DATABASE_URL to use a PostgreSQL server that many processes can share.'
  );
}
