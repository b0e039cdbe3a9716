import { strict as assert } from 'assert';
import { recordReaction } from '../../src/domain/engagement';
import { DomainError } from '../../src/domain/errors';
import { composePost } from '../../src/domain/posts';
import { DEFAULT_REACTIONS } from '../../src/domain/reactions';
import { Store } from '../../src/store/cosmos';
import { createRepositories, Repositories } from '../../src/store';
import { CoalescingPostWriter } from '../../src/store/post-writer';
import { TtlCache } from '../../src/store/ttl-cache';
import { openTestStore } from '../support/store';

const alice = { tenantId: 't1', userId: 'alice', roles: [] as const, displayName: 'Alice' };

describe('reactions in the store', () => {
  let store: Store;
  let repositories: Repositories;
  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store.close());

  const ports = (writer: { apply: CoalescingPostWriter['apply'] }) => ({
    posts: repositories.posts,
    engagement: repositories.engagement,
    writer,
    reactionSet: async () => DEFAULT_REACTIONS,
    membership: repositories.memberships,
    place: (tenantId: string, conversationId: string) => repositories.conversations.get(tenantId, conversationId),
  });

  it('undoes the stored reaction when the count cannot move, for an add, a switch and a removal', async () => {
    await repositories.posts.create(composePost({ body: 'hello', audience: {}, visibility: { kind: 'tenant' as const } }, alice, 'p-undo', new Date()));
    const real = ports(new CoalescingPostWriter(repositories.posts));
    const failing = ports({ apply: () => Promise.reject(new Error('store hiccup')) });

    await assert.rejects(recordReaction(failing, alice, 'p-undo', 'like', undefined, new Date()), /hiccup/);
    assert.equal(await repositories.engagement.reactionOf('t1', 'p-undo', 'alice'), null, 'add undone');

    await recordReaction(real, alice, 'p-undo', 'like', undefined, new Date());
    await assert.rejects(recordReaction(failing, alice, 'p-undo', 'love', undefined, new Date()));
    assert.equal(await repositories.engagement.reactionOf('t1', 'p-undo', 'alice'), 'like', 'switch undone');
    await assert.rejects(recordReaction(failing, alice, 'p-undo', 'like', undefined, new Date()));
    assert.equal(await repositories.engagement.reactionOf('t1', 'p-undo', 'alice'), 'like', 'removal undone');
    assert.deepEqual((await repositories.posts.get('t1', 'p-undo'))?.reactionCounts, { like: 1 });
  });

  it('refuses reactions to a removed post and stores none', async () => {
    await repositories.posts.create(composePost({ body: 'bye', audience: {}, visibility: { kind: 'tenant' as const } }, alice, 'p-removed', new Date()));
    assert.equal(await repositories.posts.isLive('t1', 'p-removed'), true);
    await repositories.posts.update('t1', 'p-removed', (post) => ({ ...post, state: 'removed' }));
    await assert.rejects(recordReaction(ports(new CoalescingPostWriter(repositories.posts)), alice, 'p-removed', 'like', undefined, new Date()), (e: unknown) => e instanceof DomainError && e.code === 'not_found');
    assert.equal(await repositories.engagement.reactionOf('t1', 'p-removed', 'alice'), null);
  });

  it('the cache never lets a slow load overwrite a newer value', async () => {
    const cache = new TtlCache<string>(60_000, 10);
    let release!: () => void;
    const slow = cache.get('k', () => new Promise<string>((resolve) => (release = () => resolve('stale'))));
    cache.set('k', 'fresh');
    release();
    assert.equal(await slow, 'stale', 'the slow caller gets what it loaded');
    assert.equal(await cache.get('k', async () => 'reloaded'), 'fresh', 'but the cache keeps the newer value');
  });
});
