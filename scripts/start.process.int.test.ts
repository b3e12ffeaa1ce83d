import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./start.mjs', import.meta.url));

describe('npm start (scripts/start.mjs) where Electron cannot start', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('says why, prints the web UI address, keeps the server running, and stops on SIGTERM', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'clubos-start-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CLUBOS_DATA_DIR: path.join(root, 'data'),
      PORT: '0',
      LOG_LEVEL: 'warn',
      CLUBOS_START_SKIP_BUILD: '1',
    };
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 30_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline && child.exitCode === null) {
      url = out.match(/Open the web UI in a browser instead: (http:\/\/\S+)/)?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(url, out).toBeDefined();
    expect(out).toMatch(/the desktop window was not opened: (the Electron binary|there is no display)/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
