import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { profilePorts } from '../../src/api/profiles';
import { composePost } from '../../src/domain/posts';
import { readProfile } from '../../src/domain/profiles';
import { TENANT_VISIBILITY } from '../../src/domain/visibility';
import { createRepositories, Repositories } from '../../src/store';
import { CountingStore, openCountingStore } from '../support/counting-store';

const guid = (tenant: number, n: number) => `${String(tenant).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * A profile's store cost does not grow with the tenant: the same person, with the same
 * manager, reports, communities and posts, costs the same round trips in a tenant of
 * 20 posts and one of 600 (and ten times the people), and none of them is a query.
 */
describe('profiles: store round trips stay constant as the tenant grows', function () {
  this.timeout(120_000);
  let counting: CountingStore;
  let repositories: Repositories;

  before(async () => {
    counting = await openCountingStore();
    repositories = createRepositories(counting.store);
  });
  after(() => counting?.stop());

  async function tenantOf(tag: number, posts: number, people: number) {
    const tenantId = guid(tag, 0);
    const subject = guid(tag, 1);
    const manager = guid(tag, 2);
    const now = new Date().toISOString();
    const updates = Array.from({ length: people }, (_, i) => ({
      userId: guid(tag, i + 1),
      source: 'seed' as const,
      profile: { displayName: `Person ${i + 1}`, department: 'Engineering', ...(i === 0 ? { managerId: manager } : i >= 2 && i < 6 ? { managerId: subject } : {}) },
    }));
    await repositories.people.save(tenantId, updates, now);
    const identityOf = (userId: string) => ({ tenantId, userId, roles: [] as const, displayName: userId });
    const start = Date.parse('2026-11-01T00:00:00Z');
    // The subject's ten posts are the newest, the same in both tenants (every other one in a chat the viewer is not in).
    for (let i = 0; i < posts + 10; i++) {
      const own = i >= posts;
      const visibility = own && i % 2 === 0 ? ({ kind: 'members', conversationId: '19:private@thread.v2' } as const) : TENANT_VISIBILITY;
      await repositories.posts.create(composePost({ body: `post ${i}`, audience: {}, visibility }, identityOf(own ? subject : guid(tag, 10 + (i % (people - 10)))), randomUUID(), new Date(start + i * 60_000)));
    }
    for (const privacy of ['open', 'secret'] as const) {
      const communityId = randomUUID();
      await repositories.communities.create(
        { tenantId, communityId, name: `${privacy} ${tag}`, description: '', emoji: '💬', colour: 'blue', privacy, archived: false, memberCount: 0, ownerCount: 0, linkedChannels: [], createdBy: subject, createdAt: now, lastActivityAt: now },
        { communityId, userId: subject, displayName: 'Person 1', status: 'member', role: 'owner', since: now },
      );
    }
    return { tenantId, subject, viewer: identityOf(guid(tag, 9)) };
  }

  it('costs the same point reads, and no query, at 20 and 600 posts', async () => {
    const ports = profilePorts({ repositories });
    const costs: Array<{ cold: number; warm: number; shown: number; communities: string[] }> = [];
    for (const [tag, posts, people] of [[1, 20, 20], [2, 600, 200]] as const) {
      const { subject, viewer } = await tenantOf(tag, posts, people);
      const measure = async () => {
        const [requests, queries] = [counting.requests(), counting.queries()];
        const profile = await readProfile(ports, viewer, subject);
        assert.equal(counting.queries() - queries, 0, 'no query');
        return { requests: counting.requests() - requests, profile };
      };
      const cold = await measure();
      const warm = await measure();
      costs.push({ cold: cold.requests, warm: warm.requests, shown: warm.profile.recentPosts.length, communities: warm.profile.communities.map((c) => c.privacy) });
    }
    assert.deepEqual(costs[1], costs[0], JSON.stringify(costs));
    assert.deepEqual(costs[0].communities, ['open'], 'the secret community is not shown to a stranger');
    assert.equal(costs[0].shown, 5);
    assert.ok(costs[0].cold <= 30, `a bounded handful of point reads: ${costs[0].cold}`);
  });
});
