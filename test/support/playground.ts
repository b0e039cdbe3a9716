import { ChildProcess, spawn } from 'child_process';
import { createServer } from 'net';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningPlayground {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the Microsoft 365 Agents Playground CLI pointed at a running Commons. The port
 * is free when chosen but may be taken before the CLI binds it: then it tries another.
 */
export async function startPlayground(appUrl: string, attempts = 3): Promise<RunningPlayground> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(appUrl, await freePort());
    } catch (error) {
      if (attempt >= attempts || !(error instanceof ExitedEarly)) throw error;
    }
  }
}

class ExitedEarly extends Error {}

async function launch(appUrl: string, port: number): Promise<RunningPlayground> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js'), 'start', '-e', `${appUrl}/api/messages`, '-c', 'msteams', '-p', String(port)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(ROOT, '.m365agentsplayground.yml') } },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new ExitedEarly(`Agents Playground exited early: ${output.slice(-500)}`);
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Agents Playground did not answer on ${url} within 45 s: ${output.slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
