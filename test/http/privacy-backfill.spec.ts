import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { PRIVACY_RETRY_SOON_MS, runPrivacyJob } from '../../src/delivery/privacy-job';
import { composePost, Post } from '../../src/domain/posts';
import { TENANT_VISIBILITY } from '../../src/domain/visibility';
import { tenantKey } from '../../src/store/containers';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { PrivacyBackfill } from '../../src/store/privacy-backfill';
import { privacyJobPorts } from '../../src/store/privacy-job-ports';
import type { TestCommons } from '../support/app';
import { startSeededChannel, stopSeededChannel } from '../support/channel-engagement';
import type { MockConnector } from '../support/connector';
import { devApi } from '../support/dev-api';
import { demoPerson } from '../support/kudos-chat';

const ALEX = demoPerson('Alex Wilber'); // admin
const DIEGO = demoPerson('Diego Siciliani');
const DAY = 24 * 60 * 60_000;

/**
 * Retention finds posts through per-day index documents, which a store older than the
 * index lacks for its posts. The privacy job first files them, once, a few small pages
 * a run, resuming from its marker after a restart, and never again once finished.
 */
describe('privacy job: backfilling the index of an older store', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const author = () => ({ tenantId: DEMO_TENANT_ID, userId: DIEGO.userId, roles: [], displayName: DIEGO.displayName });
  /** A post as an older store holds it: its document only, in no day list. */
  async function olderPost(body: string, daysAgo: number): Promise<Post> {
    const post = composePost({ body, audience: { everyone: true }, visibility: TENANT_VISIBILITY }, author(), randomUUID(), new Date(Date.now() - daysAgo * DAY));
    const key = tenantKey(DEMO_TENANT_ID, post.postId);
    await commons.store.containers.posts.items.create({ ...post, id: key, pk: key, type: 'post' });
    return post;
  }
  async function runUntilSettled(at: number) {
    const total = { purged: 0, deleted: 0, backfilled: 0, runs: 0 };
    for (; total.runs < 50; ) {
      const ran = await runPrivacyJob(privacyJobPorts(commons.repositories, commons.logger), DEMO_TENANT_ID, new Date(at));
      total.runs += 1;
      total.purged += ran.purged;
      total.deleted += ran.deleted;
      total.backfilled += ran.backfilled ?? 0;
      if (ran.retryAt > at + PRIVACY_RETRY_SOON_MS) return total;
    }
    throw new Error('the privacy job never settled');
  }
  const post = (postId: string) => commons.repositories.posts.get(DEMO_TENANT_ID, postId);

  before(async () => ({ commons, connector } = await startSeededChannel()));
  after(() => stopSeededChannel(commons, connector));

  it('files older posts page by page, continues from its marker after a restart, and finishes once', async () => {
    const older = await Promise.all(Array.from({ length: 5 }, (_, i) => olderPost(`B1-older ${i}`, 500 + i)));
    // Two pages of two, then a new instance (a restarted process): it continues from the marker.
    const first = new PrivacyBackfill(commons.store.containers.posts, commons.store.containers.timelines, commons.repositories.privacyIndex);
    assert.deepEqual(await first.run(DEMO_TENANT_ID, { pages: 2, pageSize: 2 }), { done: false, filed: 4 });
    const halfway = await first.state(DEMO_TENANT_ID);
    assert.ok(halfway?.continuation, 'the marker keeps where it stopped');
    assert.deepEqual([halfway.pages, halfway.filed, halfway.done], [2, 4, false]);
    const restarted = new PrivacyBackfill(commons.store.containers.posts, commons.store.containers.timelines, commons.repositories.privacyIndex);
    let result = { done: false, filed: 0 };
    let filed = 4;
    while (!result.done) {
      result = await restarted.run(DEMO_TENANT_ID, { pages: 1, pageSize: 2 });
      filed += result.filed;
    }
    const total = (await commons.store.containers.posts.items.query({ query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t AND c.type = "post" AND NOT IS_DEFINED(c.announcementId)', parameters: [{ name: '@t', value: DEMO_TENANT_ID }] }).fetchAll()).resources[0];
    assert.equal(filed, total, 'every post of the tenant once');
    const days = await commons.repositories.privacyIndex.day(DEMO_TENANT_ID, 'created', older[0].createdAt.slice(0, 10));
    assert.ok(days.includes(older[0].postId), 'filed under its own day');
    assert.deepEqual(await restarted.run(DEMO_TENANT_ID), { done: true, filed: 0 }, 'a finished backfill is not redone');
    assert.equal((await restarted.state(DEMO_TENANT_ID))?.done, true);
  });

  it('lets retention delete an older post past N months and keep a newer one', async () => {
    // A fresh marker: this older store's posts were written after the first backfill above.
    const marker = tenantKey(DEMO_TENANT_ID, 'privacy', 'backfill');
    await commons.store.containers.timelines.item(marker, marker).delete();
    const old = await olderPost('B2-old from an older store', 400);
    const newer = await olderPost('B2-newer from an older store', 100);
    assert.equal((await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('PUT', '/api/v1/settings/privacy', { erasureMode: 'anonymise', removedPurgeDays: 30, retentionMonths: 12 })).status, 200);
    // The app's own sweeper may run the job too (the settings change schedules it): both are safe together.
    await runUntilSettled(Date.now());
    assert.equal((await commons.repositories.privacyBackfill.state(DEMO_TENANT_ID))?.done, true);
    assert.equal(await post(old.postId), undefined, 'older than 12 months: deleted');
    assert.ok(await post(newer.postId), '100 days old: kept');
    const again = await runUntilSettled(Date.now());
    assert.deepEqual([again.backfilled, again.runs], [0, 1], 'the finished backfill costs nothing more');
  });
});
