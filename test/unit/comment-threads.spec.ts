import { strict as assert } from 'assert';
import { postCard } from '../../src/cards/post';
import { Comment, erasedFrom, replyTarget, threaded } from '../../src/domain/comments';
import { recountedComments } from '../../src/domain/erasure-posts';
import { composePost } from '../../src/domain/posts';
import { TENANT_VISIBILITY } from '../../src/domain/visibility';
import { assertValidCard, requireSchemas } from '../support/schemas';

const ERASED = '00000000-0000-4000-8000-0000000000e1';
const OTHER = '00000000-0000-4000-8000-0000000000e2';
const NOW = '2026-06-15T12:00:00.000Z';
const comment = (id: string, authorId: string, authorName: string, extra: Partial<Comment> = {}): Comment => ({ commentId: id, postId: 'p1', authorId, authorName, text: `text ${id}`, createdAt: NOW, source: 'dialog', ...extra });

describe('comment threads (pure)', () => {
  it('attaches a reply to the comment it answers, and a reply to a reply to that comment\'s parent', () => {
    const top = comment('c1', ERASED, 'Erin');
    const reply = { ...comment('c2', OTHER, 'Olly'), ...replyTarget(top) };
    assert.deepEqual([reply.replyTo, reply.replyToName, reply.replyToAuthorId], ['c1', 'Erin', ERASED]);
    const deeper = { ...comment('c3', OTHER, 'Olly'), ...replyTarget(reply) };
    assert.deepEqual([deeper.replyTo, deeper.replyToName], ['c1', 'Erin'], 'one level deep');
    assert.throws(() => replyTarget(undefined), /replyTo is not a comment/);
  });

  it('groups a page into threads; a reply whose comment is not on the page stays at the top, saying whom it answers', () => {
    const page = [comment('c1', OTHER, 'Olly'), comment('c2', OTHER, 'Olly', { replyTo: 'c1' }), comment('c3', OTHER, 'Olly'), comment('c4', OTHER, 'Olly', { replyTo: 'c0', replyToName: 'Earlier' }), comment('c5', OTHER, 'Olly', { replyTo: 'c1' })];
    assert.deepEqual(threaded(page).map((t) => [t.commentId, t.replies.map((r) => r.commentId)]), [['c1', ['c2', 'c5']], ['c3', []], ['c4', []]]);
  });

  it('erases a person from replies to them too: the pseudonym, or no one once theirs is deleted', () => {
    const pseudonym = { userId: '00000000-0000-4000-8000-00000000abcd', displayName: 'Former colleague 1a2b' };
    const reply = comment('c2', OTHER, 'Olly', { replyTo: 'c1', replyToName: 'Erin', replyToAuthorId: ERASED });
    assert.deepEqual(erasedFrom(reply, ERASED, pseudonym), { ...reply, replyToName: pseudonym.displayName, replyToAuthorId: pseudonym.userId });
    const deleted = erasedFrom(reply, ERASED, null)!;
    assert.equal(JSON.stringify(deleted).includes('Erin'), false);
    assert.equal(deleted.replyTo, 'c1');
    assert.equal(erasedFrom(comment('c1', ERASED, 'Erin'), ERASED, null), null);
    assert.equal(erasedFrom(comment('c1', ERASED, 'Erin'), ERASED, pseudonym)!.authorName, pseudonym.displayName);
    const post = composePost({ body: 'Hello', audience: {}, visibility: TENANT_VISIBILITY }, { tenantId: 't', userId: OTHER, roles: [], displayName: 'Olly' }, 'p1', new Date(NOW));
    assert.deepEqual(recountedComments(post, [erasedFrom(reply, ERASED, pseudonym)!]).latestComments[0].replyToName, pseudonym.displayName, 'the card line follows');
  });

  it('says on the card whom a reply answers', function () {
    const post = composePost({ body: 'Hello', audience: {}, visibility: TENANT_VISIBILITY }, { tenantId: 't', userId: OTHER, roles: [], displayName: 'Olly' }, 'p1', new Date(NOW));
    const card = postCard({ ...post, commentCount: 2, latestComments: [{ authorName: 'Erin', text: 'Where?', createdAt: NOW }, { authorName: 'Olly', text: 'Here', createdAt: NOW, replyToName: 'Erin' }] });
    assert.match(JSON.stringify(card), /↳ in reply to Erin/);
    assert.equal(JSON.stringify(card).match(/in reply to/g)?.length, 1);
    requireSchemas(this);
    assertValidCard(card);
  });
});
