import { strict as assert } from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, postActivity } from '../support/activities';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { FakeGraph } from '../support/fake-graph';
import { REFUSALS } from '../support/fake-graph-apps';
import { demoDirectory } from '../support/fake-graph-main';
import { CommonsProcess, killProcess, startServerProcess } from '../support/process';

/**
 * Issue 13.5 from outside: Commons as its own process (local mode, the fake Graph on
 * loopback standing for Microsoft Graph), an admin turning proactive installation on,
 * and an announcement to thirty people who never opened Commons. Every one of them is
 * installed once and gets the card in the chat that made, except the two Teams refuses,
 * which the progress report names; restarted, the next send reuses the chats.
 */
const TEAMS_APP_ID = '00000000-0000-0000-0000-000000000010';
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;
const MEMBER = DEMO_PEOPLE.find((p) => p.roles.length === 0)!;
const headers = (userId: string) => ({ 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': userId });

describe('proactive installation from outside (a real process, the fake Graph)', function () {
  this.timeout(180_000);
  let graph: FakeGraph;
  let connector: MockConnector;
  let commons: (CommonsProcess & { url: string }) | undefined;
  let dataDir: string;

  before(async () => {
    graph = await new FakeGraph(demoDirectory(30)).start();
    graph.apps.catalog.set(TEAMS_APP_ID, 'c0ffee00-0000-4000-8000-000000000002');
    connector = await new MockConnector().start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'commons-install-'));
  });
  after(async () => {
    await killProcess(commons);
    await connector?.stop();
    await graph?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () =>
    startServerProcess({ SEED: 'true', GRAPH_BASE_URL: graph.url, GRAPH_SYNC_INTERVAL_MINUTES: '0', TEAMS_APP_ID, DATA_DIR: dataDir, SNAPSHOT_INTERVAL_SECONDS: '1', DELIVERY_MAX_RPS: '200' });
  const api = async (method: string, route: string, userId: string, body?: unknown) => {
    const response = await fetch(`${commons!.url}${route}`, { method, headers: headers(userId), ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
  const settled = (id: string) =>
    eventually(async () => {
      const { body } = await api('GET', `/api/v1/announcements/${id}`, ADMIN.userId);
      return body?.status === 'completed' || body?.status === 'failed' ? body : undefined;
    }, 90_000, 'the announcement to finish', 500);

  it('installs for everyone targeted, once each, names who Teams refused, and reuses the chats after a restart', async () => {
    commons = await start();
    // The tenant's Bot Connector address comes from a channel Commons is in.
    assert.equal((await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }))).status, 200);
    assert.equal((await api('POST', '/api/v1/directory/sync', ADMIN.userId)).status, 202);
    await eventually(async () => (await api('GET', '/api/v1/directory/sync', ADMIN.userId)).body?.status === 'completed', 60_000, 'the directory sync', 500);

    assert.equal((await api('PUT', '/api/v1/settings/delivery', MEMBER.userId, { proactiveInstall: true })).status, 403, 'admins only');
    assert.equal((await api('PUT', '/api/v1/settings/delivery', ADMIN.userId, { proactiveInstall: 'yes' })).status, 400);
    assert.deepEqual((await api('GET', '/api/v1/settings/delivery', ADMIN.userId)).body, { proactiveInstall: false, proactiveInstallAvailable: true });
    const turnedOn = await api('PUT', '/api/v1/settings/delivery', ADMIN.userId, { proactiveInstall: true });
    assert.equal(turnedOn.status, 200);
    assert.equal(turnedOn.body.proactiveInstall, true);

    const people = demoDirectory(30).slice(DEMO_PEOPLE.length).map((u) => u.id);
    graph.apps.refusals.set(people[0], REFUSALS.blocked);
    graph.apps.refusals.set(people[1], REFUSALS.noLicense);
    const created = await api('POST', '/api/v1/announcements', ADMIN.userId, { title: 'Benefits open', body: 'Enrol by Friday.', audience: { people } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const done = await settled(created.body.id);
    assert.equal(done.progress.total, people.length, 'every person counted');
    assert.equal(done.progress.sent, people.length - 2);
    assert.deepEqual(done.progress.failedByReason, { blocked: 1, no_license: 1 });
    for (const id of people.slice(2)) {
      assert.equal(graph.apps.installRequests.get(id), 1, `installed once for ${id}`);
      assert.equal(connector.deliveries.get(graph.apps.chatIdOf(id)), 1, `one card in ${id}'s new chat`);
    }

    // Stopped and started again on the same data: the chats are known, nobody is installed twice.
    await killProcess(commons, 'SIGTERM');
    commons = await start();
    const again = await api('POST', '/api/v1/announcements', ADMIN.userId, { title: 'Reminder', body: 'Enrol by Friday!', audience: { people: people.slice(2) } });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    const second = await settled(again.body.id);
    assert.equal(second.progress.sent, people.length - 2);
    assert.deepEqual(second.progress.failedByReason, {});
    for (const id of people.slice(2)) {
      assert.equal(graph.apps.installRequests.get(id), 1, `still one installation for ${id}`);
      assert.equal(connector.deliveries.get(graph.apps.chatIdOf(id)), 2);
    }
  });
});
