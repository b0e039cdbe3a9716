import { strict as assert } from 'assert';
import { anonymisedPost, purgedPost, recountedComments, recountedReactions, withoutKudosPerson } from '../../src/domain/erasure-posts';
import { composePost, Post } from '../../src/domain/posts';
import { DEFAULT_PRIVACY_SETTINGS, retentionCutoff } from '../../src/domain/privacy';
import { pseudonymOf } from '../../src/domain/pseudonym';
import { TENANT_VISIBILITY } from '../../src/domain/visibility';

const ERASED = '00000000-0000-4000-8000-0000000000e1';
const OTHER = '00000000-0000-4000-8000-0000000000e2';
const NOW = new Date('2026-06-15T12:00:00Z');

function post(overrides: Partial<Post> = {}): Post {
  const author = { tenantId: 't', userId: ERASED, roles: [], displayName: 'Erin Erased' };
  return { ...composePost({ body: 'Hello', audience: {}, visibility: TENANT_VISIBILITY }, author, 'p1', NOW), ...overrides };
}

describe('privacy rules (pure)', () => {
  it('gives a person the same pseudonym every time under one key, another under another key, never their id', () => {
    const key = Buffer.alloc(32, 1);
    const first = pseudonymOf(key, ERASED, 'Former colleague');
    assert.deepEqual(pseudonymOf(key, ERASED.toUpperCase(), 'Former colleague'), first, 'ids compare without case');
    assert.notEqual(pseudonymOf(Buffer.alloc(32, 2), ERASED, 'Former colleague').userId, first.userId, 'per tenant');
    assert.notEqual(pseudonymOf(key, OTHER, 'Former colleague').userId, first.userId);
    assert.match(first.displayName, /^Former colleague [0-9a-f]{4}$/);
    assert.ok(!first.userId.includes(ERASED));
  });

  it('anonymises the author, kudos recipients and joiners, and is the same when applied twice', () => {
    const pseudonym = pseudonymOf(Buffer.alloc(32, 1), ERASED, 'Former colleague');
    const kudos = post({ authorId: OTHER, kind: 'kudos', kudos: { badge: { id: 'b', name: 'B', emoji: '*' } as never, recipients: [{ userId: ERASED, displayName: 'Erin Erased', department: 'Ops' }, { userId: OTHER, displayName: 'Olly' }], joiners: [{ userId: ERASED, displayName: 'Erin Erased' }], private: false } });
    const once = anonymisedPost(kudos, ERASED, pseudonym);
    assert.deepEqual(once.kudos!.recipients, [{ userId: pseudonym.userId, displayName: pseudonym.displayName }, { userId: OTHER, displayName: 'Olly' }]);
    assert.equal(once.authorId, OTHER, 'someone else\'s post keeps its author');
    assert.deepEqual(anonymisedPost(once, ERASED, pseudonym), once);
    assert.deepEqual([anonymisedPost(post(), ERASED, pseudonym).authorId, anonymisedPost(post(), ERASED, pseudonym).authorName], [pseudonym.userId, pseudonym.displayName]);
    assert.deepEqual(withoutKudosPerson(kudos, ERASED).kudos!.recipients.map((r) => r.userId), [OTHER]);
    assert.deepEqual(withoutKudosPerson(kudos, ERASED).kudos!.joiners, []);
  });

  it('recounts comments and reactions from what remains, never from the old counts', () => {
    const stale = post({ commentCount: 9, reactionCount: 9, reactionCounts: { like: 9 } });
    const thread = [1, 2, 3].map((n) => ({ commentId: `c${n}`, postId: 'p1', authorId: OTHER, authorName: `N${n}`, text: `t${n}`, createdAt: NOW.toISOString(), source: 'dialog' as const, hidden: n === 3 }));
    const comments = recountedComments(stale, thread);
    assert.deepEqual([comments.commentCount, comments.latestComments.map((c) => c.text)], [3, ['t1', 't2']], 'hidden comments count, but are not shown');
    const reactions = recountedReactions(stale, ['like', 'celebrate', 'like']);
    assert.deepEqual([reactions.reactionCount, reactions.reactionCounts], [3, { like: 2, celebrate: 1 }]);
    assert.deepEqual(recountedReactions(stale, []).reactionCounts, {});
  });

  it('purges a removed post\'s words but keeps its shell', () => {
    const purged = purgedPost(post({ state: 'removed', title: 'T', latestComments: [{ authorName: 'N', text: 't', createdAt: NOW.toISOString() }], commentCount: 1 }), NOW);
    assert.deepEqual([purged.state, purged.body, purged.title, purged.commentCount, purged.latestComments, purged.purgedAt], ['removed', '', undefined, 0, [], NOW.toISOString()]);
  });

  it('puts the retention cutoff whole months back, and none without a setting', () => {
    assert.equal(retentionCutoff(NOW, DEFAULT_PRIVACY_SETTINGS), undefined);
    assert.equal(retentionCutoff(NOW, { retentionMonths: 6 })?.toISOString(), '2025-12-15T12:00:00.000Z');
  });
});
