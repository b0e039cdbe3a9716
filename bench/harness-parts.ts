import { ChildProcess, spawn } from 'child_process';
import path from 'path';

/** A part of a benchmark's other side (bench/fanout-harness.ts), running in a child process. */
export interface Part {
  url: string;
  control: string;
  child: ChildProcess;
}

const ROOT = path.resolve(__dirname, '..');

/** Child processes to stop however the benchmark ends. */
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));

/** Starts the embedded Cosmos server or the mock connector in a process of its own; `nodeOptions` e.g. a larger heap. */
export async function startPart(role: 'cosmos' | 'connector', nodeOptions: string[] = []): Promise<Part> {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', path.join(ROOT, 'bench/fanout-harness.ts'), role], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`bench harness (${role}) exited with ${code}`)));
  });
  return { ...JSON.parse(line), child };
}
