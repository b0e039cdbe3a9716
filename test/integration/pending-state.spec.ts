import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { Store } from '../../src/store/cosmos';
import { PENDING_KUDOS, PENDING_SHARE, PendingKudos, PendingShare, PendingStateRepository } from '../../src/store/pending-state';
import { openTestStore } from '../support/store';

describe('pending state (share dialogs and kudos being written, one repository for both)', () => {
  let store: Store;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
  });

  it('finds it only for its owner, in its tenant, within its time to live', async () => {
    const clock = { now: Date.parse('2026-12-02T10:00:00Z') };
    const shares = new PendingStateRepository<PendingShare>(store.containers.posts, PENDING_SHARE, () => clock.now);
    const tenant = `t-${randomUUID()}`;
    const id = await shares.open(tenant, 'alice', { authorName: 'Bob', url: 'https://teams.microsoft.com/l/message/1' });
    const found = await shares.find(tenant, 'alice', id);
    assert.equal(found?.authorName, 'Bob');
    assert.equal(found?.ownerId, 'alice');
    assert.equal(await shares.find(tenant, 'mallory', id), undefined, 'another person’s');
    assert.equal(await shares.find(`t-${randomUUID()}`, 'alice', id), undefined, 'another tenant’s');
    assert.equal(await shares.find(tenant, 'alice', randomUUID()), undefined, 'an unknown id');
    clock.now += PENDING_SHARE.ttlMs + 1;
    assert.equal(await shares.find(tenant, 'alice', id), undefined, 'an expired one');
  });

  it('keeps updates, and lets exactly one of many concurrent takes of a version win', async () => {
    const kudos = new PendingStateRepository<PendingKudos>(store.containers.kudos, PENDING_KUDOS);
    const tenant = `t-${randomUUID()}`;
    const id = await kudos.open(tenant, 'alice', { conversationId: '19:chat' });
    await kudos.update(tenant, id, { draft: { recipients: ['bob'], badge: 'thanks', message: 'Great work', private: false } });
    const found = await kudos.find(tenant, 'alice', id);
    assert.equal(found?.conversationId, '19:chat', 'an update keeps what it does not change');
    assert.deepEqual(found?.draft?.recipients, ['bob']);
    const takes = await Promise.all(Array.from({ length: 8 }, () => kudos.take(tenant, id, found!.etag)));
    assert.equal(takes.filter(Boolean).length, 1);
    assert.equal(await kudos.find(tenant, 'alice', id), undefined, 'a taken one is gone');
  });

  it('a take under an older version fails and leaves it in place', async () => {
    const kudos = new PendingStateRepository<PendingKudos>(store.containers.kudos, PENDING_KUDOS);
    const tenant = `t-${randomUUID()}`;
    const id = await kudos.open(tenant, 'alice', {});
    const before = await kudos.find(tenant, 'alice', id);
    await kudos.update(tenant, id, { conversationId: '19:other' });
    assert.equal(await kudos.take(tenant, id, before!.etag), false);
    assert.equal((await kudos.find(tenant, 'alice', id))?.conversationId, '19:other');
    assert.equal(await kudos.take(tenant, id), true, 'without a version, the owner’s finish takes it');
  });
});
