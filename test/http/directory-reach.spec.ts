import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { DEMO_PEOPLE } from '../../src/store/demo-tenant';
import { postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { eventually } from '../support/delivery';
import { MockConnector } from '../support/connector';
import { FakeGraph } from '../support/fake-graph';
import { demoDirectory } from '../support/fake-graph-main';
import { personalChatOf, personalInstall } from '../support/installs';
import { person } from '../support/activities';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';

/**
 * Issue 13.5: "everyone" is the directory. After a sync from the fake Graph, an
 * announcement to everyone accounts for every person: sent to those with a personal
 * chat, failed "not_installed" (no chat, proactive install off) for the rest, and
 * "not installed" for a chat that was uninstalled. GET /api/v1/directory/reach gives
 * Studio the same counts. DIRECTORY_PEOPLE=5000 runs the done-when size.
 */
const SYNTHETIC = Number(process.env.DIRECTORY_PEOPLE ?? 300);
const INSTALLED = 40;
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;

describe('announcement to everyone = the directory (fake Graph)', function () {
  this.timeout(Math.max(120_000, SYNTHETIC * 200));
  let graph: FakeGraph;
  let commons: TestCommons;
  let connector: MockConnector;
  const headers = { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ADMIN.userId };

  before(async () => {
    // The directory: the demo people and SYNTHETIC others; people 0..INSTALLED-1 of activities.ts's person(n) have a personal chat.
    const installed = Array.from({ length: INSTALLED }, (_, n) => ({ id: person(n).aadObjectId, displayName: person(n).name, accountEnabled: true }));
    graph = new FakeGraph([...demoDirectory(SYNTHETIC), ...installed]);
    graph.pageSize = 999;
    await graph.start();
    connector = await new MockConnector({ recordCalls: false }).start();
    commons = await startTestCommons({ GRAPH_BASE_URL: graph.url, COMMONS_ADMINS: ADMIN.userId, DELIVERY_MAX_RPS: '1000' });
    for (let n = 0; n < INSTALLED; n++) assert.equal((await postActivity(commons.url, personalInstall(n, connector.url, DEMO_TENANT_ID))).status, 200);
    // One of them removes Commons again.
    const removal = { ...personalInstall(0, connector.url, DEMO_TENANT_ID), action: 'remove' };
    assert.equal((await postActivity(commons.url, removal)).status, 200);
    await eventually(async () => (await (await fetch(`${commons.url}/api/v1/directory/sync`, { headers })).json()).status === 'completed', Math.max(60_000, SYNTHETIC * 40), 'the directory sync', 500);
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
    await graph?.stop();
  });

  const total = () => SYNTHETIC + DEMO_PEOPLE.length + INSTALLED;

  it('GET /api/v1/directory/reach counts reachable and unreachable people, with reasons', async () => {
    const reach = await (await fetch(`${commons.url}/api/v1/directory/reach`, { headers })).json();
    assert.deepEqual(reach, { people: total(), reachable: INSTALLED - 1, unreachable: { not_installed: total() - INSTALLED, uninstalled: 1 }, outsideDirectory: 0 });
    const reader = DEMO_PEOPLE.find((p) => p.roles.length === 0)!;
    assert.equal((await fetch(`${commons.url}/api/v1/directory/reach`, { headers: { ...headers, 'x-dev-user': reader.userId } })).status, 403);
  });

  it('an announcement to everyone ends with every person of the directory reached or not reachable, with the reason', async () => {
    const created = await fetch(`${commons.url}/api/v1/announcements`, { method: 'POST', headers, body: JSON.stringify({ title: 'All hands', body: 'Friday.', audience: { everyone: true } }) });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = await created.json();
    let view: any;
    await eventually(async () => (view = await (await fetch(`${commons.url}/api/v1/announcements/${id}`, { headers })).json()).status === 'completed', Math.max(60_000, SYNTHETIC * 40), 'the send to finish', 500);
    assert.equal(view.progress.total, total(), 'every person of the directory, once');
    assert.equal(view.progress.sent, INSTALLED - 1);
    assert.equal(view.progress.failed, total() - INSTALLED + 1);
    const csv = await (await fetch(`${commons.url}/api/v1/announcements/${id}/deliveries.csv`, { headers })).text();
    const rows = csv.trim().split('\r\n').slice(1);
    assert.equal(rows.length, total());
    assert.ok(rows.every((row) => row.includes('"sent"') || row.includes('not_installed')), 'each row sent, or failed with its reason');
    assert.ok(rows.some((row) => row.includes(personalChatOf(0)) && row.includes('not_installed')), 'the uninstalled chat too');
  });
});
