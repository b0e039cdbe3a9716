import { strict as assert } from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons } from '../support/app';

const devHeaders = { 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001' };

describe('lifecycle: restart, snapshot and an unreachable store', function () {
  this.timeout(60_000);

  it('keeps data created before a restart (snapshot on graceful stop, restore at start)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commons-restart-'));
    try {
      const first = await startTestCommons({ SEED: 'true', DATA_DIR: dataDir });
      const feed = (await (await fetch(`${first.url}/api/v1/feed`, { headers: devHeaders })).json()) as { posts: Array<{ id: string }> };
      await first.repositories.posts.update(DEMO_TENANT_ID, feed.posts[0].id, (post) => ({ ...post, title: 'Edited before restart' }));
      await first.stop();

      const second = await startTestCommons({ SEED: 'true', DATA_DIR: dataDir });
      try {
        const again = (await (await fetch(`${second.url}/api/v1/feed`, { headers: devHeaders })).json()) as { posts: Array<{ id: string; title: string }> };
        assert.deepEqual(again.posts.map((p) => p.id), feed.posts.map((p) => p.id), 'the same posts, not a second seed');
        assert.equal(again.posts[0].title, 'Edited before restart');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serves with an unreachable Cosmos account: /healthz 200, /readyz 503, the API a clear 503, no crash', async () => {
    const commons = await startTestCommons({ COSMOS_ENDPOINT: 'http://127.0.0.1:9/', COSMOS_KEY: 'dGVzdA==' });
    try {
      assert.equal((await fetch(`${commons.url}/healthz`)).status, 200);
      const ready = await fetch(`${commons.url}/readyz`);
      assert.equal(ready.status, 503);
      const body = (await ready.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'unavailable');
      const api = await fetch(`${commons.url}/api/v1/feed`, { headers: devHeaders });
      assert.equal(api.status, 503);
      assert.doesNotMatch(await api.text(), /ECONNREFUSED|at .*\.js/);
    } finally {
      await commons.dispose();
    }
  });
});
