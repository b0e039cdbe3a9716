import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { composePost, PostKind } from '../../src/domain/posts';
import type { Visibility } from '../../src/domain/visibility';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';

const ALEX = DEMO_PEOPLE.find((p) => p.displayName === 'Alex Wilber')!;
const LYNNE = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;
const OTHER_TENANT = '9c8b7a65-4321-4fed-8cba-987654321000';

/**
 * The feed through the real API, on posts stored by the real repositories: pages by
 * position, so what arrives while someone scrolls neither repeats nor leaves a gap;
 * filters; the new-post count; and tokens that belong to one tenant and one filter.
 */
describe('feed: paging, filters and new posts (GET /api/v1/feed)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  // After the seeded demo posts (made at start-up), so what the tests store is the newest.
  let clock = Date.now() + 86_400_000;

  async function store(body: string, options: { kind?: PostKind; visibility?: Visibility; at?: number } = {}): Promise<string> {
    const postId = randomUUID();
    const author = { tenantId: DEMO_TENANT_ID, userId: ALEX.userId, roles: [] as const, displayName: ALEX.displayName };
    const post = composePost({ body, kind: options.kind, audience: { everyone: true }, visibility: options.visibility ?? { kind: 'tenant' } }, author, postId, new Date(options.at ?? (clock += 60_000)));
    await commons.repositories.posts.create(post);
    return postId;
  }

  const as = (userId: string, tenantId = DEMO_TENANT_ID) => devApi(commons.url, tenantId, userId);
  const page = async (query: string, userId = LYNNE.userId) => {
    const { status, body } = await as(userId)('GET', `/api/v1/feed${query}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body as { posts: Array<{ id: string; body: string; kind: string }>; continuationToken?: string; newest?: string };
  };

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
  });
  after(async () => commons?.dispose());

  it('walks the whole feed a page at a time with no gap and no repeat while new posts keep arriving', async () => {
    const marker = `walk-${randomUUID().slice(0, 8)}`;
    const stored: string[] = [];
    for (let i = 0; i < 23; i++) stored.push(await store(`${marker} ${i}`));
    // Two posts in the same millisecond: the order between them is still fixed (by id).
    const tie = clock + 60_000;
    stored.push(await store(`${marker} tie-a`, { at: tie }), await store(`${marker} tie-b`, { at: tie }));
    clock = tie;

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const body = await page(`?limit=5${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`);
      seen.push(...body.posts.filter((p) => p.body.startsWith(marker)).map((p) => p.id));
      token = body.continuationToken;
      // New posts land on top while we scroll: they must not shift the pages below.
      if (pages++ < 3) await store(`${marker} arrived-later-${pages}`);
    } while (token && pages < 50);
    const original = new Set(stored);
    const walked = seen.filter((id) => original.has(id));
    assert.equal(new Set(seen).size, seen.length, 'no post twice');
    assert.deepEqual(new Set(walked), original, 'every post that was there when scrolling began');
  });

  it('counts what arrived since the top, and shows it from the top again', async () => {
    await store(`count-base-${randomUUID()}`);
    const top = await page('?limit=3');
    assert.ok(top.newest, 'the first page names its newest post');
    assert.deepEqual((await as(LYNNE.userId)('GET', `/api/v1/feed/new?since=${encodeURIComponent(top.newest!)}`)).body, { count: 0, more: false });
    const fresh = [await store('count-new-1'), await store('count-new-2'), await store('count-new-3')];
    await store('count-private', { visibility: { kind: 'members', conversationId: '19:secret-chat@thread.v2' } });
    const { body } = await as(LYNNE.userId)('GET', `/api/v1/feed/new?since=${encodeURIComponent(top.newest!)}`);
    assert.deepEqual(body, { count: 3, more: false }, `three new posts she may see; the private one is not counted (${JSON.stringify(body)})`);
    const again = await page('?limit=3');
    assert.deepEqual(again.posts.map((p) => p.id), [...fresh].reverse());
  });

  it('filters by kind, and by community for its members only', async () => {
    await store(`kind-question-${randomUUID()}`, { kind: 'question' });
    const questions = await page('?kind=question&limit=50');
    assert.ok(questions.posts.length >= 1);
    assert.ok(questions.posts.every((p) => p.kind === 'question'));
    const { status } = await as(LYNNE.userId)('GET', `/api/v1/feed?communityId=${randomUUID()}`);
    assert.equal(status, 404, 'an unknown (or unreadable) community');
  });

  it('never shows a stranger a private post', async () => {
    const secret = `private-${randomUUID()}`;
    await store(secret, { visibility: { kind: 'members', conversationId: '19:another-secret-chat@thread.v2' } });
    const body = await page('?limit=50');
    assert.ok(!body.posts.some((p) => p.body === secret));
  });

  it('refuses a token changed by hand, from another filter or from another tenant, with a 400 and no posts', async () => {
    for (let i = 0; i < 3; i++) await store(`token-${i}`);
    const first = await page('?limit=2');
    const token = first.continuationToken!;
    assert.ok(token);
    const [payload, mac] = token.split('.');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const moved = `${Buffer.from(JSON.stringify({ ...decoded, c: '2099-01-01T00:00:00.000Z' })).toString('base64url')}.${mac}`;
    for (const [what, query, tenant] of [
      ['changed by hand', `?limit=2&continuationToken=${encodeURIComponent(moved)}`, DEMO_TENANT_ID],
      ['garbage', '?limit=2&continuationToken=not-a-token', DEMO_TENANT_ID],
      ['another filter', `?limit=2&kind=poll&continuationToken=${encodeURIComponent(token)}`, DEMO_TENANT_ID],
      ['another tenant', `?limit=2&continuationToken=${encodeURIComponent(token)}`, OTHER_TENANT],
    ] as const) {
      const { status, body } = await as(LYNNE.userId, tenant)('GET', `/api/v1/feed${query}`);
      assert.equal(status, 400, `${what}: ${JSON.stringify(body)}`);
      assert.equal(body.posts, undefined, `${what}: nothing shown`);
    }
    const bad = await as(LYNNE.userId)('GET', '/api/v1/feed?limit=500');
    assert.equal(bad.status, 400);
  });

  it('pages a community feed by signed tokens too: all of its posts once, and a tenant-feed token refused there', async () => {
    const created = await as(LYNNE.userId)('POST', '/api/v1/communities', { name: `Paging ${randomUUID().slice(0, 8)}`, privacy: 'open' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const communityId: string = created.body.id;
    const author = { tenantId: DEMO_TENANT_ID, userId: LYNNE.userId, roles: [] as const, displayName: LYNNE.displayName };
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      const composed = composePost({ body: `community paging ${i}`, kind: 'discussion', audience: { communities: [communityId] }, visibility: { kind: 'community', communityId } }, author, randomUUID(), new Date((clock += 60_000)));
      const post = { ...composed, community: { communityId, name: created.body.name } };
      await commons.repositories.posts.create(post);
      await commons.repositories.posts.fileUnderCommunity(post);
      made.push(post.postId);
    }
    const seen: string[] = [];
    let token: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const { status, body } = await as(LYNNE.userId)('GET', `/api/v1/communities/${communityId}/feed${token ? `?continuationToken=${encodeURIComponent(token)}` : ''}`);
      assert.equal(status, 200, JSON.stringify(body));
      seen.push(...body.posts.map((p: { id: string }) => p.id));
      token = body.continuationToken;
      if (!token) break;
    }
    assert.deepEqual([...seen].sort(), [...made].sort());
    assert.equal(new Set(seen).size, made.length);
    const tenantToken = (await page('?limit=2')).continuationToken!;
    const refused = await as(LYNNE.userId)('GET', `/api/v1/communities/${communityId}/feed?continuationToken=${encodeURIComponent(tenantToken)}`);
    assert.equal(refused.status, 400);
  });

  it('searches by words through a small word index: every word must match, private posts stay hidden, pages by token', async () => {
    const word = `zorblax${randomUUID().slice(0, 6).replace(/[^a-z]/g, 'q')}`;
    const review = await store(`Quarterly ${word} review for the café team`);
    const plain = await store(`The ${word} itself`);
    await store(`${word} secrets`, { visibility: { kind: 'members', conversationId: '19:search-secret-chat@thread.v2' } });
    const hits = (await page(`?q=${encodeURIComponent(word)}&limit=50`)).posts.map((p) => p.id);
    assert.deepEqual(hits.sort(), [review, plain].sort(), 'both tenant-wide posts, not the private one');
    assert.deepEqual((await page(`?q=${encodeURIComponent(`${word.toUpperCase()} Review`)}`)).posts.map((p) => p.id), [review], 'every word, any case');
    assert.deepEqual((await page(`?q=${encodeURIComponent(`cafe ${word}`)}`)).posts.map((p) => p.id), [review], 'accents folded');
    const first = await page(`?q=${encodeURIComponent(word)}&limit=1`);
    assert.equal(first.posts.length, 1);
    const second = await page(`?q=${encodeURIComponent(word)}&limit=1&continuationToken=${encodeURIComponent(first.continuationToken!)}`);
    assert.equal(second.posts.length, 1);
    assert.notEqual(second.posts[0].id, first.posts[0].id);
    const crossed = await as(LYNNE.userId)('GET', `/api/v1/feed?q=other&continuationToken=${encodeURIComponent(first.continuationToken!)}`);
    assert.equal(crossed.status, 400, 'a token of another search');
    // An edit is found by its new words, and no longer by the ones it took away.
    const added = `${word}edited`;
    await commons.repositories.posts.update(DEMO_TENANT_ID, plain, (p) => ({ ...p, body: `Now about ${added}` }));
    assert.deepEqual((await page(`?q=${added}`)).posts.map((p) => p.id), [plain]);
    assert.deepEqual((await page(`?q=${encodeURIComponent(`${word} itself`)}`)).posts.map((p) => p.id), [], 'the old words no longer find it');
    const onlyCommonWords = await as(LYNNE.userId)('GET', '/api/v1/feed?q=the%20and');
    assert.equal(onlyCommonWords.status, 400);
    assert.match(onlyCommonWords.body.error.message, /three letters/);
  });

  it('ranks "most active" by reactions and comments, pages through that ranking, and refuses a newest-first token there', async () => {
    const tag = `active${randomUUID().slice(0, 6).replace(/[^a-z]/g, 'x')}`;
    let made = 0;
    const author = { tenantId: DEMO_TENANT_ID, userId: ALEX.userId, roles: [] as const, displayName: ALEX.displayName };
    const make = async (label: string, reactionCount: number, commentCount: number) => {
      // In the past: a ranking holds what was there when it was made.
      const post = { ...composePost({ body: `${tag} ${label}`, audience: { everyone: true }, visibility: { kind: 'tenant' } }, author, randomUUID(), new Date(Date.now() - 3_600_000 + made++ * 1000)), reactionCount, commentCount };
      await commons.repositories.posts.create(post);
      return post.postId;
    };
    const quiet = await make('quiet', 0, 0);
    const liked = await make('liked', 5, 0);
    const discussed = await make('discussed', 1, 4);
    const ranked = (await page(`?sort=active&q=${tag}&limit=50`)).posts.map((p) => p.id);
    assert.deepEqual(ranked, [discussed, liked, quiet], 'a comment counts twice a reaction');
    const first = await page(`?sort=active&q=${tag}&limit=2`);
    assert.deepEqual(first.posts.map((p) => p.id), [discussed, liked]);
    const later = { ...composePost({ body: `${tag} arrives later, very active`, audience: { everyone: true }, visibility: { kind: 'tenant' } }, author, randomUUID(), new Date(Date.now() + 60_000)), reactionCount: 50, commentCount: 50 };
    await commons.repositories.posts.create(later); // newer than the ranking: not in it
    const second = await page(`?sort=active&q=${tag}&limit=2&continuationToken=${encodeURIComponent(first.continuationToken!)}`);
    assert.deepEqual(second.posts.map((p) => p.id), [quiet]);
    assert.equal(second.continuationToken, undefined);
    const newest = await page(`?q=${tag}&limit=1`);
    const crossed = await as(LYNNE.userId)('GET', `/api/v1/feed?sort=active&q=${tag}&continuationToken=${encodeURIComponent(newest.continuationToken!)}`);
    assert.equal(crossed.status, 400);
  });
});
