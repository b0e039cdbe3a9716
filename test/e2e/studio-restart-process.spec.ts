import { strict as assert } from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, person, postActivity } from '../support/activities';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { CommonsProcess, killProcess, startServerProcess } from '../support/process';

/**
 * Issue 14 from outside: Commons as its own process, a Studio post scheduled a few
 * seconds ahead for 40 people, and the process stopped (SIGTERM, as App Service and a
 * terminal stop it) while that send is under way. Started again on the same data, it
 * finishes the send: every recipient has the post exactly once, and Studio and the
 * announcements API say it was delivered.
 */
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;
const RECIPIENTS = Array.from({ length: 40 }, (_, i) => person(500 + i));
const chatOf = (n: number) => `a:personal-restart-${n}`;
const headers = { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ADMIN.userId };

describe('a scheduled Studio post across a restart (a real process)', function () {
  this.timeout(180_000);
  let connector: MockConnector;
  let commons: (CommonsProcess & { url: string }) | undefined;
  let dataDir: string;

  before(async () => {
    connector = await new MockConnector().start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'commons-studio-restart-'));
  });
  after(async () => {
    await killProcess(commons);
    await connector?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // A slow tenant rate, so the send is still going when the signal comes.
  const start = () => startServerProcess({ SEED: 'true', DATA_DIR: dataDir, SNAPSHOT_INTERVAL_SECONDS: '1', DELIVERY_MAX_RPS: '4' });
  const api = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${commons!.url}${route}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
  const postMessages = () => connector.calls.filter((c) => c.method === 'POST' && RECIPIENTS.some((_, i) => c.conversationId === chatOf(i)) && JSON.stringify(c.body).includes('Quarterly results'));

  it('delivers to every recipient exactly once when the process is stopped mid-send and started again', async () => {
    commons = await start();
    for (const [i, recipient] of RECIPIENTS.entries()) {
      const installed = { ...botInstalled({ serviceUrl: connector.url, place: 'personal', from: recipient }), conversation: { id: chatOf(i), conversationType: 'personal', tenantId: DEMO_TENANT_ID } };
      assert.equal((await postActivity(commons.url, installed)).status, 200);
    }
    connector.reset(); // the welcomes

    // Stop the process once a quarter of the post is out: the send is under way, not done.
    let stopped: Promise<number | NodeJS.Signals> | undefined;
    let deliveredWhenSignalled = 0;
    const first = commons;
    connector.configure({
      onDelivered: () => {
        const sent = postMessages().length;
        if (stopped || sent < RECIPIENTS.length / 4) return;
        deliveredWhenSignalled = sent;
        first.child.kill('SIGTERM');
        stopped = first.exited;
      },
    });

    const scheduledAt = new Date(Date.now() + 3_000).toISOString();
    const draft = await api('POST', '/api/v1/studio/drafts', { content: { title: 'Quarterly results', body: 'Read the **Q3** summary.' }, audience: { people: RECIPIENTS.map((r) => r.aadObjectId) }, scheduledAt });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const sent = await api('POST', `/api/v1/studio/drafts/${draft.body.id}/send`);
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.announcement.status, 'scheduled', 'scheduled for later, not sent now');
    const announcementId = sent.body.announcement.id;

    await eventually(() => stopped, 90_000, 'the send to start and the process to be signalled', 200);
    assert.equal(await stopped, 0, 'a clean shutdown');
    assert.ok(deliveredWhenSignalled < RECIPIENTS.length, 'stopped before the send was done');
    connector.configure({ onDelivered: () => undefined });

    commons = await start();
    const done = await eventually(async () => {
      const { body } = await api('GET', `/api/v1/announcements/${announcementId}`);
      return body?.status === 'completed' ? body : undefined;
    }, 120_000, 'the send to finish after the restart', 1_000);
    assert.equal(done.progress.total, RECIPIENTS.length);
    assert.equal(done.progress.sent, RECIPIENTS.length, 'every recipient delivered');
    for (const i of RECIPIENTS.keys()) assert.equal(connector.deliveries.get(chatOf(i)), 1, `exactly one post in ${chatOf(i)}`);
    assert.equal(postMessages().filter((c) => (c.status ?? 0) < 300).length, RECIPIENTS.length, 'no second copy anywhere');

    const studioDraft = await api('GET', `/api/v1/studio/drafts/${draft.body.id}`);
    assert.deepEqual([studioDraft.body.state, studioDraft.body.announcementId], ['sent', announcementId]);
  });
});
