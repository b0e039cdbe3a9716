import { strict as assert } from 'assert';
import type { Store } from '../../src/store/cosmos';
import { ConversationMemberLists, rankOf, StoredMembership } from '../../src/store/member-lists';
import { MembershipRepository } from '../../src/store/memberships';
import { openTestStore } from '../support/store';

const TENANT = '4b4b4b4b-0000-4000-8000-000000000001';
const user = (n: number) => `4b4b4b4b-0000-4000-8000-${String(n).padStart(12, '0')}`;
let serial = 0;
const chat = () => `19:lists-${serial++}@thread.v2`;
const listId = (conversationId: string) => `${TENANT}|members|${conversationId}`;

/** A membership stored the way the pair documents were before lists existed (no list written). */
async function storedBeforeLists(store: Store, conversationId: string, userId: string, member: boolean, updatedAt: string) {
  const id = `${TENANT}|member|${conversationId}|${userId}`;
  await store.containers.rosters.items.upsert({ id, pk: id, tenantId: TENANT, type: 'membership', conversationId, userId, member, source: 'event', updatedAt });
}

describe("conversation member lists: the feed's one shared read per chat", () => {
  let store: Store;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  it('completes a list from the memberships stored before it, then answers every reader from it', async () => {
    const conversationId = chat();
    await storedBeforeLists(store, conversationId, user(1), true, '2026-11-01T10:00:00.000Z');
    await storedBeforeLists(store, conversationId, user(2), true, '2026-11-01T10:00:00.000Z');
    await storedBeforeLists(store, conversationId, user(2), false, '2026-11-02T10:00:00.000Z');
    const memberships = new MembershipRepository(store.containers.rosters);
    assert.equal(await memberships.lists.knows(TENANT, conversationId, user(1)), undefined, 'no list yet: the pair documents answer');
    assert.equal(await memberships.isKnownMember(TENANT, conversationId, user(2)), false);
    assert.equal(await memberships.isKnownMember(TENANT, conversationId, user(1)), true);
    await memberships.lists.complete(TENANT, conversationId);
    assert.equal(await memberships.lists.knows(TENANT, conversationId, user(1)), true);
    assert.equal(await memberships.lists.knows(TENANT, conversationId, user(2)), false, 'who left is not a member');
    assert.equal(await memberships.lists.knows(TENANT, conversationId, user(3)), false, 'nor is a stranger');
    // The list is the store's, not this process's: another instance reads the same answers.
    const other = new MembershipRepository(store.containers.rosters);
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => other.isKnownMember(TENANT, conversationId, user(n)))), [true, false, false]);
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => other.lists.knows(TENANT, conversationId, user(n)))), [true, false, false]);
  });

  it("completes a chat's list on the first thing Teams tells us about it (never on a read), and keeps arrivals and departures in it", async () => {
    const conversationId = chat();
    await storedBeforeLists(store, conversationId, user(1), true, '2026-11-01T10:00:00.000Z');
    const memberships = new MembershipRepository(store.containers.rosters);
    assert.equal(await memberships.isKnownMember(TENANT, conversationId, user(1)), true, 'the pair document answers');
    assert.equal((await store.containers.rosters.item(listId(conversationId), listId(conversationId)).read()).statusCode, 404, 'a read makes no list');
    // Someone speaks in the chat (the bot records the sender): the list is made, with what was stored before.
    await memberships.record(TENANT, conversationId, user(1), true, 'activity');
    assert.equal((await store.containers.rosters.item(listId(conversationId), listId(conversationId)).read()).resource?.complete, true, 'even a repeat of what was stored completes the list');
    await memberships.record(TENANT, conversationId, user(2), true, 'event');
    await memberships.record(TENANT, conversationId, user(1), false, 'event');
    assert.equal(await memberships.lists.knows(TENANT, conversationId, user(2)), true, 'an arrival is in the list at once');
    assert.equal(await memberships.lists.knows(TENANT, conversationId, user(1)), false, 'a departure too');
    const other = new MembershipRepository(store.containers.rosters);
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => other.lists.knows(TENANT, conversationId, user(n)))), [false, true, false]);
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => other.isKnownMember(TENANT, conversationId, user(n)))), [false, true, false]);
  });

  it('keeps the newer answer when the stored ones it merges are older than what writers put in the list meanwhile', async () => {
    const conversationId = chat();
    const stale = [
      { userId: user(1), member: true, updatedAt: '2026-01-01T00:00:00.000Z' },
      { userId: user(2), member: false, updatedAt: '2026-01-01T00:00:00.000Z' },
      { userId: user(3), member: true, updatedAt: '2026-01-01T00:00:00.000Z' },
    ];
    // While a list is being completed from a snapshot of the pair documents, one person leaves and another arrives.
    const lists = new ConversationMemberLists(store.containers.rosters, 30_000, async () => stale);
    const now = new Date().toISOString();
    await lists.note(TENANT, conversationId, user(1), false, now);
    await lists.note(TENANT, conversationId, user(2), true, now);
    assert.equal(await lists.knows(TENANT, conversationId, user(2)), undefined, 'not trusted before it is complete');
    await lists.complete(TENANT, conversationId);
    assert.equal(await lists.knows(TENANT, conversationId, user(1)), false, 'an older "member" does not undo the departure');
    assert.equal(await lists.knows(TENANT, conversationId, user(2)), true, 'an older "not a member" does not undo the arrival');
    assert.equal(await lists.knows(TENANT, conversationId, user(3)), true, 'what only the pair documents knew is merged in');
  });

  it('erases a person from the list and their stored membership, and a repeat finds nothing left', async () => {
    const conversationId = chat();
    const memberships = new MembershipRepository(store.containers.rosters);
    await memberships.record(TENANT, conversationId, user(1), true, 'event');
    await memberships.record(TENANT, conversationId, user(2), true, 'event');
    await memberships.lists.complete(TENANT, conversationId);
    const pairId = `${TENANT}|member|${conversationId}|${user(1)}`;
    await memberships.erase(pairId);
    await memberships.erase(pairId);
    const list = (await store.containers.rosters.item(listId(conversationId), listId(conversationId)).read()).resource;
    assert.deepEqual(Object.keys(list.members), [user(2)], 'nothing of the erased person stays in the list');
    assert.equal((await store.containers.rosters.item(pairId, pairId).read()).statusCode, 404);
    assert.equal(await new MembershipRepository(store.containers.rosters).isKnownMember(TENANT, conversationId, user(1)), false);
  });

  it('settles a join and a leave racing from two instances on the leave, whatever order the list writes land in', async () => {
    const conversationId = chat();
    const [a, b] = [new MembershipRepository(store.containers.rosters), new MembershipRepository(store.containers.rosters)];
    await a.record(TENANT, conversationId, user(9), true, 'event');
    const joinedAt = new Date(Date.now() - 5).toISOString();
    // Instance A's join wrote its pair document and is slow to write the list; meanwhile B records the departure.
    await storedBeforeLists(store, conversationId, user(1), true, joinedAt);
    await b.record(TENANT, conversationId, user(1), false, 'event');
    await a.lists.note(TENANT, conversationId, user(1), true, joinedAt);
    const fresh = new MembershipRepository(store.containers.rosters);
    assert.equal(await fresh.lists.knows(TENANT, conversationId, user(1)), false, 'the older arrival does not undo the departure');
    assert.equal(await fresh.isKnownMember(TENANT, conversationId, user(1)), false);
    // An older answer reaching the pair document late changes nothing either.
    await a.record(TENANT, conversationId, user(1), true, 'event');
    assert.equal(await new MembershipRepository(store.containers.rosters).isKnownMember(TENANT, conversationId, user(1)), true, 'a new arrival (now) is newer, and counts');
  });

  it('puts a list right that lags its pair document the next time Teams says the same thing', async () => {
    const conversationId = chat();
    const memberships = new MembershipRepository(store.containers.rosters);
    await memberships.record(TENANT, conversationId, user(1), true, 'event');
    // An older version (or a list write that failed) stored this arrival in the pair document only.
    await storedBeforeLists(store, conversationId, user(2), true, new Date().toISOString());
    const reader = () => new MembershipRepository(store.containers.rosters);
    assert.equal(await reader().lists.knows(TENANT, conversationId, user(2)), false, 'the list lags');
    await reader().record(TENANT, conversationId, user(2), true, 'activity');
    assert.equal(await reader().lists.knows(TENANT, conversationId, user(2)), true, 'put right by their next activity');
  });

  it('does not bring an erased person back when the erasure lands while the list is being completed', async () => {
    const conversationId = chat();
    const memberships = new MembershipRepository(store.containers.rosters);
    await storedBeforeLists(store, conversationId, user(1), true, '2026-11-01T10:00:00.000Z');
    await storedBeforeLists(store, conversationId, user(2), true, '2026-11-01T10:00:00.000Z');
    const pairId = `${TENANT}|member|${conversationId}|${user(1)}`;
    const { resources: all } = await store.containers.rosters.items.query<StoredMembership>({ query: 'SELECT c.userId, c.member, c.updatedAt FROM c WHERE c.conversationId = @c AND c.type = "membership"', parameters: [{ name: '@c', value: conversationId }] }).fetchAll();
    let reads = 0;
    const lists = new ConversationMemberLists(store.containers.rosters, 30_000, async () => {
      // The first read of the pair documents still sees the person; the erasure runs before the merge is written.
      if (reads++ === 0) {
        await memberships.erase(pairId);
        return all;
      }
      return all.filter((pair) => pair.userId !== user(1));
    });
    await lists.complete(TENANT, conversationId);
    assert.equal(reads, 2, 'the erasure made the merge read the pair documents again');
    const list = (await store.containers.rosters.item(listId(conversationId), listId(conversationId)).read()).resource;
    assert.equal(list.complete, true);
    assert.deepEqual(Object.keys(list.members), [user(2)], 'nothing of the erased person');
    assert.equal(list.members[user(2)], rankOf(true, '2026-11-01T10:00:00.000Z'));
  });

  it('gives a list up past its size limit: neither trusted nor written any more, and the pair documents answer', async () => {
    const conversationId = chat();
    const stored = [1, 2, 3].map((n) => ({ userId: user(n), member: true, updatedAt: '2026-11-01T10:00:00.000Z' }));
    for (const pair of stored) await storedBeforeLists(store, conversationId, pair.userId, true, pair.updatedAt);
    const lists = new ConversationMemberLists(store.containers.rosters, 30_000, async () => stored, 2);
    await lists.complete(TENANT, conversationId);
    await lists.note(TENANT, conversationId, user(4), true, new Date().toISOString());
    const list = (await store.containers.rosters.item(listId(conversationId), listId(conversationId)).read()).resource;
    assert.deepEqual([list.oversized, list.complete, Object.keys(list.members)], [true, undefined, []], 'marked, emptied, not written');
    assert.equal(await lists.knows(TENANT, conversationId, user(1)), undefined);
    assert.equal(await new MembershipRepository(store.containers.rosters).isKnownMember(TENANT, conversationId, user(1)), true, 'the pair document answers');
  });
});
