import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bedfordFacility } from '../test/fixtures.ts';

const bin = fileURLToPath(new URL('../../bin/clubos.mjs', import.meta.url));

type Run = { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> };

function run(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitForUrl(server: Run, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = server.stdout().match(/ClubOS is running at (http:\/\/\S+)/);
    if (match?.[1]) return match[1];
    if (server.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not start:\n${server.stdout()}\n${server.stderr()}`);
}

describe('clubos serve (a real process on an embedded database)', () => {
  let root: string | undefined;
  let server: Run | undefined;
  afterEach(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exit;
    }
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('starts on an empty PGlite directory, guards the directory, and drains on SIGTERM', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'clubos-serve-'));
    const env = { CLUBOS_DATA_DIR: path.join(root, 'data'), PORT: '0', LOG_LEVEL: 'info' };

    const started = Date.now();
    server = run(['serve'], env);
    const url = await waitForUrl(server, 10_000);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);

    // The demo seed printed its one-time logins, and they are not in any log line.
    expect(server.stdout()).toMatch(/manager@demo\.clubos\.local/);
    const logLines = server
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toMatch(/password/i);

    const migrate = run(['migrate'], env);
    expect(await migrate.exit).toBe(1);
    expect(migrate.stderr()).toMatch(/in use by a running ClubOS server \(pid \d+, http:/);

    // Commands that change data go through the server that holds the directory.
    const setupFile = path.join(root, 'setup.json');
    await writeFile(
      setupFile,
      JSON.stringify({
        facilities: [{ ...bedfordFacility, bays: [{ number: 1, name: 'Bay 1', ninjaDeviceId: 101 }] }],
      }),
    );
    const setup = run(['setup', setupFile], env);
    expect(await setup.exit).toBe(0);
    expect(setup.stderr()).toContain(`The ClubOS server at ${url} holds the database`);
    expect(setup.stdout()).toMatch(/1 facility created/);
    const verify = run(['audit', 'verify'], env);
    expect(await verify.exit).toBe(0);
    expect(verify.stdout()).toMatch(/Audit chain intact: \d+ rows verified/);
    const forged = await fetch(`${url}/trpc/localAdmin.verifyAudit`, {
      headers: { authorization: 'Bearer clk_not-the-key' },
    });
    expect(forged.status).toBe(401);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.stdout()).toContain('shutdown complete');

    // The directory is free again, and a second start does not re-seed.
    const again = run(['migrate'], env);
    expect(await again.exit).toBe(0);
  });

  it('refuses to start with a bad environment variable and names it', async () => {
    const bad = run(['serve'], { PORT: 'eighty' });
    expect(await bad.exit).toBe(1);
    expect(bad.stderr()).toMatch(/PORT/);
    expect(bad.stderr()).not.toMatch(/\n\s+at /);
  });

  it('rejects unknown commands with usage help and exit code 2', async () => {
    const bad = run(['frobnicate'], {});
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toMatch(/unknown command/);
  });
});
