#!/usr/bin/env node
// `npm start`: build the app if its sources changed, run the server, and open the desktop window.
// Where Electron cannot start (no binary, no display) it says why, prints the web UI's address and
// keeps the server running.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line) => process.stdout.write(`[clubos start] ${line}\n`);

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const built = path.join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['renderer', 'electron', 'shared'].map((dir) => newestMtime(path.join(root, dir)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Why the desktop window cannot open here, or undefined when it can. */
function electronUnavailableReason() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) {
    return 'the Electron binary is not installed (run `npm run electron:install` on a machine with internet access)';
  }
  const binary = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return `the Electron binary is missing at ${binary}`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  }
  return undefined;
}

function electronBinary() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  return path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
}

if (process.env.CLUBOS_START_SKIP_BUILD !== '1' && buildIsStale()) {
  say('building the desktop app and web UI (electron-vite build)…');
  const code = await run(process.execPath, [
    path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
    'build',
  ]);
  if (code !== 0) {
    say(`the build failed (exit ${code}); fix the error above and run npm start again`);
    process.exit(code);
  }
}

const server = spawn(
  process.execPath,
  [path.join(root, 'bin', 'clubos.mjs'), 'serve', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let desktop;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    desktop?.kill(signal);
    server.kill(signal);
  });
}
server.on('exit', (code, signal) => {
  desktop?.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});

let announced = false;
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const match = !announced && String(chunk).match(/ClubOS is running at (http:\/\/\S+)/);
  if (!match) return;
  announced = true;
  const url = match[1];
  const reason = electronUnavailableReason();
  if (reason) {
    say(`the desktop window was not opened: ${reason}.`);
    say(`Open the web UI in a browser instead: ${url}`);
    say('The server keeps running; press Ctrl-C to stop it.');
    return;
  }
  say(`opening the desktop window (server ${url})`);
  desktop = spawn(electronBinary(), [path.join(root, 'out', 'main', 'main.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CLUBOS_SERVER_URL: url },
  });
  desktop.on('exit', () => say('the desktop window closed; the server keeps running (Ctrl-C to stop).'));
});
