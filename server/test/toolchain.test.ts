import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
const allDependencies = { ...manifest.dependencies, ...manifest.devDependencies };

describe('toolchain pins', () => {
  it('pins every dependency to an exact version', () => {
    const loose = Object.entries(allDependencies).filter(([, range]) => !/^\d+\.\d+\.\d+$/.test(range));
    expect(loose).toEqual([]);
  });

  it('keeps every @trpc/* package on one identical version, in the manifest and the lockfile', () => {
    const installed = Object.entries(lock.packages)
      .filter(([name]) => /node_modules\/@trpc\/[^/]+$/.test(name))
      .map(([, entry]) => entry.version);
    const declared = Object.entries(allDependencies)
      .filter(([name]) => name.startsWith('@trpc/'))
      .map(([, version]) => version);
    expect(declared.length).toBeGreaterThan(0);
    expect(new Set([...declared, ...installed]).size).toBe(1);
  });

  it('targets Node 24 LTS and accepts >=22.12', () => {
    expect(read('.nvmrc').trim()).toBe('24');
    expect(manifest.engines.node).toBe('>=22.12');
  });
});
