import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Commons as its own operating-system process, started from source the way
 * `npm run start:server` starts it (same heap cap), for tests that must see what the
 * process does as a whole: its memory, its stdout/stderr, whether it survives.
 */
export interface CommonsProcess {
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resident set size in KiB, from /proc/<pid>/status (Linux). */
  residentKb(): number;
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
}

export async function startCommonsProcess(env: Record<string, string>, heapMb = 256): Promise<CommonsProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--no-deprecation', `--max-old-space-size=${heapMb}`, '--import', 'tsx', path.join(ROOT, 'src', 'index.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));

  // The start-up log line carries the URL (PORT=0 picks a free port).
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = output.match(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    exited.then((code) => reject(new Error(`Commons exited (${code}) before listening:\n${output}`)));
  });

  return {
    url,
    pid: child.pid!,
    output: () => output,
    residentKb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1] ?? NaN);
    },
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
