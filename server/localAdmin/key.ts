import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * With PGlite only the server can open the database, so CLI commands that change data are sent
 * through it instead. They prove they run on this machine, as the same OS user, by reading this key
 * from a file only that user can read: the same trust that opening the data directory would need.
 */
export const localAdminKeyPath = (dataDir: string) => `${path.resolve(dataDir)}.admin-key`;

export async function createLocalAdminKey(
  dataDir: string,
): Promise<{ key: string; remove(): Promise<void> }> {
  const file = localAdminKeyPath(dataDir);
  const key = `clk_${randomBytes(32).toString('base64url')}`;
  // Removed first: writeFile keeps the mode of an existing file, and this one must be 0600.
  await rm(file, { force: true });
  await writeFile(file, key, { mode: 0o600 });
  return { key, remove: () => rm(file, { force: true }) };
}

export async function readLocalAdminKey(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(localAdminKeyPath(dataDir), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function isLocalAdminKey(expected: string | undefined, offered: string | null): boolean {
  if (!expected || !offered) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
export const isLoopback = (ip: string | null) => ip !== null && LOOPBACK.has(ip);
