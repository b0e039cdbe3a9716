import { strict as assert } from 'assert';
import { readableBy, visiblePost } from '../../src/domain/post-access';
import { composePost, Post } from '../../src/domain/posts';
import type { InstalledConversation } from '../../src/domain/conversations';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { MembershipRepository, ROSTER_RECHECK_MS } from '../../src/store/memberships';
import { openTestStore } from '../support/store';

const TENANT = '3a3a3a3a-0000-4000-8000-000000000001';
const MEMBER = '3a3a3a3a-0000-4000-8000-0000000000a1';
const OUTSIDER = '3a3a3a3a-0000-4000-8000-0000000000b2';
const author = { tenantId: TENANT, userId: '3a3a3a3a-0000-4000-8000-0000000000c3', roles: [] as const, displayName: 'Author' };
const as = (userId: string) => ({ tenantId: TENANT, userId, roles: ['admin'] as const });

function place(conversationId: string, kind: InstalledConversation['kind'], extra: Partial<InstalledConversation> = {}): InstalledConversation {
  const now = new Date().toISOString();
  return { tenantId: TENANT, conversationId, kind, serviceUrl: 'http://127.0.0.1:9/', botId: 'b', active: true, installedAt: now, updatedAt: now, reference: {}, ...extra };
}

describe('visibility: posts stored before it, and membership as Teams tells it', () => {
  let store: Store;
  let repositories: Repositories;
  const access = () => ({ posts: repositories.posts, membership: repositories.memberships, place: (t: string, c: string) => repositories.conversations.get(t, c) });

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
    await repositories.conversations.save(place('19:team@thread.tacv2', 'channel', { teamId: '19:team@thread.tacv2', channelId: '19:team@thread.tacv2' }));
    await repositories.conversations.save(place('19:side@thread.tacv2', 'channel', { teamId: '19:team@thread.tacv2', channelId: '19:side@thread.tacv2' }));
    await repositories.conversations.save(place('19:chat@thread.v2', 'groupChat'));
    await repositories.memberships.record(TENANT, '19:chat@thread.v2', MEMBER, true, 'event');
  });
  after(() => store.close());

  /** A post as stored before visibility existed: no `visibility`, no timeline hint. */
  async function legacyPost(postId: string, audience: Post['audience']): Promise<void> {
    const { visibility: _omitted, ...post } = composePost({ body: `legacy ${postId}`, audience, visibility: { kind: 'tenant' } }, author, postId, new Date());
    const key = `${TENANT}|${postId}`;
    await store.containers.posts.items.create({ ...post, id: key, pk: key, type: 'post' });
    const timelineKey = `${TENANT}|feed`;
    const { resource } = await store.containers.timelines.item(timelineKey, timelineKey).read().catch(() => ({ resource: undefined }));
    const entries = [{ postId, createdAt: post.createdAt }, ...((resource as any)?.entries ?? [])];
    await store.containers.timelines.items.upsert({ id: timelineKey, pk: timelineKey, tenantId: TENANT, type: 'timeline', entries });
  }

  it('shows older posts tenant-wide only when they went to everyone or to a known standard channel; hides the rest', async () => {
    await legacyPost('l-everyone', { everyone: true });
    await legacyPost('l-general', { channels: ['19:team@thread.tacv2'] });
    await legacyPost('l-side', { channels: ['19:side@thread.tacv2'] });
    await legacyPost('l-chat', { channels: ['19:chat@thread.v2'] });
    await legacyPost('l-gone', { channels: ['19:forgotten@thread.tacv2'] });
    const feedOf = async (userId: string) => (await repositories.posts.feed(TENANT, 20, readableBy(access(), as(userId)))).map((p) => p.postId).sort();
    assert.deepEqual(await feedOf(OUTSIDER), ['l-everyone', 'l-general'], 'an untyped side channel, a group chat and an unknown place are hidden');
    assert.deepEqual(await feedOf(MEMBER), ['l-chat', 'l-everyone', 'l-general'], 'a member of the chat sees its post');
    await assert.rejects(visiblePost(access(), as(OUTSIDER), 'l-chat'), /not found/, 'and single reads say not found');
  });

  it('asks the roster only when nothing is stored, keeps its answer, and asks again after a while when it said no', async () => {
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const memberships = new MembershipRepository(store.containers.rosters, () => clock);
    const asked: string[] = [];
    let answer: boolean | undefined = false;
    memberships.useRoster(async (_tenant, conversationId, userId) => (asked.push(`${conversationId}/${userId}`), answer));
    assert.equal(await memberships.isMember(TENANT, '19:room@thread.v2', OUTSIDER), false);
    assert.equal(await memberships.isMember(TENANT, '19:room@thread.v2', OUTSIDER), false);
    assert.equal(asked.length, 1, 'the "no" is kept');
    clock += ROSTER_RECHECK_MS + 1;
    answer = true;
    assert.equal(await memberships.isMember(TENANT, '19:room@thread.v2', OUTSIDER), true, 'asked again later: now a member');
    assert.equal(asked.length, 2);

    await memberships.record(TENANT, '19:room@thread.v2', OUTSIDER, false, 'event');
    clock += ROSTER_RECHECK_MS * 10;
    assert.equal(await memberships.isMember(TENANT, '19:room@thread.v2', OUTSIDER), false, 'a removal Teams told us about needs no roster');
    assert.equal(asked.length, 2);

    answer = undefined;
    assert.equal(await memberships.isMember(TENANT, '19:unknown@thread.v2', MEMBER), false, 'a roster that cannot answer means hidden');
    answer = true;
    assert.equal(await memberships.isMember(TENANT, '19:unknown@thread.v2', MEMBER), true, 'and that doubt was not stored');
  });
});
