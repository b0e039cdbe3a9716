import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { announcementTenant } from '../support/announcement-tenant';
import { eventually, userIdOf } from '../support/delivery';
import { devApi } from '../support/dev-api';
import { PINNED_MAX } from '../../src/domain/pinned';
import { deliveryApp } from '../support/delivery-app';

type FeedPost = { id: string; title?: string; body: string; kind: string; important?: boolean; pinned?: boolean };

/**
 * Announcements in the feed: listed once they go out, for their audience only; an
 * important one pinned above the feed for its days and left out of the pages below;
 * edits shown, recalled ones gone.
 */
describe('feed: announcements, and important ones pinned at the top', function () {
  this.timeout(180_000);
  const app = deliveryApp({ DELIVERY_MAX_RPS: '50' });

  /** A tenant of its own: an author, `people` readers with personal chats, and one stranger. */
  async function tenant(people: number) {
    const { tenantId, author, api, send } = await announcementTenant(app, people);
    const stranger = randomUUID();
    await app.repositories.people.upsert({ tenantId, userId: stranger, displayName: 'Stan Stranger', roles: [] });
    const feed = async (userId: string, query = '') => {
      const { status, body } = await devApi(app.commons.url, tenantId, userId)('GET', `/api/v1/feed?limit=50${query}`);
      assert.equal(status, 200, JSON.stringify(body));
      return body as { posts: FeedPost[]; pinned?: FeedPost[]; continuationToken?: string };
    };
    return { tenantId, author, stranger, api, send, feed };
  }

  it('lists an announcement for its audience once it goes out, and for nobody else', async () => {
    const t = await tenant(3);
    const id = await t.send({ title: 'Readers only', body: 'For the three of you.' }, { people: [userIdOf(0), userIdOf(1), userIdOf(2)] });
    const reader = await t.feed(userIdOf(1));
    const listed = reader.posts.find((p) => p.id === id);
    assert.ok(listed, 'in a reader\'s feed');
    assert.equal(listed.kind, 'announcement');
    assert.equal(listed.title, 'Readers only');
    assert.equal(listed.important, false);
    assert.ok(!(await t.feed(t.stranger)).posts.some((p) => p.id === id), 'not in a stranger\'s feed');
  });

  it('pins an important announcement above the feed, once, and leaves it out of the pages below', async () => {
    const t = await tenant(2);
    const normal = await t.send({ title: 'Canteen menu', body: 'Soup.' }, { everyone: true });
    const important = await t.send({ title: 'Office closed Friday', body: 'Work from home.', importance: 'important', pinDays: 3 }, { everyone: true });
    const first = await t.feed(userIdOf(0));
    assert.deepEqual(first.pinned?.map((p) => p.id), [important]);
    assert.equal(first.pinned?.[0].important, true);
    assert.equal(first.pinned?.[0].pinned, true);
    assert.ok(first.posts.some((p) => p.id === normal), 'the normal one in the feed');
    assert.ok(!first.posts.some((p) => p.id === important), 'the pinned one not twice');
    // Everyone's announcement: a person without a personal chat sees it too.
    assert.deepEqual((await t.feed(t.stranger)).pinned?.map((p) => p.id), [important]);
    // Another kind's feed has no pins; the announcements' has.
    assert.deepEqual((await t.feed(userIdOf(0), '&kind=update')).pinned, []);
    assert.deepEqual((await t.feed(userIdOf(0), '&kind=announcement')).pinned?.map((p) => p.id), [important]);
  });

  it('unpins when its days are over: the pinned list holds what is pinned now', async () => {
    const t = await tenant(1);
    const now = Date.now();
    await app.repositories.posts.pin(t.tenantId, { postId: 'gone', createdAt: new Date(now - 5 * 86_400_000).toISOString(), until: new Date(now - 1000).toISOString() }, new Date(now - 2 * 86_400_000));
    for (let i = 0; i < PINNED_MAX + 2; i++) await app.repositories.posts.pin(t.tenantId, { postId: `p${i}`, createdAt: new Date(now + i).toISOString(), until: new Date(now + 86_400_000).toISOString() });
    const pinned = await app.repositories.posts.pinned(t.tenantId);
    assert.equal(pinned.length, PINNED_MAX);
    assert.equal(pinned[0].postId, `p${PINNED_MAX + 1}`, 'newest first');
    assert.ok(!pinned.some((p) => p.postId === 'gone'));
  });

  it('shows an edit in the feed and drops a recalled announcement, pinned or not', async () => {
    const t = await tenant(2);
    const important = await t.send({ title: 'Fire drill', body: 'At noon.', importance: 'important' }, { everyone: true });
    const normal = await t.send({ title: 'Parking', body: 'Level 2 closed.' }, { everyone: true });
    const edited = await t.api('PATCH', `/api/v1/announcements/${normal}`, { body: 'Level 3 closed.' });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const ok = await eventually(async () => (await t.feed(userIdOf(0))).posts.find((p) => p.id === normal)?.body === 'Level 3 closed.', 30_000, 'the edit in the feed', 500);
    assert.ok(ok, 'the feed shows the edited text');
    assert.equal((await t.api('POST', `/api/v1/announcements/${important}/recall`)).status, 200);
    assert.equal((await t.api('POST', `/api/v1/announcements/${normal}/recall`)).status, 200);
    const after = await t.feed(userIdOf(0));
    assert.deepEqual(after.pinned, []);
    assert.ok(!after.posts.some((p) => p.id === normal || p.id === important));
  });
});
