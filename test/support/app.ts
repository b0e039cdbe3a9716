import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { loadConfig } from '../../src/config';
import { RunningCommons, startCommons, StartOptions } from '../../src/index';

export interface TestCommons extends RunningCommons {
  dataDir: string;
  /** Stops the app and removes its data directory. */
  dispose(): Promise<void>;
}

/** Starts the whole app in-process on a random port with its own embedded store. */
export async function startTestCommons(env: Record<string, string> = {}, options: Omit<StartOptions, 'tabDir'> = {}): Promise<TestCommons> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'commons-test-'));
  const config = loadConfig({ PORT: '0', SEED: 'false', SNAPSHOT_INTERVAL_SECONDS: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DATA_DIR: dataDir, ...env });
  const commons = await startCommons(config, { ...options, tabDir: path.resolve(__dirname, '..', '..', 'dist', 'tab') });
  return {
    ...commons,
    dataDir,
    async dispose() {
      await commons.stop();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
