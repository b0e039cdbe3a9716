import { strict as assert } from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { eventually } from '../support/delivery';
import { FakeGraph } from '../support/fake-graph';
import { demoDirectory } from '../support/fake-graph-main';
import { CommonsProcess, killProcess, startServerProcess } from '../support/process';

/**
 * Issue 13's "resume after killing the sync mid-way", from outside: Commons as its own
 * process syncs 2,000 people from the fake Graph in pages of 100; it is killed
 * (SIGKILL: no goodbye, no snapshot on the way out) while a page is in flight. Started
 * again on the same data, it resumes from its page checkpoint (the first page is not
 * asked for again) and ends with every person once.
 */
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;
const headers = { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ADMIN.userId };
const SYNTHETIC = 2_000;
const HELD_PAGE = 8;

describe('directory sync killed mid-way (a real process, SIGKILL, restart)', function () {
  this.timeout(300_000);
  let graph: FakeGraph;
  let commons: (CommonsProcess & { url: string }) | undefined;
  let dataDir: string;

  before(async () => {
    graph = new FakeGraph(demoDirectory(SYNTHETIC));
    graph.pageSize = 100;
    await graph.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'commons-sync-crash-'));
  });
  after(async () => {
    await killProcess(commons);
    await graph?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The schedule's first look syncs the home (demo) tenant at once, and resumes an abandoned sync whose lease ran out.
  const start = () =>
    startServerProcess({ SEED: 'true', GRAPH_BASE_URL: graph.url, GRAPH_SYNC_INTERVAL_MINUTES: '60', GRAPH_SYNC_LEASE_SECONDS: '2', DATA_DIR: dataDir, SNAPSHOT_INTERVAL_SECONDS: '1' });
  const state = async () => (await (await fetch(`${commons!.url}/api/v1/directory/sync`, { headers })).json()) as { status: string; pages?: number; counts?: Record<string, number> };

  it('resumes from its page checkpoint after a SIGKILL and ends with every person once', async () => {
    const release = graph.hold(HELD_PAGE);
    const reached = new Promise<void>((resolve) => graph.on('request', ({ page }) => page === HELD_PAGE && resolve()));
    commons = await start();
    await reached;
    // Long enough for the snapshot after the last checkpoint (every second) to reach the disk.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await killProcess(commons, 'SIGKILL');
    const before = graph.requests.length;
    assert.ok(graph.requests.every((r) => r.page <= HELD_PAGE), 'nothing past the held page was read');
    release();

    commons = await start();
    // Looked at twice a second: the API's per-person read budget is for people, not busy loops.
    await eventually(async () => (await state()).status === 'completed', 240_000, 'the resumed sync to complete', 500);
    const after = graph.requests.slice(before);
    assert.ok(after.length > 0, 'the restarted process read on');
    assert.ok(Math.min(...after.map((r) => r.page)) > 1, `resumed at page ${Math.min(...after.map((r) => r.page))}, not from the start`);
    assert.ok(Math.max(...after.map((r) => r.page)) >= Math.ceil((SYNTHETIC + DEMO_PEOPLE.length) / 100), 'and read to the last page');

    // Every person once: the directory counts exactly the people Graph has.
    const reach = (await (await fetch(`${commons.url}/api/v1/directory/reach`, { headers })).json()) as { people: number };
    assert.equal(reach.people, SYNTHETIC + DEMO_PEOPLE.length);
  });
});
