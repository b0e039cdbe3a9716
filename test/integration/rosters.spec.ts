import { strict as assert } from 'assert';
import type { InstalledConversation } from '../../src/domain/conversations';
import { createRepositories } from '../../src/store';
import { ConversationRepository } from '../../src/store/conversations';
import type { Store } from '../../src/store/cosmos';
import { ROSTER_SHARDS } from '../../src/store/rosters';
import { openTestStore } from '../support/store';

const chat = (tenantId: string, n: number, conversationId = `a:roster-${n}`): InstalledConversation => {
  const now = new Date().toISOString();
  return {
    tenantId,
    conversationId,
    kind: 'personal',
    serviceUrl: 'http://127.0.0.1:1/',
    botId: '28:bot',
    userId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    active: true,
    installedAt: now,
    updatedAt: now,
    reference: {},
  };
};

describe('rosters: who "everyone" is', () => {
  let store: Store;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
  });

  it('lists a person once when two instances record their install at the same moment, over and over', async () => {
    const tenantId = 'roster-tenant-1';
    // Two instances: two sets of repositories (and roster caches) over one store.
    const instances = [createRepositories(store), createRepositories(store)];
    await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 2].conversations.save(chat(tenantId, 1))));
    assert.deepEqual(await instances[0].rosters.personalChats(tenantId), ['a:roster-1']);
    assert.equal(await instances[1].rosters.personalChatOf(tenantId, chat(tenantId, 1).userId!), 'a:roster-1');
  });

  it('spreads a burst over its shards: 500 concurrent installs, every one listed', async () => {
    const tenantId = 'roster-tenant-2';
    const repositories = createRepositories(store);
    await Promise.all(Array.from({ length: 500 }, (_, n) => repositories.conversations.save(chat(tenantId, n))));
    const listed = await repositories.rosters.personalChats(tenantId);
    assert.equal(new Set(listed).size, 500);
    const { resources } = await store.containers.rosters.items
      .query({ query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t AND c.type = "rosterShard"', parameters: [{ name: '@t', value: tenantId }] })
      .fetchAll();
    assert.ok(resources[0] > ROSTER_SHARDS / 2, `installs spread over ${resources[0]} shard documents`);
  });

  it('finds chats stored before the roster existed with one reconciliation, then by point reads', async () => {
    const tenantId = 'roster-tenant-3';
    // Saved without the roster hook, as data from before this layout is.
    const bare = new ConversationRepository(store.containers.conversations);
    for (let n = 0; n < 5; n++) await bare.save(chat(tenantId, n));
    await bare.save({ ...chat(tenantId, 9), active: false });
    const repositories = createRepositories(store);
    assert.deepEqual((await repositories.rosters.personalChats(tenantId)).sort(), [0, 1, 2, 3, 4].map((n) => `a:roster-${n}`));
    // Reconciled once; installs from then on are listed as they are saved.
    await repositories.conversations.save(chat(tenantId, 7));
    assert.equal((await createRepositories(store).rosters.personalChats(tenantId)).length, 6);
  });

  it('keeps an uninstalled chat listed, so a send counts it as not installed instead of leaving it out', async () => {
    const tenantId = 'roster-tenant-4';
    const repositories = createRepositories(store);
    await repositories.conversations.save(chat(tenantId, 1));
    await repositories.conversations.markInactive(tenantId, 'a:roster-1', new Date().toISOString());
    assert.deepEqual(await repositories.rosters.personalChats(tenantId), ['a:roster-1']);
  });
});
