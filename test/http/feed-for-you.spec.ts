import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { composePost, Post } from '../../src/domain/posts';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';

/**
 * The "For you" feed through the real API: what a reader's communities, follows, team
 * and department make theirs, and nothing else they might see in the tenant's feed.
 */
describe('feed: "For you" (GET /api/v1/feed?scope=forYou)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let clock = Date.now() + 2 * 86_400_000;

  before(async () => {
    commons = await startTestCommons();
  });
  after(async () => commons?.dispose());

  it('keeps my communities, people and threads I follow, kudos in my team or department, announcements and my own posts', async () => {
    const tenantId = randomUUID();
    const [me, manager, teammate, colleague, followed, stranger] = Array.from({ length: 6 }, () => randomUUID());
    const people = [
      { userId: me, displayName: 'Me', department: 'Sales', managerId: manager },
      { userId: manager, displayName: 'Manager', department: 'Leadership' },
      { userId: teammate, displayName: 'Teammate', department: 'Support', managerId: manager },
      { userId: colleague, displayName: 'Colleague', department: 'Sales' },
      { userId: followed, displayName: 'Followed', department: 'Legal' },
      { userId: stranger, displayName: 'Stranger', department: 'Legal' },
    ];
    for (const p of people) await commons.repositories.people.upsert({ tenantId, roles: [], ...p });
    const api = devApi(commons.url, tenantId, me);
    const community = await api('POST', '/api/v1/communities', { name: `Makers ${randomUUID().slice(0, 6)}`, privacy: 'open' });
    assert.equal(community.status, 201, JSON.stringify(community.body));
    const communityId: string = community.body.id;
    const person = (userId: string) => people.find((p) => p.userId === userId)!;

    const stored = async (authorId: string, body: string, extra: Partial<Post> = {}): Promise<string> => {
      const author = { tenantId, userId: authorId, roles: [] as const, displayName: person(authorId).displayName };
      const post = { ...composePost({ body, audience: { everyone: true }, visibility: { kind: 'tenant' } }, author, randomUUID(), new Date((clock += 60_000))), ...extra };
      await commons.repositories.posts.create(post);
      return post.postId;
    };
    const kudosTo = (recipientId: string) => ({
      kind: 'kudos' as const,
      kudos: { badge: { id: 'b1', name: 'Teamwork', emoji: '🤝', colour: 'blue' as const }, recipients: [{ userId: recipientId, displayName: person(recipientId).displayName, department: person(recipientId).department, managerId: person(recipientId).managerId }], joiners: [], private: false },
    });

    const expected = [
      await stored(me, 'my own post'),
      await stored(stranger, 'in my community', { community: { communityId, name: 'Makers' } }),
      await stored(followed, 'by someone I follow'),
      await stored(stranger, 'kudos to a teammate', kudosTo(teammate)),
      await stored(stranger, 'kudos to my department', kudosTo(colleague)),
      await stored(stranger, 'kudos to me', kudosTo(me)),
    ];
    const followedThread = await stored(stranger, 'a thread I follow');
    expected.push(followedThread);
    const notMine = [await stored(stranger, 'a stranger\'s update'), await stored(colleague, 'kudos elsewhere', kudosTo(followed))];

    assert.equal((await api('PUT', `/api/v1/me/follows/person/${followed}`)).status, 200);
    assert.equal((await api('PUT', `/api/v1/me/follows/thread/${followedThread}`)).status, 200);

    const forYou = await api('GET', '/api/v1/feed?scope=forYou&limit=50');
    assert.equal(forYou.status, 200, JSON.stringify(forYou.body));
    assert.deepEqual(forYou.body.posts.map((p: { id: string }) => p.id).sort(), [...expected].sort());
    const everything = await api('GET', '/api/v1/feed?limit=50');
    for (const id of notMine) assert.ok(everything.body.posts.some((p: { id: string }) => p.id === id), 'the rest is in "all"');

    // Tokens name their scope: a "For you" token is refused on the whole feed.
    const first = await api('GET', '/api/v1/feed?scope=forYou&limit=2');
    assert.ok(first.body.continuationToken);
    const crossed = await api('GET', `/api/v1/feed?limit=2&continuationToken=${encodeURIComponent(first.body.continuationToken)}`);
    assert.equal(crossed.status, 400);
    assert.equal((await api('GET', '/api/v1/feed?scope=mine')).status, 400);
  });
});
