import { strict as assert } from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { AmaPost } from '../../src/domain/ama';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, demoPerson, mentioning, postActivity } from '../support/activities';
import { startTestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';

const MEGAN = demoPerson('Megan Bowen');

/** An event that ends while Commons is down closes when it comes back, and its summary goes out once. */
describe('ask-me-anything close across a restart', function () {
  this.timeout(120_000);

  it('closes an event whose end passed while stopped, once, after the restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commons-ama-restart-'));
    const connector = await new MockConnector().start();
    const summaries = () => connector.calls.filter((c) => c.method === 'POST' && JSON.stringify(c.body).includes('Ask me anything is over: Restart town hall')).length;
    try {
      const first = await startTestCommons({ SEED: 'true', DATA_DIR: dataDir });
      const api = (method: string, route: string, body?: unknown) =>
        fetch(`${first.url}${route}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': MEGAN.aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) }).then(async (r) => (await r.json()) as any);
      const channel = { serviceUrl: connector.url, place: 'channel' as const, from: MEGAN };
      await postActivity(first.url, botInstalled(channel));
      const community = await api('POST', '/api/v1/communities', { name: 'Restart guild', privacy: 'open' });
      await postActivity(first.url, mentioning('community link Restart guild', channel));
      const endsAt = Date.now() + 4_000;
      const ama = await api('POST', `/api/v1/communities/${community.id}/amas`, { title: 'Restart town hall', endsAt: new Date(endsAt).toISOString() });
      assert.equal(ama.title, 'Restart town hall');
      await first.stop();
      // Down past the end time: nobody closed it.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - Date.now()) + 500));
      assert.equal(summaries(), 0);

      const second = await startTestCommons({ SEED: 'true', DATA_DIR: dataDir });
      try {
        await eventually(async () => ((await second.repositories.posts.get(DEMO_TENANT_ID, ama.id)) as AmaPost).ama.summarySentTo?.length === 1, 30_000, 'the summary sent after the restart', 500);
        await eventually(async () => (await second.repositories.heldNotices.get(DEMO_TENANT_ID, ama.id, 'amaClose')) === undefined, 30_000, 'the close done', 500);
        const post = (await second.repositories.posts.get(DEMO_TENANT_ID, ama.id)) as AmaPost;
        assert.ok(post.ama.closedAt);
        assert.equal(summaries(), 1);
      } finally {
        await second.dispose();
      }
    } finally {
      await connector.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
