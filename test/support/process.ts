import { ChildProcess, spawn } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Commons (or its launcher) as a real process, as users and App Service run it. */
export interface CommonsProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when a line matching `pattern` is printed (or was). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal) once it has exited. */
  exited: Promise<number | NodeJS.Signals>;
}

// Whatever ends the test run, no server it started is left behind.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) {
    try {
      process.kill(-child.pid!, 'SIGKILL'); // a launcher leads its own group, with its server
    } catch {
      child.kill('SIGKILL');
    }
  }
});

function watch(child: ChildProcess): CommonsProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  const waiters = new Set<() => void>();
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal!)));
  return {
    child,
    exited,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match[0]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; last output: ${output.slice(-800)}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => setTimeout(() => waiters.has(check) && (clearTimeout(timer), waiters.delete(check), reject(new Error(`exited before printing ${pattern}: ${output.slice(-800)}`)))));
        check();
      });
    },
  };
}

/** The server from source (so a test runs the code under test, built or not), on its own port 0 unless PORT is given. */
export async function startServerProcess(env: Record<string, string>): Promise<CommonsProcess & { url: string }> {
  const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
  });
  const running = watch(child);
  try {
    const line = await running.waitForOutput(/^\{.*"msg":"Commons is listening".*$/m);
    return { ...running, url: (JSON.parse(line) as { url: string }).url };
  } catch (error) {
    await killProcess(running);
    throw error;
  }
}

/** `npm start`'s launcher in its own process group, so a test can signal the whole group as a terminal would. */
export function startLauncher(env: Record<string, string>): CommonsProcess {
  const child = spawn(process.execPath, ['scripts/start-local.mjs'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, PLAYGROUND: 'false', ...env } });
  return watch(child);
}

/** Stops a process that a test left running (best effort, by its own pid). */
export async function killProcess(running: CommonsProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill(signal);
  await running.exited;
}

/** @vercel/cosmosdb-server on its own, in its own process, on plain http: a store that outlives the Commons processes using it. */
export async function startCosmosProcess(): Promise<{ child: ChildProcess; endpoint: string }> {
  const script = "require('@vercel/cosmosdb-server').createHttpServer().listen(0, '127.0.0.1', function () { console.log('port=' + this.address().port); })";
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/port=(\d+)/);
      if (match) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error('cosmosdb-server exited')));
  });
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

/** Polls until `check` passes (readiness probes are polled by platforms too); false after timeoutMs. */
export async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
