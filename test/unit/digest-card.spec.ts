import { strict as assert } from 'assert';
import { activityDigestCard, digestOffCard, weeklyDigestCard } from '../../src/cards/digest';
import { VERBS } from '../../src/cards/verbs';
import { DigestEntry, digestDueAt, DEFAULT_DIGEST_TIMINGS, entryFor, groupEntries, postActivity, topPosts } from '../../src/domain/digests';
import { composePost, Post } from '../../src/domain/posts';
import { assertValidCard, requireSchemas } from '../support/schemas';

const author = { tenantId: 't', userId: 'u1', roles: [], displayName: 'Megan <Bowen>' };
const post = (id: string, body: string, counts: Partial<Post> = {}): Post => ({ ...composePost({ body, audience: { everyone: true }, visibility: { kind: 'tenant' as const } }, author, id, new Date('2026-11-26T10:00:00Z')), ...counts });
const entry = (n: number, kind: DigestEntry['kind'] = 'post', via: DigestEntry['via'] = { kind: 'community', id: 'c1', name: 'Trail runners' }): DigestEntry => ({
  key: `${kind}|p${n}|`, kind, postId: `p${n}`, via, actorId: 'u2', actorName: 'Alex Wilber', excerpt: `Idea ${n} [x](javascript:alert(1))`, at: '2026-11-26T10:00:00Z',
});

describe('digest cards and rules', () => {
  it('summarises every entry by what brought it in, lists the latest ten and counts the rest', () => {
    const entries = [...Array.from({ length: 28 }, (_, i) => entry(i + 1)), entry(29, 'comment', { kind: 'thread', id: 'p1', name: 'Saturday route' }), entry(30, 'comment', { kind: 'thread', id: 'p1', name: 'Saturday route' })];
    const text = JSON.stringify(activityDigestCard({ entries, tabUrl: 'https://commons.example/tab/index.html#/settings' }));
    assert.match(text, /30 new things in what you follow/);
    assert.match(text, /\*\*Trail runners\*\*: 28 new posts/);
    assert.match(text, /\*\*Saturday route\*\*: 2 new replies/);
    assert.match(text, /and 20 more/);
    assert.doesNotMatch(text, /javascript:/, 'user text is inert');
    assert.ok(text.includes(`"verb":"${VERBS.digestOff}"`));
    assert.match(text, /Alex Wilber posted in Trail runners/);
    const byPerson = JSON.stringify(activityDigestCard({ entries: [entry(1, 'post', { kind: 'person', id: 'u2', name: 'Alex Wilber' })] }));
    assert.match(byPerson, /"Alex Wilber posted"/);
    assert.deepEqual(groupEntries(entries).map((g) => [g.via.name, g.posts, g.comments]), [['Trail runners', 28, 0], ['Saturday route', 0, 2]]);
  });

  it('waits out the gathering window and the interval after the last digest; none when off', () => {
    const t = DEFAULT_DIGEST_TIMINGS;
    assert.equal(digestDueAt(1_000, undefined, 'hourly', t), 1_000 + t.gatherMs);
    assert.equal(digestDueAt(1_000, 500, 'hourly', t), 500 + t.hourlyMs);
    assert.equal(digestDueAt(1_000, 500, 'daily', t), 500 + t.dailyMs);
    assert.equal(digestDueAt(1_000, 500, 'off', t), undefined);
  });

  it('tells of a community post through the community first, never to its author, and nothing of announcements', () => {
    const activity = postActivity(post('p', 'Hello', { community: { communityId: 'c1', name: 'Trail runners' } }))!;
    assert.deepEqual(activity.targets.map((t) => t.kind), ['community', 'person']);
    assert.equal(entryFor(activity, 'U1', activity.targets[0]), undefined, 'the author (any case) is not told of their own post');
    assert.equal(entryFor(activity, 'u9', activity.targets[0])?.via.name, 'Trail runners');
    assert.equal(postActivity(post('a', 'News', { announcementId: 'a' })), undefined);
    assert.equal(postActivity(post('r', 'Gone', { state: 'removed' })), undefined);
  });

  it('ranks the week by reactions and comments', () => {
    const ranked = topPosts([post('a', 'quiet', { reactionCount: 1 }), post('b', 'loud', { reactionCount: 4, commentCount: 4 }), post('c', 'middling', { commentCount: 3 })]);
    assert.deepEqual(ranked.map((p) => p.postId), ['b', 'c', 'a']);
  });

  it('every digest card validates against Adaptive Card 1.5', function () {
    requireSchemas(this);
    const kudos = { ...post('k', 'Thanks for the launch'), kind: 'kudos' as const, kudos: { badge: { id: 'b', name: 'Team player', emoji: '🤝', colour: 'blue' }, recipients: [{ userId: 'u3', displayName: 'Lynne Robbins' }], joiners: [] } } as unknown as Post;
    for (const card of [
      activityDigestCard({ entries: [entry(1), entry(2, 'comment')], overflow: 3, tabUrl: 'https://commons.example/tab/index.html#/settings' }),
      activityDigestCard({ entries: [entry(1)] }),
      weeklyDigestCard({ topPosts: [post('a', 'Hello', { reactionCount: 2, community: { communityId: 'c', name: 'Runners' } })], kudos: [kudos], tabUrl: 'https://commons.example/tab/index.html#/feed' }),
      digestOffCard('en', 'activity', 'https://commons.example/tab/index.html#/settings'),
      digestOffCard(undefined, 'weekly'),
    ]) assertValidCard(card);
  });
});
