import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { PRIVACY_RETRY_SOON_MS, runPrivacyJob } from '../../src/delivery/privacy-job';
import { composePost } from '../../src/domain/posts';
import { TENANT_VISIBILITY } from '../../src/domain/visibility';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { PRIVACY_JOB_SUBJECT } from '../../src/store/privacy-schedule';
import { privacyJobPorts } from '../../src/store/privacy-job-ports';
import type { TestCommons } from '../support/app';
import { channelEngagement, startSeededChannel, stopSeededChannel } from '../support/channel-engagement';
import type { MockConnector } from '../support/connector';
import { devApi } from '../support/dev-api';
import { demoPerson } from '../support/kudos-chat';

const ALEX = demoPerson('Alex Wilber'); // admin
const PATTI = demoPerson('Patti Fernandez'); // moderator
const DIEGO = demoPerson('Diego Siciliani');
const GRADY = demoPerson('Grady Archie');
const DAY = 24 * 60 * 60_000;

/**
 * The hourly privacy job (issue 17, item 6), run with a clock the test controls: a
 * removed post keeps its words for the grace period, then loses body and comments;
 * with a retention setting, content older than it is deleted, newer content stays.
 * Posts are found through per-day index documents, never a query on posts.
 */
describe('privacy job: purge removed posts, delete content past retention', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const engage = channelEngagement(() => commons, () => connector);
  /** Runs the job at `at` as the sweeper would: again at once while it says there is more. */
  async function run(at: number) {
    const total = { purged: 0, deleted: 0 };
    for (let runs = 0; runs < 20; runs++) {
      const ran = await runPrivacyJob(privacyJobPorts(commons.repositories, commons.logger), DEMO_TENANT_ID, new Date(at));
      total.purged += ran.purged;
      total.deleted += ran.deleted;
      if (ran.retryAt > at + PRIVACY_RETRY_SOON_MS) return total;
    }
    throw new Error('the privacy job never finished');
  }
  const post = (postId: string) => commons.repositories.posts.get(DEMO_TENANT_ID, postId);
  const settings = async (body: unknown) => assert.equal((await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('PUT', '/api/v1/settings/privacy', body)).status, 200);

  async function removeByModerator(postId: string) {
    assert.equal((await devApi(commons.url, DEMO_TENANT_ID, GRADY.userId)('POST', `/api/v1/posts/${postId}/reports`, { reason: 'spam' })).status, 201);
    const { status, body } = await devApi(commons.url, DEMO_TENANT_ID, PATTI.userId)('POST', '/api/v1/moderation/queue/decisions', { items: [{ itemKey: `post:${postId}`, action: 'remove' }] });
    assert.equal(status, 200);
    assert.equal(body.results[0].outcome, 'done');
  }

  before(async () => ({ commons, connector } = await startSeededChannel()));
  after(() => stopSeededChannel(commons, connector));

  it('is scheduled for the tenant as a held notice once it has posts, and each run schedules the next an hour on', async () => {
    await engage.post(DIEGO, 'post J0-diego hello');
    assert.ok(await commons.repositories.heldNotices.get(DEMO_TENANT_ID, PRIVACY_JOB_SUBJECT, 'privacy'));
    const { retryAt } = await commons.bot.sendHeldNotice(DEMO_TENANT_ID, PRIVACY_JOB_SUBJECT, 'privacy');
    assert.ok(retryAt && retryAt > Date.now() + 50 * 60_000 && retryAt <= Date.now() + 60 * 60_000, String(retryAt));
  });

  it('purges a removed post\'s body and comments after the grace period, not before, and only once', async () => {
    await settings({ erasureMode: 'anonymise', removedPurgeDays: 30, retentionMonths: null });
    const removed = await engage.post(DIEGO, 'post J1-removed something regrettable');
    const kept = await engage.post(DIEGO, 'post J1-kept something fine');
    await engage.comment(GRADY, removed.postId, 'J1 a comment on it');
    await engage.comment(GRADY, kept.postId, 'J1 a comment on the kept one');
    await removeByModerator(removed.postId);
    assert.equal((await post(removed.postId))?.state, 'removed');

    assert.equal((await run(Date.now() + 29 * DAY)).purged, 0, 'within the grace period');
    assert.equal((await post(removed.postId))?.body, 'J1-removed something regrettable');

    const due = await run(Date.now() + 32 * DAY);
    assert.equal(due.purged, 1);
    const purged = await post(removed.postId);
    assert.deepEqual([purged?.state, purged?.body, purged?.commentCount, purged?.latestComments], ['removed', '', 0, []]);
    assert.ok(purged?.purgedAt);
    assert.deepEqual((await commons.repositories.engagement.latestComments(DEMO_TENANT_ID, removed.postId, 10)).comments, []);
    assert.equal((await post(kept.postId))?.body, 'J1-kept something fine', 'a published post keeps everything');
    assert.equal((await commons.repositories.engagement.latestComments(DEMO_TENANT_ID, kept.postId, 10)).comments.length, 1);
    assert.equal((await run(Date.now() + 33 * DAY)).purged, 0, 'nothing twice');
  });

  it('deletes content dated before the cutoff and keeps newer content, on today\'s clock', async () => {
    // Imported (or seeded) content carries its own old date: the job's walk reaches back to it.
    const author = { tenantId: DEMO_TENANT_ID, userId: DIEGO.userId, roles: [], displayName: DIEGO.displayName };
    const old = composePost({ body: 'J3-imported from last year', audience: { everyone: true }, visibility: TENANT_VISIBILITY }, author, randomUUID(), new Date(Date.now() - 400 * DAY));
    await commons.repositories.posts.create(old);
    const fresh = await engage.post(DIEGO, 'post J3-fresh news');
    await settings({ erasureMode: 'anonymise', removedPurgeDays: 30, retentionMonths: 12 });
    const ran = await run(Date.now());
    assert.ok(ran.deleted >= 1);
    assert.equal(await post(old.postId), undefined, 'older than a year: deleted');
    assert.ok(await post(fresh.postId), 'today\'s post stays');
    await settings({ erasureMode: 'anonymise', removedPurgeDays: 30, retentionMonths: null });
  });

  it('deletes content older than the retention setting with explicit deletes, its comments and reactions with it', async () => {
    const old = await engage.post(DIEGO, 'post J2-old yesterday\'s news');
    await engage.comment(GRADY, old.postId, 'J2 comment');
    await engage.react(GRADY, old);
    assert.equal((await run(Date.now() + 15 * DAY)).deleted, 0, 'no retention set: nothing deleted');
    await settings({ erasureMode: 'anonymise', removedPurgeDays: 30, retentionMonths: 1 });
    assert.equal((await run(Date.now() + 15 * DAY)).deleted, 0, 'younger than a month');
    assert.ok(await post(old.postId));

    const later = await run(Date.now() + 70 * DAY);
    assert.ok(later.deleted >= 1);
    assert.equal(await post(old.postId), undefined, 'the post is gone');
    const { resources } = await commons.store.containers.engagement.items
      .query({ query: 'SELECT c.id FROM c WHERE c.pk = @pk', parameters: [{ name: '@pk', value: `${DEMO_TENANT_ID}|${old.postId}` }] })
      .fetchAll();
    assert.deepEqual(resources, [], 'and its comments and reactions with it');
    assert.equal((await run(Date.now() + 71 * DAY)).deleted, 0, 'nothing twice');
  });
});
