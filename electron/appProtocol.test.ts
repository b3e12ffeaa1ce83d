import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, registerAppScheme, resolveInside } from './appProtocol.ts';
import { FakeProtocol } from './testing/fakeElectron.ts';

const CSP = "default-src 'none'; connect-src http://127.0.0.1:4310";

let base: string;
let rendererDir: string;
let serve: (url: string, init?: RequestInit) => Promise<Response>;
let csp = CSP;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'clubos-protocol-'));
  rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>ClubOS</title>');
  await writeFile(join(rendererDir, 'assets', 'app-1a2b.js'), 'console.log("app")');
  await writeFile(join(rendererDir, 'assets', 'app-1a2b.css'), 'body{}');
  await writeFile(join(base, 'secret.txt'), 'TOP SECRET');
  await writeFile(join(base, 'settings.json'), '{"token":"TOP SECRET"}');
  const handler = createAppProtocolHandler({ rootDir: rendererDir, contentSecurityPolicy: () => csp });
  serve = (url, init) => handler(new Request(url, init));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('registerAppScheme', () => {
  it('registers app: as a standard, secure scheme with fetch support', () => {
    const protocol = new FakeProtocol(() => false);
    registerAppScheme(protocol);
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });
});

describe('the app:// handler', () => {
  it('serves index.html with its content type and the CSP', async () => {
    const response = await serve('app://clubos/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>ClubOS</title>');
  });

  it('serves assets with the right content types', async () => {
    const script = await serve('app://clubos/assets/app-1a2b.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const style = await serve('app://clubos/assets/app-1a2b.css');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves the app shell for client-side routes, and 404 for missing files', async () => {
    expect(await (await serve('app://clubos/')).text()).toContain('ClubOS');
    expect(await (await serve('app://clubos/audit')).text()).toContain('ClubOS');
    const missing = await serve('app://clubos/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
  });

  it('computes the CSP per response, so a new server URL applies on the next load', async () => {
    csp = "default-src 'none'; connect-src https://new.example";
    try {
      const response = await serve('app://clubos/index.html');
      expect(response.headers.get('content-security-policy')).toBe(csp);
    } finally {
      csp = CSP;
    }
  });

  it.each([
    'app://clubos/../secret.txt',
    'app://clubos/assets/../../secret.txt',
    'app://clubos/%2e%2e/secret.txt',
    'app://clubos/..%2fsecret.txt',
    'app://clubos/assets/..%2f..%2fsecret.txt',
    'app://clubos/..%5csecret.txt',
    'app://clubos/%2e%2e%5csettings.json',
    'app://clubos/..%252fsecret.txt',
  ])('refuses path traversal: %s', async (url) => {
    const response = await serve(url);
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('refuses other hosts and methods that are not reads', async () => {
    expect((await serve('app://other/index.html')).status).toBe(404);
    expect((await serve('app://clubos/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await serve('app://clubos/index.html', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('resolveInside', () => {
  it('keeps paths inside the root and refuses the rest', () => {
    expect(resolveInside('/srv/r', '/assets/a.js')).toBe(join('/srv/r', 'assets', 'a.js'));
    expect(resolveInside('/srv/r', '/')).toBe(join('/srv/r', 'index.html'));
    expect(resolveInside('/srv/r', '/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveInside('/srv/r', '/a%00.js')).toBeNull();
    expect(resolveInside('/srv/r', '/%E0%A4%A')).toBeNull();
    expect(resolveInside('/srv/r', '/a%5c..%5c..%5cb')).toBeNull();
  });
});
