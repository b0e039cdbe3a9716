import { strict as assert } from 'assert';
import type { Store } from '../../src/store/cosmos';
import { ConversationMemberLists, rankOf, StoredMembership } from '../../src/store/member-lists';
import { MembershipRepository } from '../../src/store/memberships';
import { openTestStore } from '../support/store';

const TENANT = '4b4b4b4b-0000-4000-8000-000000000001';
const user = (n: number) => `4b4b4b4b-0000-4000-8000-${String(n).padStart(12, '0')}`;
let serial = 0;
const chat = () => `19:lists-${serial++}@thread.v2`;
const listId = (conversationId: string) => `${TENANT}|memberList|${conversationId}`;
const pairId = (conversationId: string, userId: string) => `${TENANT}|member|${conversationId}|${userId}`;

/** A membership stored as a pair document only: as before lists existed (no version), or as another writer left it. */
async function storedPair(store: Store, conversationId: string, userId: string, member: boolean, version?: number) {
  const id = pairId(conversationId, userId);
  await store.containers.rosters.items.upsert({ id, pk: id, tenantId: TENANT, type: 'membership', conversationId, userId, member, source: 'event', updatedAt: new Date().toISOString(), ...(version !== undefined && { version }) });
}

describe("conversation member lists: the feed's one shared read per chat", () => {
  let store: Store;
  const repository = () => new MembershipRepository(store.containers.rosters);
  const listOf = async (conversationId: string) => (await store.containers.rosters.item(listId(conversationId), listId(conversationId)).read()).resource;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  it('completes a list from the memberships stored before it, then answers every reader from it', async () => {
    const conversationId = chat();
    await storedPair(store, conversationId, user(1), true);
    await storedPair(store, conversationId, user(2), false);
    const memberships = repository();
    assert.equal(await memberships.lists.knows(TENANT, conversationId, user(1)), undefined, 'no list yet: the pair documents answer');
    assert.deepEqual(await Promise.all([1, 2].map((n) => memberships.isKnownMember(TENANT, conversationId, user(n)))), [true, false]);
    await memberships.lists.complete(TENANT, conversationId);
    // The list is the store's, not this process's: another instance reads the same answers from it.
    const other = repository();
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => other.lists.knows(TENANT, conversationId, user(n)))), [true, false, false], 'a member; who left; a stranger');
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => other.isKnownMember(TENANT, conversationId, user(n)))), [true, false, false]);
  });

  it("completes a chat's list on the first thing Teams tells us about it (never on a read), and keeps arrivals and departures in it", async () => {
    const conversationId = chat();
    await storedPair(store, conversationId, user(1), true);
    const memberships = repository();
    assert.equal(await memberships.isKnownMember(TENANT, conversationId, user(1)), true, 'the pair document answers');
    assert.equal(await listOf(conversationId), undefined, 'a read makes no list');
    // Someone speaks in the chat (the bot records the sender): the list is made, with what was stored before.
    await memberships.record(TENANT, conversationId, user(1), true, 'activity');
    assert.equal((await listOf(conversationId))?.complete, true, 'even a repeat of what was stored completes the list');
    await memberships.record(TENANT, conversationId, user(2), true, 'event');
    await memberships.record(TENANT, conversationId, user(1), false, 'event');
    assert.deepEqual(await Promise.all([1, 2].map((n) => memberships.lists.knows(TENANT, conversationId, user(n)))), [false, true], 'arrivals and departures are in the list at once');
    const other = repository();
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => other.isKnownMember(TENANT, conversationId, user(n)))), [false, true, false]);
    const pair = (await store.containers.rosters.item(pairId(conversationId, user(1)), pairId(conversationId, user(1))).read()).resource;
    assert.deepEqual([pair.member, pair.version], [false, 1], 'a write of a pair document is one more version (the one before had none)');
  });

  it('keeps the later version when the pair documents it merges are older than what writers put in the list meanwhile', async () => {
    const conversationId = chat();
    // The snapshot the merge reads: each person as their pair document was at version 1.
    const stale: StoredMembership[] = [
      { userId: user(1), member: true, version: 1 },
      { userId: user(2), member: false, version: 1 },
      { userId: user(3), member: true, version: 1 },
    ];
    const lists = new ConversationMemberLists(store.containers.rosters, 30_000, async () => stale);
    // Meanwhile one of them left and another arrived (version 2 of their pair documents).
    await lists.note(TENANT, conversationId, user(1), false, 2);
    await lists.note(TENANT, conversationId, user(2), true, 2);
    assert.equal(await lists.knows(TENANT, conversationId, user(2)), undefined, 'not trusted before it is complete');
    await lists.complete(TENANT, conversationId);
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => lists.knows(TENANT, conversationId, user(n)))), [false, true, true], 'the departure and the arrival stay; what only the pair documents knew is merged in');
  });

  it('settles a join and a leave racing from two instances on the version written last, whatever order the list writes land in', async () => {
    const conversationId = chat();
    const [a, b] = [repository(), repository()];
    await a.record(TENANT, conversationId, user(9), true, 'event');
    // Instance A's join took effect as version 1 of the pair document and is slow to write the list; B records the departure meanwhile (version 2).
    await storedPair(store, conversationId, user(1), true, 1);
    await b.record(TENANT, conversationId, user(1), false, 'event');
    await a.lists.note(TENANT, conversationId, user(1), true, 1);
    assert.equal(await repository().lists.knows(TENANT, conversationId, user(1)), false, "the join's late list write does not undo the departure");
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), false);
    // The other way round: B's departure (version 3) is slow to write the pair document... it wrote the list first, so the list already hides them.
    await a.record(TENANT, conversationId, user(1), true, 'event');
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), true, 'a new arrival (version 3) counts');
  });

  it('puts a list that lags its pair document in line with the pair document, and never the other way', async () => {
    const conversationId = chat();
    await repository().record(TENANT, conversationId, user(1), true, 'event');
    // A list write that failed (or an older version of Commons) left this arrival in the pair document only.
    await storedPair(store, conversationId, user(2), true, 4);
    assert.equal(await repository().lists.knows(TENANT, conversationId, user(2)), false, 'the list lags');
    await repository().record(TENANT, conversationId, user(2), true, 'activity');
    assert.equal(await repository().lists.knows(TENANT, conversationId, user(2)), true, 'put right by their next activity');
    // A process whose cache still says "member" sees an activity sent before the person left: it writes nothing.
    const stale = repository();
    assert.equal(await stale.isMember(TENANT, conversationId, user(2)), true);
    await repository().record(TENANT, conversationId, user(2), false, 'event');
    await stale.record(TENANT, conversationId, user(2), true, 'activity');
    const pair = (await store.containers.rosters.item(pairId(conversationId, user(2)), pairId(conversationId, user(2))).read()).resource;
    assert.deepEqual([pair.member, pair.version], [false, 6], 'the departure stays in the pair document (version 5 was the activity that put the list right)');
    assert.equal(await repository().lists.knows(TENANT, conversationId, user(2)), false, 'and in the list');
  });

  it('erases a person from the list and their stored membership, and a repeat finds nothing left', async () => {
    const conversationId = chat();
    const memberships = repository();
    await memberships.record(TENANT, conversationId, user(1), true, 'event');
    await memberships.record(TENANT, conversationId, user(2), true, 'event');
    await memberships.erase(pairId(conversationId, user(1)));
    await memberships.erase(pairId(conversationId, user(1)));
    assert.deepEqual(Object.keys((await listOf(conversationId)).members), [user(2)], 'nothing of the erased person stays in the list');
    assert.equal((await store.containers.rosters.item(pairId(conversationId, user(1)), pairId(conversationId, user(1))).read()).statusCode, 404);
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), false);
  });

  it('does not bring an erased person back when the erasure lands while the list is being completed', async () => {
    const conversationId = chat();
    const memberships = repository();
    await storedPair(store, conversationId, user(1), true);
    await storedPair(store, conversationId, user(2), true);
    const all: StoredMembership[] = [
      { userId: user(1), member: true },
      { userId: user(2), member: true },
    ];
    let reads = 0;
    const lists = new ConversationMemberLists(store.containers.rosters, 30_000, async () => {
      // The first read of the pair documents still sees the person; the erasure runs before the merge is written.
      if (reads++ === 0) {
        await memberships.erase(pairId(conversationId, user(1)));
        return all;
      }
      return all.filter((pair) => pair.userId !== user(1));
    });
    await lists.complete(TENANT, conversationId);
    assert.equal(reads, 2, 'the erasure made the merge read the pair documents again');
    const list = await listOf(conversationId);
    assert.equal(list.complete, true);
    assert.deepEqual(list.members, { [user(2)]: rankOf(true, undefined) }, 'nothing of the erased person');
  });

  it('gives a list up past its size limit: neither trusted nor written any more, and the pair documents answer', async () => {
    const conversationId = chat();
    const stored = [1, 2, 3].map((n) => ({ userId: user(n), member: true }));
    for (const pair of stored) await storedPair(store, conversationId, pair.userId, true);
    const lists = new ConversationMemberLists(store.containers.rosters, 30_000, async () => stored, 2);
    await lists.complete(TENANT, conversationId);
    await lists.note(TENANT, conversationId, user(4), true, 1);
    const list = await listOf(conversationId);
    assert.deepEqual([list.oversized, list.complete, Object.keys(list.members)], [true, undefined, []], 'marked, emptied, not written');
    assert.equal(await lists.knows(TENANT, conversationId, user(1)), undefined);
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), true, 'the pair document answers');
  });

  it('lists only Entra object ids: anyone else is answered by their pair document', async () => {
    const conversationId = chat();
    const memberships = repository();
    await memberships.record(TENANT, conversationId, user(1), true, 'event');
    await memberships.record(TENANT, conversationId, '29:1AbC-not-a-guid', true, 'event');
    assert.deepEqual(Object.keys((await listOf(conversationId)).members), [user(1)]);
    assert.equal(await repository().lists.knows(TENANT, conversationId, '29:1abc-not-a-guid'), undefined);
    assert.equal(await repository().isKnownMember(TENANT, conversationId, '29:1AbC-not-a-guid'), true);
  });

  it('ranks a pair document made again after an erasure above what an in-flight write left in the list', async () => {
    const conversationId = chat();
    const [writer, eraser, later] = [repository(), repository(), repository()];
    await writer.record(TENANT, conversationId, user(8), true, 'event');
    for (const member of [true, false, true, false, true]) await writer.record(TENANT, conversationId, user(1), member, 'event');
    // An arrival in flight during the erasure: its pair document (version 5) is erased, then its list write lands.
    await eraser.erase(pairId(conversationId, user(1)));
    await writer.lists.note(TENANT, conversationId, user(1), true, 5);
    assert.equal(await later.lists.knows(TENANT, conversationId, user(1)), true, 'the leftover (an accepted race of erasure with a join)');
    // They join again and leave: the new pair document goes above the leftover, so the departure counts.
    await later.record(TENANT, conversationId, user(1), true, 'event');
    await later.record(TENANT, conversationId, user(1), false, 'event');
    assert.equal(await repository().lists.knows(TENANT, conversationId, user(1)), false, 'the departure outranks the leftover');
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), false);
  });

  it('writes a departure that reaches a process whose copies (pair document and list) are stale', async () => {
    const conversationId = chat();
    await repository().record(TENANT, conversationId, user(8), true, 'event');
    await repository().record(TENANT, conversationId, user(1), true, 'event');
    // This process records the removal and serves a feed: it holds "left" in both its copies.
    const stale = repository();
    await stale.record(TENANT, conversationId, user(1), false, 'event');
    assert.equal(await stale.isKnownMember(TENANT, conversationId, user(1)), false);
    // They are added back through another instance, then Teams says they were removed again: to the stale process.
    await repository().record(TENANT, conversationId, user(1), true, 'event');
    await stale.record(TENANT, conversationId, user(1), false, 'event');
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), false, 'the departure was written');
    assert.equal(await repository().isMember(TENANT, conversationId, user(1)), false);
  });

  it("does not add back someone Teams' event removed on an activity alone, on any process; a join event does", async () => {
    const conversationId = chat();
    await repository().record(TENANT, conversationId, user(8), true, 'event');
    await repository().record(TENANT, conversationId, user(1), true, 'event');
    const holding = repository();
    assert.equal(await holding.isMember(TENANT, conversationId, user(1)), true, 'this process holds "member"');
    await repository().record(TENANT, conversationId, user(1), false, 'event');
    // A message they sent before the removal arrives late: at the process holding "member", and at a fresh one.
    await holding.record(TENANT, conversationId, user(1), true, 'activity');
    await repository().record(TENANT, conversationId, user(1), true, 'activity');
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), false, 'still removed');
    await repository().record(TENANT, conversationId, user(1), true, 'event');
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), true, 'added back by the join event');
  });

  it("stores a stranger's many simultaneous roster answers once, without failing any", async () => {
    const conversationId = chat();
    await repository().record(TENANT, conversationId, user(8), true, 'event');
    const instances = Array.from({ length: 3 }, repository);
    await Promise.all(Array.from({ length: 15 }, (_, i) => instances[i % 3].record(TENANT, conversationId, user(1), false, 'roster')));
    const pair = (await store.containers.rosters.item(pairId(conversationId, user(1)), pairId(conversationId, user(1))).read()).resource;
    assert.equal(pair.member, false);
    assert.ok(pair.version <= 3, `one write per instance at most, not one per answer: version ${pair.version}`);
    assert.equal(await repository().isKnownMember(TENANT, conversationId, user(1)), false);
  });
});
