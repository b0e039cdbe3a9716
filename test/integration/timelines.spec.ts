import { strict as assert } from 'assert';
import { composePost, Post } from '../../src/domain/posts';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { FEED_SCAN_MAX } from '../../src/store/posts';
import { SPILL_AT, TIMELINE_CACHE_TTL_MS, TODAY_CACHE_TTL_MS, Timelines } from '../../src/store/timelines';
import { openTestStore } from '../support/store';

const TENANT = '7e7e7e7e-0000-4000-8000-000000000001';
const author = { tenantId: TENANT, userId: '7e7e7e7e-0000-4000-8000-0000000000c3', roles: [] as const, displayName: 'Author' };
const everyone = (_entry: unknown, load: () => Promise<Post | undefined>) => load();
const DAY = 86_400_000;

describe('timelines in day buckets: appends from many writers, pages across days, older timelines copied', () => {
  let store: Store;
  let repositories: Repositories;
  let serial = 0;

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store.close());

  /** A tenant of its own per test, and posts at the given times. */
  function tenant(): string {
    return `7e7e7e7e-0000-4000-8000-${String(++serial).padStart(12, '0')}`;
  }
  async function post(tenantId: string, at: Date, extra: { kind?: Post['kind']; visibility?: Post['visibility'] } = {}): Promise<Post> {
    const stored = composePost({ body: `post ${++serial}`, audience: { everyone: true }, visibility: extra.visibility ?? { kind: 'tenant' }, ...(extra.kind && { kind: extra.kind }) }, { ...author, tenantId }, `p-${serial}`, at);
    await repositories.posts.create(stored);
    return stored;
  }
  async function walkAll(tenantId: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let after: { createdAt: string; postId: string } | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await repositories.posts.timelinePage(tenantId, limit, everyone, { after });
      seen.push(...page.posts.map((p) => p.postId));
      if (!page.next) return seen;
      after = page.next;
    }
    throw new Error('the feed did not end');
  }

  it('keeps every one of 120 posts written at once, newest first, across three days', async () => {
    const tenantId = tenant();
    const start = Date.now() + DAY;
    const posts = await Promise.all(Array.from({ length: 120 }, (_, i) => post(tenantId, new Date(start - (i % 3) * DAY - i * 1000))));
    const expected = [...posts].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.postId.localeCompare(a.postId)).map((p) => p.postId);
    assert.deepEqual(await walkAll(tenantId, 7), expected);
  });

  it('spreads a busy day over shards once its first document is full, and keeps every post', async () => {
    const tenantId = tenant();
    const day = Date.parse(new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10));
    const total = SPILL_AT + 150;
    for (let i = 0; i < total; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => post(tenantId, new Date(day + (i + j) * 1000))));
    const { resource: index } = await store.containers.timelines.item(`${tenantId}|tl|feed`, `${tenantId}|tl|feed`).read();
    assert.ok(Object.keys(index.buckets).length > 1, `more than one shard: ${Object.keys(index.buckets)}`);
    const { resource: first } = await store.containers.timelines.item(`${tenantId}|tl|feed|${new Date(day).toISOString().slice(0, 10)}_0`, `${tenantId}|tl|feed|${new Date(day).toISOString().slice(0, 10)}_0`).read();
    assert.ok(first.entries.length < SPILL_AT + 60, `the first document stops growing near SPILL_AT (${first.entries.length})`);
    const seen = await walkAll(tenantId, 50);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
  });

  it('pages past what the old capped timeline kept (600 posts over 30 days)', async () => {
    const tenantId = tenant();
    const start = Date.now() + DAY;
    const stored: Post[] = [];
    for (let i = 0; i < 600; i += 50) stored.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => post(tenantId, new Date(start - ((i + j) % 30) * DAY - (i + j) * 1000))))));
    const seen = await walkAll(tenantId, 50);
    assert.equal(seen.length, 600);
    assert.equal(new Set(seen).size, 600, 'no post twice');
  });

  it('neither repeats nor skips while posts arrive during the walk', async () => {
    const tenantId = tenant();
    const start = Date.now() + DAY;
    for (let i = 0; i < 25; i++) await post(tenantId, new Date(start - i * 3_600_000));
    const seen: string[] = [];
    let after: { createdAt: string; postId: string } | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await repositories.posts.timelinePage(tenantId, 5, everyone, { after });
      seen.push(...page.posts.map((p) => p.postId));
      await post(tenantId, new Date(start + (pages + 1) * 60_000)); // newer than every page handed out
      if (!page.next) break;
      after = page.next;
    }
    assert.equal(seen.length, 25);
    assert.equal(new Set(seen).size, 25);
  });

  it('stops a page after FEED_SCAN_MAX entries the reader may not see, and goes on from there', async () => {
    const tenantId = tenant();
    const start = Date.now() + DAY;
    const visible = await post(tenantId, new Date(start - 10 * DAY));
    for (let i = 0; i < FEED_SCAN_MAX + 20; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, FEED_SCAN_MAX + 20 - i) }, (_, j) => post(tenantId, new Date(start - (i + j) * 60_000), { visibility: { kind: 'members', conversationId: '19:private@thread.v2' } })));
    }
    const strangerFilter = async (entry: { visibility?: Post['visibility'] }, load: () => Promise<Post | undefined>) => (entry.visibility?.kind === 'members' ? undefined : load());
    const first = await repositories.posts.timelinePage(tenantId, 20, strangerFilter);
    assert.equal(first.posts.length, 0, 'nothing private');
    assert.ok(first.next, 'a continuation after the scan limit');
    const second = await repositories.posts.timelinePage(tenantId, 20, strangerFilter, { after: first.next });
    assert.deepEqual(second.posts.map((p) => p.postId), [visible.postId]);
    assert.equal(second.next, undefined);
  });

  it('copies a timeline of the older capped shape into buckets on first touch, once', async () => {
    const tenantId = tenant();
    const start = Date.now() + DAY;
    const old = Array.from({ length: 30 }, (_, i) => composePost({ body: `old ${i}`, audience: { everyone: true }, visibility: { kind: 'tenant' } }, { ...author, tenantId }, `old-${i}`, new Date(start - i * DAY)));
    for (const p of old) {
      const key = `${tenantId}|${p.postId}`;
      await store.containers.posts.items.create({ ...p, id: key, pk: key, type: 'post' });
    }
    const legacyKey = `${tenantId}|feed`;
    await store.containers.timelines.items.create({ id: legacyKey, pk: legacyKey, tenantId, type: 'timeline', entries: old.map((p) => ({ postId: p.postId, createdAt: p.createdAt })) });
    // Two processes meet the old timeline at once: both copy, nothing shows twice.
    const [a, b] = [new Timelines(store.containers.timelines), new Timelines(store.containers.timelines)];
    await Promise.all([a.walk(tenantId, 'feed', {}, async () => true), b.walk(tenantId, 'feed', {}, async () => true)]);
    const fresh = await post(tenantId, new Date(start + 1000));
    assert.deepEqual(await walkAll(tenantId, 8), [fresh.postId, ...old.map((p) => p.postId)]);
  });

  it("shows another instance's post of today within a quarter of a second, even the day's first, and a past day's once the short cache expires", async () => {
    const tenantId = tenant();
    const yesterday = new Date(Date.now() - DAY);
    const older = await post(tenantId, yesterday);
    // This reader's instance walks first: it caches the index (no bucket for today yet) and yesterday's bucket.
    const reader = new Timelines(store.containers.timelines);
    const walked = async () => {
      const ids: string[] = [];
      await reader.walk(tenantId, 'feed', {}, async (entries) => (ids.push(...entries.map((e) => e.postId)), false));
      return ids;
    };
    assert.deepEqual(await walked(), [older.postId]);
    // Another instance (the repositories') writes: the day's first post, and a late one into yesterday.
    const today = await post(tenantId, new Date());
    const late = await post(tenantId, new Date(yesterday.getTime() + 1000));
    await new Promise((resolve) => setTimeout(resolve, TODAY_CACHE_TTL_MS + 50));
    assert.deepEqual(await walked(), [today.postId, older.postId], "today's bucket is kept a quarter of a second, yesterday's five seconds");
    await new Promise((resolve) => setTimeout(resolve, TIMELINE_CACHE_TTL_MS + 100));
    assert.deepEqual(await walked(), [today.postId, late.postId, older.postId]);
    // A write through the reader's own instance is seen at once, past day or not.
    const own = { postId: `own-${serial++}`, createdAt: new Date(yesterday.getTime() + 2000).toISOString() };
    await reader.add(tenantId, 'feed', own);
    assert.deepEqual(await walked(), [today.postId, own.postId, late.postId, older.postId]);
  });

  it('filters a community timeline by kind and by a test on the post, with tokens of its own', async () => {
    const tenantId = tenant();
    const start = Date.now() + DAY;
    const community = { communityId: 'c-1', name: 'Makers' };
    const made: Post[] = [];
    for (let i = 0; i < 12; i++) {
      const p = { ...composePost({ body: `q ${i}`, audience: { everyone: true }, visibility: { kind: 'community', communityId: 'c-1' }, kind: i % 2 ? 'question' : 'discussion' }, { ...author, tenantId }, `c-${serial++}`, new Date(start - i * 1000)), community };
      await repositories.posts.create(p);
      await repositories.posts.fileUnderCommunity(p);
      made.push(p);
    }
    const page = await repositories.posts.timelinePage(tenantId, 20, everyone, { communityId: 'c-1', kind: 'question', keep: (p) => Number(p.body.split(' ')[1]) > 4 });
    assert.deepEqual(page.posts.map((p) => p.body), ['q 5', 'q 7', 'q 9', 'q 11']);
  });
});
