import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually, installPersonalChat } from '../support/delivery';
import { devApi } from '../support/dev-api';

/**
 * Digest entries are recorded durably (delivery/digest-outbox.ts): before a post's
 * request answers, a pending record of the event is stored; the fan-out clears it, and
 * a record a crash left behind is drained by the next sweep — at least once, never
 * twice for a person, nor again once their digest went.
 */
describe('digest records: durable before the answer, drained after a crash, never duplicated', function () {
  this.timeout(90_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let TENANT: string;
  const timings = { gatherMs: 3_600_000, hourlyMs: 3_600_000, dailyMs: 86_400_000, weeklyMs: 7 * 86_400_000 };

  const somebody = async (name: string) => {
    const userId = randomUUID();
    await commons.repositories.people.upsert({ tenantId: TENANT, userId, displayName: name, roles: [] });
    await installPersonalChat(commons.repositories, connector.url, userId, TENANT);
    return userId;
  };
  const call = (as: string, method: string, path: string, body?: unknown) => devApi(commons.url, TENANT, as)(method, path, body);
  const entriesFor = async (userId: string, postId: string) => ((await commons.repositories.follows.pending(TENANT, userId))?.entries ?? []).filter((e) => e.postId === postId).length;
  const record = (postId: string) => commons.repositories.heldNotices.get(TENANT, `post:${postId}`, 'digestRecord');
  /** What a crash leaves: the record, due now (the sweep finds it), and then waits until the sweep has drained it. */
  const leftRecord = async (postId: string) => {
    await commons.repositories.heldNotices.hold(TENANT, `post:${postId}`, Date.now(), 'digestRecord');
    await eventually(async () => (await record(postId)) === undefined, 20_000, 'the record drained');
  };
  async function club() {
    const author = await somebody('Megan Bowen');
    const follower = await somebody('Lynne Robbins');
    const created = await call(author, 'POST', '/api/v1/communities', { name: `Records ${randomUUID().slice(0, 6)}`, privacy: 'open' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { author, follower, communityId: created.body.id as string };
  }
  const post = async (as: string, communityId: string, text: string) => {
    const { status, body } = await call(as, 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'discussion', text });
    assert.equal(status, 201, JSON.stringify(body));
    return body.id as string;
  };

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({}, { digestTimings: timings });
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });
  beforeEach(() => {
    TENANT = randomUUID();
  });

  it('has the event recorded the moment the post request answers: the pending record, or the entry itself', async () => {
    const { author, follower, communityId } = await club();
    assert.equal((await call(follower, 'PUT', `/api/v1/me/follows/community/${communityId}`)).status, 200);
    for (let i = 0; i < 5; i++) {
      const postId = await post(author, communityId, `Straight away ${i}`);
      // Read in this order: the record is forgotten only after the entries are written, so one of them is there.
      const pending = await record(postId);
      if (!pending) assert.equal(await entriesFor(follower, postId), 1, 'no record left: the entry is written');
      else assert.ok(pending.dueAt > Date.now(), 'a record due after the grace: the sweep redoes it only if the fan-out died');
    }
    await commons.digests.drain();
    assert.equal((await commons.repositories.follows.pending(TENANT, follower))?.entries.length, 5);
  });

  it('drains a record a crash left (the fan-out never reached the follower) once, and a second drain adds nothing', async () => {
    const { author, follower, communityId } = await club();
    const postId = await post(author, communityId, 'Posted just before the crash');
    await commons.digests.drain();
    assert.equal(await record(postId), undefined, 'the fan-out cleared its record');
    // The follower follows now: had the process died before the fan-out, only the record would remember the post.
    assert.equal((await call(follower, 'PUT', `/api/v1/me/follows/community/${communityId}`)).status, 200);
    assert.equal(await entriesFor(follower, postId), 0);
    await leftRecord(postId);
    assert.equal(await entriesFor(follower, postId), 1, 'the sweep recorded it');
    await leftRecord(postId);
    await leftRecord(postId);
    assert.equal(await entriesFor(follower, postId), 1, 'at least once, never twice');
  });

  it('records a reply the same way: the record or the entry is there when the comment request answers, and a leftover adds nothing', async () => {
    const { author, follower, communityId } = await club();
    const thread = await post(author, communityId, 'Saturday route?');
    assert.equal((await call(follower, 'PUT', `/api/v1/me/follows/thread/${thread}`)).status, 200);
    const replied = await call(author, 'POST', `/api/v1/posts/${thread}/comments`, { text: 'The ridge loop' });
    assert.equal(replied.status, 201, JSON.stringify(replied.body));
    const subject = `comment:${thread}:${replied.body.comment.id}`;
    const pending = await commons.repositories.heldNotices.get(TENANT, subject, 'digestRecord');
    if (!pending) assert.equal(await entriesFor(follower, thread), 1, 'no record left: the entry is written');
    await commons.digests.drain();
    assert.equal(await entriesFor(follower, thread), 1);
    await commons.repositories.heldNotices.hold(TENANT, subject, Date.now(), 'digestRecord');
    await eventually(async () => (await commons.repositories.heldNotices.get(TENANT, subject, 'digestRecord')) === undefined, 20_000, 'the record drained');
    assert.equal(await entriesFor(follower, thread), 1, 'never twice');
  });

  it('does not bring back an entry once the follower\'s digest went', async () => {
    const { author, follower, communityId } = await club();
    assert.equal((await call(follower, 'PUT', `/api/v1/me/follows/community/${communityId}`)).status, 200);
    const postId = await post(author, communityId, 'Sent already');
    await commons.digests.drain();
    assert.equal(await entriesFor(follower, postId), 1);
    await commons.repositories.heldNotices.hold(TENANT, follower, Date.now(), 'digest');
    await eventually(async () => (await commons.repositories.heldNotices.get(TENANT, follower, 'digest')) === undefined, 20_000, 'the digest went');
    assert.equal(await entriesFor(follower, postId), 0, 'the digest took it');
    await leftRecord(postId);
    assert.equal(await entriesFor(follower, postId), 0, 'a late record does not send it twice');
  });
});
