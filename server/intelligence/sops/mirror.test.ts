import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Executor } from '../../db/types.ts';
import type { Logger } from '../../logger.ts';
import { mirrorTarget, SopMirror } from './mirror.ts';

describe('the SOPS_DIR mirror', () => {
  const made: string[] = [];
  afterEach(async () => {
    for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clubos-mirror-'));
    made.push(dir);
    return dir;
  };

  it('is on only when the operator names a folder (SOPS_DIR or CLUBOS_SOPS_DIR)', () => {
    expect(loadConfig({}).sopsMirrorDir).toBeUndefined();
    expect(loadConfig({ SOPS_DIR: '/srv/sops' })).toMatchObject({
      sopsMirrorDir: '/srv/sops',
      sopsDir: '/srv/sops',
    });
    expect(loadConfig({ CLUBOS_SOPS_DIR: '/srv/a', SOPS_DIR: '/srv/b' }).sopsMirrorDir).toBe('/srv/a');
  });

  it('never resolves a path outside its folder', () => {
    expect(mirrorTarget('/srv/sops', 'booking/door-access.md')).toBe('/srv/sops/booking/door-access.md');
    for (const bad of [
      '../etc/passwd.md',
      'booking/../../x.md',
      '/etc/x.md',
      'prompts/system.md',
      'booking\\x.md',
    ]) {
      expect(() => mirrorTarget('/srv/sops', bad)).toThrow();
    }
  });

  it('writes atomically, creating folders, and leaves no temporary file', async () => {
    const dir = await tempDir();
    const db = fakeDb('# Door access\n\nNew text\n');
    await new SopMirror(dir, db, silentLogger()).mirror('doc-1', 'booking/door-access.md');
    expect(await readFile(path.join(dir, 'booking', 'door-access.md'), 'utf8')).toBe(
      '# Door access\n\nNew text\n',
    );
    expect(await readdir(path.join(dir, 'booking'))).toEqual(['door-access.md']);
  });

  it('logs a failed write with the path and code only, and does not throw', async () => {
    const dir = await tempDir();
    // A file where the agent folder should be: mkdir fails.
    await writeFile(path.join(dir, 'booking'), 'not a folder');
    const logger = silentLogger();
    const secret = 'Customer Jane at +19025551234 said';
    await expect(
      new SopMirror(dir, fakeDb(secret), logger).mirror('doc-1', 'booking/door-access.md'),
    ).resolves.toBeUndefined();
    expect(logger.error).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(vi.mocked(logger.error).mock.calls);
    expect(logged).toContain('booking/door-access.md');
    expect(logged).not.toContain('Jane');
  });

  it('does nothing without a folder', async () => {
    const db = fakeDb('x');
    await new SopMirror(undefined, db, silentLogger()).mirror('doc-1', 'booking/door-access.md');
    expect(db.select).not.toHaveBeenCalled();
  });
});

/** Just enough of a query builder for currentContentOf: select…from…innerJoin…where → rows. */
function fakeDb(content: string) {
  const chain = {
    from: () => chain,
    innerJoin: () => chain,
    where: () => Promise.resolve([{ content }]),
  };
  return { select: vi.fn(() => chain) } as unknown as Executor & { select: ReturnType<typeof vi.fn> };
}

function silentLogger() {
  return { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() } as unknown as Logger & {
    error: ReturnType<typeof vi.fn>;
  };
}
