import { strict as assert } from 'assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import http from 'http';
import { tmpdir } from 'os';
import path from 'path';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, mentioning, postActivity } from '../support/activities';
import { MockConnector } from '../support/connector';
import { freePort } from '../support/playground';
import { CommonsProcess, killProcess, startLauncher, startServerProcess } from '../support/process';

// Issue 11.3: local data survives a crash, and any way of stopping `npm start`.
const devHeaders = { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001' };

/** A channel post through the bot, as in Teams; resolves once the feed shows it. */
async function postThroughBot(url: string, connector: MockConnector, text: string): Promise<void> {
  await (await postActivity(url, botInstalled({ serviceUrl: connector.url, place: 'channel' }))).arrayBuffer();
  const response = await postActivity(url, mentioning(`post ${text}`, { serviceUrl: connector.url, place: 'channel' }));
  assert.equal(response.status, 200);
  assert.ok(await feedHas(url, text), 'the feed shows the post');
}

async function feedHas(url: string, text: string): Promise<boolean> {
  const feed = (await (await fetch(`${url}/api/v1/feed`, { headers: devHeaders })).json()) as { posts: Array<{ body: string }> };
  return feed.posts.some((post) => post.body.includes(text));
}

const snapshotHas = (dataDir: string, text: string) => {
  const file = path.join(dataDir, 'snapshot.json');
  return existsSync(file) && readFileSync(file, 'utf8').includes(text);
};

/** Waits (on the file, not a clock) for the snapshot to hold `text`; false after `timeoutMs`. */
async function untilSnapshotHas(dataDir: string, text: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!snapshotHas(dataDir, text)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** A tab that polls the feed over one keep-alive connection, as a browser tab does; `started` once it has polled twice. */
function pollingTab(url: string): { started: Promise<void>; stop(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let stopped = false;
  let polls = 0;
  let onStarted = () => undefined as void;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const poll = () => {
    if (stopped) return;
    const req = http.get(`${url}/api/v1/feed`, { agent, headers: devHeaders }, (res) => {
      res.resume();
      res.on('end', () => {
        if (++polls === 2) onStarted();
        setImmediate(poll); // a busy tab: the connection is hardly ever idle
      });
    });
    req.on('error', () => undefined); // the server going away ends the polling
  };
  poll();
  return { started, stop: () => ((stopped = true), agent.destroy()) };
}

describe('local data: kill -9, SIGTERM to the launcher\'s process group', function () {
  this.timeout(180_000);
  let connector: MockConnector;
  let dataDir: string;
  let running: CommonsProcess | undefined;

  before(async () => {
    connector = await new MockConnector().start();
  });
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'commons-local-data-'));
  });
  afterEach(async () => {
    if (running?.child.pid && running.child.exitCode === null) {
      try {
        process.kill(-running.child.pid, 'SIGKILL');
      } catch {
        await killProcess(running);
      }
    }
    running = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
  after(async () => {
    await connector.stop();
  });

  it('keeps a write made a moment before kill -9 (write-behind snapshot)', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir, SEED: 'true' });
    running = server;
    await postThroughBot(server.url, connector, 'Written just before the crash');
    assert.ok(await untilSnapshotHas(dataDir, 'Written just before the crash', 10_000), 'the write reached disk within 10 s of being made');
    server.child.kill('SIGKILL');
    await server.exited;

    const again = await startServerProcess({ DATA_DIR: dataDir, SEED: 'true' });
    running = again;
    assert.ok(await feedHas(again.url, 'Written just before the crash'), 'the post is there after the restart');
    await killProcess(again, 'SIGTERM');
  });

  it('saves on SIGTERM to `npm start`\'s whole process group while a tab holds a busy keep-alive connection, and exits promptly', async () => {
    const port = await freePort();
    // Only the shutdown save counts here: no write-behind.
    const launcher = startLauncher({ DATA_DIR: dataDir, SEED: 'true', PORT: String(port), SNAPSHOT_INTERVAL_SECONDS: '0', LOG_LEVEL: 'info' });
    running = launcher;
    await launcher.waitForOutput(/Commons is running locally/, 150_000);
    const url = `http://127.0.0.1:${port}`;
    await postThroughBot(url, connector, 'Posted before Ctrl+C');
    const tab = pollingTab(url);
    try {
      await tab.started;
      const signalledAt = Date.now();
      process.kill(-launcher.child.pid!, 'SIGTERM');
      const exit = await Promise.race([launcher.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
      assert.equal(exit, 0, `the launcher exited cleanly within 10 s of the signal (took ${Date.now() - signalledAt} ms)`);
    } finally {
      tab.stop();
    }
    assert.match(launcher.output(), /saved local data/);
    assert.ok(snapshotHas(dataDir, 'Posted before Ctrl+C'), 'the post is in the snapshot');
  });
});
