import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir } from './dataDirLock.ts';

describe('PGlite data directory lock', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('refuses a second holder at once and names the owner, then frees on release', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'clubos-lock-'));
    const dataDir = path.join(root, 'data');
    const first = await lockDataDir(dataDir, 'server');
    await first.describeOwner('http://127.0.0.1:4310');

    const started = Date.now();
    const second = lockDataDir(dataDir, 'migrate command');
    await expect(second).rejects.toBeInstanceOf(DataDirBusyError);
    await expect(second).rejects.toThrow(
      /in use by a running ClubOS server \(pid \d+, http:\/\/127\.0\.0\.1:4310\)/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);

    await first.release();
    const third = await lockDataDir(dataDir, 'migrate command');
    await third.release();
  });
});
