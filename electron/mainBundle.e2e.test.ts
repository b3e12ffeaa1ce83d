// Loads the BUILT main bundle (out/main/main.js, from `npm run build`) with the fake Electron module in
// place of the real one, so a wiring or bundling mistake (wrong preload path, keytar bundled, a
// dependency the bundle cannot resolve) shows without the Electron binary.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from './testing/fakeElectron.ts';

const fake = vi.hoisted(() => ({ electron: null as FakeElectron | null }));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fakeElectron.ts');
  fake.electron = createFakeElectron(join('/', 'nonexistent', 'userData'));
  return fake.electron;
});
vi.mock('keytar', async () => {
  const { FakeKeytar } = await import('./testing/fakeElectron.ts');
  return { default: new FakeKeytar() };
});

const out = resolve(import.meta.dirname, '..', 'out');
const mainBundle = join(out, 'main', 'main.js');
let userData: string;

function electron(): FakeElectron {
  if (!fake.electron) throw new Error('the bundle never imported electron');
  return fake.electron;
}

beforeAll(async () => {
  if (!existsSync(mainBundle)) throw new Error(`${mainBundle} is missing: run \`npm run build\` first`);
  userData = await mkdtemp(join(tmpdir(), 'clubos-main-bundle-'));
  vi.stubEnv('CLUBOS_USER_DATA_DIR', userData);
  await import(/* @vite-ignore */ mainBundle);
  electron().app.becomeReady();
  await vi.waitFor(() => expect(electron().BrowserWindow.created).toHaveLength(1));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  if (userData) await rm(userData, { recursive: true, force: true });
});

describe('the built main bundle', () => {
  it('starts with the userData it was given and takes the single-instance lock', () => {
    expect(electron().app.getPath('userData')).toBe(userData);
    expect(electron().protocol.privileged.map((scheme) => scheme.scheme)).toEqual(['app']);
  });

  it('gives the window the sandboxed preload that the build wrote', () => {
    const [window] = electron().BrowserWindow.created;
    const preload = window?.options.webPreferences.preload ?? '';
    expect(preload).toBe(join(out, 'preload', 'preload.cjs'));
    expect(existsSync(preload)).toBe(true);
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(window?.loadedUrls).toEqual(['app://clubos/index.html']);
  });

  it('serves the renderer from out/renderer with the CSP', async () => {
    const response = await electron().protocol.fetch('app://clubos/index.html');
    const expected = existsSync(join(out, 'renderer', 'index.html')) ? 200 : 404;
    expect(response.status).toBe(expected);
    expect(response.headers.get('content-security-policy')).toContain('connect-src http://127.0.0.1:4310');
  });

  it('answers IPC from its window, with keytar loaded on demand', async () => {
    const [window] = electron().BrowserWindow.created;
    if (!window) throw new Error('no window');
    await expect(
      electron().ipcMain.invoke('credentials.status', { contents: window.webContents }),
    ).resolves.toEqual({ available: true });
  });
});
