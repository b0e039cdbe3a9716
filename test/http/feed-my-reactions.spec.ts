import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { composePost, Post } from '../../src/domain/posts';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { tenantKey } from '../../src/store/containers';
import { ReaderReactions } from '../../src/store/reader-reactions';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';

const LYNNE = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;
const DAY_MS = 86_400_000;

/**
 * The reader's own reaction on each feed post comes from their reactions filed by the
 * posts' month (store/reader-reactions.ts), not from one read per post: this checks, from
 * outside, that what the feed shows is what the reader's reaction documents say, over
 * several days, through quick repeated clicks, and for posts older than the copy.
 */
describe('feed: the reader\'s own reactions', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  const as = (userId: string) => devApi(commons.url, DEMO_TENANT_ID, userId);
  const author = { tenantId: DEMO_TENANT_ID, userId: LYNNE.userId, roles: [] as const, displayName: LYNNE.displayName };

  async function postOn(daysAgo: number, body: string): Promise<Post> {
    const post = composePost({ body, audience: { everyone: true }, visibility: { kind: 'tenant' } }, author, randomUUID(), new Date(Date.now() - daysAgo * DAY_MS));
    await commons.repositories.posts.create(post);
    return post;
  }
  const shownTo = async (userId: string, postIds: string[]) => {
    const feed = await as(userId)('GET', '/api/v1/feed?limit=50');
    assert.equal(feed.status, 200, JSON.stringify(feed.body));
    return postIds.map((id) => {
      const post = feed.body.posts.find((p: { id: string }) => p.id === id);
      assert.ok(post, `post ${id} is in the feed`);
      return post.myReaction;
    });
  };

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
  });
  after(async () => commons?.dispose());

  it('shows each reader their own reaction on posts of different days and months, and only theirs', async () => {
    const posts = [await postOn(0, 'Today'), await postOn(1, 'Yesterday'), await postOn(40, 'Forty days ago: another month'), await postOn(40, 'Also forty days ago')];
    const [reader, other] = [randomUUID(), randomUUID()];
    for (const [post, reaction] of [[posts[0], 'like'], [posts[1], 'love'], [posts[2], 'celebrate']] as const) {
      assert.equal((await as(reader)('PUT', `/api/v1/posts/${post.postId}/reaction`, { reaction })).status, 200);
    }
    assert.equal((await as(other)('PUT', `/api/v1/posts/${posts[3].postId}/reaction`, { reaction: 'like' })).status, 200);
    const ids = posts.map((p) => p.postId);
    assert.deepEqual(await shownTo(reader, ids), ['like', 'love', 'celebrate', null]);
    assert.deepEqual(await shownTo(other, ids), [null, null, null, 'like']);
    // Switching and taking back are shown too.
    await as(reader)('PUT', `/api/v1/posts/${posts[1].postId}/reaction`, { reaction: 'like' });
    await as(reader)('PUT', `/api/v1/posts/${posts[0].postId}/reaction`, { reaction: 'like' });
    assert.deepEqual(await shownTo(reader, ids), [null, 'like', 'celebrate', null]);
  });

  it('agrees with the stored reaction after many quick clicks by one person at once', async () => {
    const post = await postOn(0, 'Click me');
    const reader = randomUUID();
    const clicks = Array.from({ length: 15 }, (_, i) => (i % 3 === 0 ? 'love' : 'like'));
    const answers = await Promise.all(clicks.map((reaction) => as(reader)('PUT', `/api/v1/posts/${post.postId}/reaction`, { reaction })));
    assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.find((a) => a.status !== 200)?.body));
    const stored = await commons.repositories.engagement.reactionOf(DEMO_TENANT_ID, post.postId, reader);
    assert.deepEqual(await shownTo(reader, [post.postId]), [stored]);
    assert.equal((await commons.repositories.posts.get(DEMO_TENANT_ID, post.postId))!.reactionCount, stored ? 1 : 0);
  });

  it('shows reactions on posts stored before reactions were filed under their readers', async () => {
    // As an older version stored them: no flag on the post, and a reaction document without a sequence.
    const { readerReactionsFiled: _filed, ...older } = composePost({ body: 'From before', audience: { everyone: true }, visibility: { kind: 'tenant' } }, author, randomUUID(), new Date(Date.now() - 2 * DAY_MS));
    await commons.repositories.posts.create({ ...older, reactionCounts: { love: 1 }, reactionCount: 1 });
    const reader = randomUUID();
    const pk = tenantKey(DEMO_TENANT_ID, older.postId);
    await commons.store.containers.engagement.items.create({ id: tenantKey(DEMO_TENANT_ID, older.postId, 'reaction', reader), pk, tenantId: DEMO_TENANT_ID, type: 'reaction', postId: older.postId, userId: reader, reaction: 'love', updatedAt: older.createdAt });
    assert.deepEqual(await shownTo(reader, [older.postId]), ['love']);
    const switched = await as(reader)('PUT', `/api/v1/posts/${older.postId}/reaction`, { reaction: 'like' });
    assert.equal(switched.status, 200);
    assert.deepEqual([switched.body.myReaction, switched.body.reactionCounts], ['like', { like: 1 }]);
    assert.deepEqual(await shownTo(reader, [older.postId]), ['like']);
  });

  it('never lets an older click overwrite a newer one in the filed copy, and forgets a reader on erasure', async () => {
    const readers = new ReaderReactions(commons.store.containers.engagement);
    const reader = randomUUID();
    const post = { postId: `odd/id~${randomUUID()}`, createdAt: new Date().toISOString(), readerReactionsFiled: true };
    await readers.file(DEMO_TENANT_ID, reader, post, 'love', 3);
    await readers.file(DEMO_TENANT_ID, reader, post, 'like', 2); // arrives late
    assert.equal((await readers.of(DEMO_TENANT_ID, reader, [post])).get(post.postId), 'love');
    await readers.file(DEMO_TENANT_ID, reader, post, null, 4);
    assert.equal((await readers.of(DEMO_TENANT_ID, reader, [post])).get(post.postId), null);
    const unfiled = { ...post, postId: randomUUID(), readerReactionsFiled: undefined };
    assert.equal((await readers.of(DEMO_TENANT_ID, reader, [unfiled])).has(unfiled.postId), false, 'a post from before is not answered from the copy');
    assert.equal(await readers.forget(DEMO_TENANT_ID, reader), 1);
    assert.equal((await readers.of(DEMO_TENANT_ID, reader, [post])).get(post.postId), null);
  });
});
