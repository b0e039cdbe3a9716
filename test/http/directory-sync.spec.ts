import { strict as assert } from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { randomUUID } from 'crypto';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons } from '../support/app';
import { FakeGraph } from '../support/fake-graph';
import { demoDirectory } from '../support/fake-graph-main';

const ADMIN = DEMO_PEOPLE[0].userId;
const MEMBER = DEMO_PEOPLE[5].userId;
const headers = (userId: string) => ({ 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': userId });
const ROOT = path.resolve(__dirname, '..', '..');

/** Commons as `npm run dev` runs it: a real process, local mode, its own port and data. */
async function startProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', SNAPSHOT_INTERVAL_SECONDS: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk) => {
      buffered += chunk;
      const match = buffered.match(/"url":"(http:[^"]+)".*Commons is listening/);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`Commons exited with ${code}: ${buffered.slice(-500)}`)));
  });
  return { url, child };
}

async function syncState(url: string) {
  return (await (await fetch(`${url}/api/v1/directory/sync`, { headers: headers(ADMIN) })).json()) as { status: string; mode?: string; pages?: number; counts?: Record<string, number>; error?: { code: string; message: string }; configured: boolean };
}

/** Waits for the sync to leave "running": the state is the event; each look is one GET. */
async function settled(url: string) {
  for (let looks = 0; looks < 600; looks++) {
    const state = await syncState(url);
    if (state.status !== 'running') return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the sync never settled');
}

describe('directory sync API', function () {
  this.timeout(120_000);

  it('answers 409 with what to set when no Graph is configured, and only to admins', async () => {
    const commons = await startTestCommons({ SEED: 'true' });
    try {
      const refused = await fetch(`${commons.url}/api/v1/directory/sync`, { method: 'POST', headers: headers(ADMIN) });
      assert.equal(refused.status, 409);
      assert.match(((await refused.json()) as { error: { message: string } }).error.message, /GRAPH_BASE_URL/);
      assert.deepEqual(await syncState(commons.url), { configured: false, status: 'never' });
      assert.equal((await fetch(`${commons.url}/api/v1/directory/sync`, { headers: headers(MEMBER) })).status, 403);
      assert.equal((await fetch(`${commons.url}/api/v1/directory/sync`, { method: 'POST', headers: headers(MEMBER) })).status, 403);
    } finally {
      await commons.dispose();
    }
  });

  it('syncs the demo tenant from GRAPH_BASE_URL in a real local-mode process: full, delta, and a permission error an admin can act on', async () => {
    const graph = await new FakeGraph(demoDirectory(1500)).start();
    graph.pageSize = 500;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commons-directory-'));
    const { url, child } = await startProcess({ GRAPH_BASE_URL: graph.url, GRAPH_SYNC_INTERVAL_MINUTES: '0', DATA_DIR: dataDir, SEED: 'true' });
    try {
      assert.deepEqual(await syncState(url), { configured: true, status: 'never' });
      assert.equal((await fetch(`${url}/api/v1/directory/sync`, { method: 'POST', headers: headers(MEMBER) })).status, 403);
      const accepted = await fetch(`${url}/api/v1/directory/sync`, { method: 'POST', headers: headers(ADMIN) });
      assert.equal(accepted.status, 202);
      assert.match(((await accepted.json()) as { syncId: string }).syncId, /^[0-9a-f-]{36}$/);
      const full = await settled(url);
      assert.equal(full.status, 'completed');
      assert.equal(full.mode, 'full');
      assert.equal(full.pages, 4);
      assert.deepEqual(full.counts, { received: 1512, created: 1500, updated: 12, unchanged: 0, removed: 0 }, 'the seeded demo people are updated, not duplicated');

      const newcomer = { id: randomUUID(), displayName: 'Xanthe Quorvald', jobTitle: 'Cartographer', accountEnabled: true };
      graph.upsert(newcomer);
      await fetch(`${url}/api/v1/directory/sync`, { method: 'POST', headers: headers(ADMIN) });
      const delta = await settled(url);
      assert.equal(delta.mode, 'delta');
      assert.deepEqual(delta.counts, { received: 1, created: 1, updated: 0, unchanged: 0, removed: 0 });
      const found = (await (await fetch(`${url}/api/v1/people?search=xanth`, { headers: headers(MEMBER) })).json()) as { people: Array<{ userId: string }> };
      assert.deepEqual(found.people.map((p) => p.userId), [newcomer.id]);
      const me = (await (await fetch(`${url}/api/v1/me`, { headers: headers(ADMIN) })).json()) as { roles: string[] };
      assert.ok(me.roles.includes('admin'), 'roles survive the sync');

      graph.fail({ status: 403, body: JSON.stringify({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }) });
      await fetch(`${url}/api/v1/directory/sync`, { method: 'POST', headers: headers(ADMIN) });
      const failed = await settled(url);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error?.code, 'graph_permission');
      assert.match(failed.error?.message ?? '', /User\.Read\.All/);
      assert.doesNotMatch(JSON.stringify(failed), /deltatoken|nextLink|deltaLink/, 'links never leave the server');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await graph.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
