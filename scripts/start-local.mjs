#!/usr/bin/env node
// `npm start`: builds if the sources changed, starts Commons (server + embedded store)
// and the Microsoft 365 Agents Playground wired to it, and prints where to go.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const withPlayground = process.env.PLAYGROUND !== 'false';

if (process.env.BOT_ID) {
  console.error('npm start runs Commons locally; unset BOT_ID, or use `npm run start:server` for cloud mode.');
  process.exit(2);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const outputs = [path.join(root, 'dist/src/index.js'), path.join(root, 'dist/tab/app.js')];
  const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  if (builtAt > newestMtime(path.join(root, 'src'))) return;
  console.log('Building Commons…');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

buildIfNeeded();

const children = [];
// The server's heap as `npm run start:server` (App Service) runs it: see package.json.
const server = spawn(process.execPath, ['--max-old-space-size=256', '--max-semi-space-size=32', 'dist/src/index.js'], { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: String(port) } });
children.push(server);
server.on('exit', (code) => {
  for (const child of children) if (child !== server) child.kill('SIGTERM');
  process.exit(code ?? 0);
});

let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    // The server saves local data on SIGTERM before it exits; we exit when it has.
    for (const child of children) child.kill('SIGTERM');
  });
}

const base = `http://localhost:${port}`;
if (!(await waitForHealth(`${base}/healthz`, 60_000))) {
  console.error(`Commons did not answer on ${base}/healthz within 60 s; see the log above.`);
  server.kill('SIGTERM');
} else {
  if (withPlayground) {
    const playground = spawn(
      process.execPath,
      [path.join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js'), 'start', '-e', `http://127.0.0.1:${port}/api/messages`, '-c', 'msteams', '-p', String(playgroundPort)],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(root, '.m365agentsplayground.yml') } },
    );
    children.push(playground);
  }
  console.log(`
  Commons is running locally.

    Teams (Agents Playground): http://localhost:${playgroundPort}
    Commons tab:               ${base}/tab/index.html#/feed
    Health:                    ${base}/healthz

  In the Playground, open "General" under My Team, type @Commons help.
  Press Ctrl+C to stop; your data is kept in .data/ for the next start.
`);
}
