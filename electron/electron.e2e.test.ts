// Drives the built desktop app through Playwright's Electron support. It needs the Electron binary
// (`npm run electron:install`) and, on Linux, a display (or `xvfb-run`); without them it skips and says
// why. Where it runs it builds the app first, so it always tests the current code.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Finds the Electron binary the way the `electron` package does, without requiring it (which downloads). */
function findElectron(): { path: string } | { missing: string } {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing:
        'the Electron binary was never downloaded (node_modules/electron/path.txt is missing); ' +
        'run `npm run electron:install` on a machine with internet access',
    };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(distDir, relative);
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary ${binary} does not exist` };
}

function displayProblem(): string | null {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset); run under `xvfb-run -a` to test headless';
}

const electron = findElectron();
const skipReason = 'missing' in electron ? electron.missing : displayProblem();
if (skipReason) console.warn(`Skipping the Electron e2e test: ${skipReason}.`);

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolveListen) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolveListen({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

describe.skipIf(skipReason !== null)('the desktop app (Electron)', () => {
  const servers: Server[] = [];
  let userData: string;
  let serverUrl: string;
  let otherUrl: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );

    // Stands in for the ClubOS server: it allows the app's origin, as the real one does.
    const allowed = await listen((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'access-control-allow-origin': 'app://clubos',
      });
      response.end('{"ok":true}');
    });
    const other = await listen((_request, response) => {
      response.writeHead(200, { 'access-control-allow-origin': '*' });
      response.end('other');
    });
    servers.push(allowed.server, other.server);
    serverUrl = allowed.url;
    otherUrl = other.url;

    // A fresh profile per run: its own settings, window state and single-instance lock.
    userData = await mkdtemp(join(tmpdir(), 'clubos-electron-e2e-'));
    await writeFile(join(userData, 'settings.json'), JSON.stringify({ serverUrl }));

    app = await _electron.launch({
      executablePath: (electron as { path: string }).path,
      args: [root],
      cwd: root,
      env: { ...(process.env as Record<string, string>), CLUBOS_USER_DATA_DIR: userData },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    for (const server of servers) server.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  it('shows the bundled app over app://clubos', async () => {
    expect(page.url()).toBe('app://clubos/index.html');
    expect(await page.title()).toMatch(/ClubOS/);
  });

  it('runs the window with the secure web preferences', async () => {
    const preferences = await app.evaluate(({ BrowserWindow }) => {
      const [window] = BrowserWindow.getAllWindows();
      // Not in Electron's typings, but present: what the window was actually created with.
      const contents = window?.webContents as unknown as { getLastWebPreferences?: () => object };
      return contents?.getLastWebPreferences?.() ?? null;
    });
    if (preferences) {
      expect(preferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
      });
    }
    const renderer = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      shell: window.clubos?.app.shell,
    }));
    expect(renderer).toEqual({ require: 'undefined', process: 'undefined', shell: 'desktop' });
  });

  it('exposes the preload API, backed by the main process', async () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    expect(await page.evaluate(() => window.clubos?.app.version)).toBe(version);
    expect(await page.evaluate(() => window.clubos?.settings.getServerUrl())).toBe(serverUrl);
    const invalid = await page.evaluate(() =>
      window.clubos?.settings.setServerUrl('file:///etc/passwd').then(
        () => 'accepted',
        (error: Error) => error.message,
      ),
    );
    expect(invalid).toMatch(/invalid/);
  });

  it('may reach the configured server and nothing else (CSP connect-src)', async () => {
    expect(await page.evaluate((url) => fetch(`${url}/ping`).then((r) => r.json()), serverUrl)).toEqual({
      ok: true,
    });
    const violated = await page.evaluate(
      (url) =>
        new Promise<string>((resolveViolation) => {
          document.addEventListener(
            'securitypolicyviolation',
            (event) => resolveViolation(event.violatedDirective),
            {
              once: true,
            },
          );
          fetch(url).catch(() => undefined);
        }),
      otherUrl,
    );
    expect(violated).toBe('connect-src');
  });

  it('refuses to navigate away from the app', async () => {
    const prevented = await app.evaluate(
      ({ BrowserWindow }, url) =>
        new Promise<boolean>((resolveNavigation) => {
          const [window] = BrowserWindow.getAllWindows();
          if (!window) throw new Error('no window');
          // Registered after the app's own guard, so by the next tick it has had its say.
          window.webContents.once('will-navigate', (event) => {
            setImmediate(() => resolveNavigation(event.defaultPrevented));
          });
          void window.webContents.executeJavaScript(`location.href = ${JSON.stringify(url)}`);
        }),
      otherUrl,
    );
    expect(prevented).toBe(true);
    expect(page.url()).toBe('app://clubos/index.html');
  });

  it('denies window.open, handing http(s) links to the browser', async () => {
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { openedExternally?: string[] }).openedExternally = opened;
      shell.openExternal = async (url: string) => {
        opened.push(url);
      };
    });
    expect(await page.evaluate(() => window.open('https://clubos.example/help') === null)).toBe(true);
    expect(await page.evaluate(() => window.open('app://clubos/index.html') === null)).toBe(true);
    await expect
      .poll(() => app.evaluate(() => (globalThis as { openedExternally?: string[] }).openedExternally))
      .toEqual(['https://clubos.example/help']);
    expect(app.windows()).toHaveLength(1);
  });
});
