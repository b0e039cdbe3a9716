import { reviewOutcomeCard, reviewRequestCard, reviewResultCard } from '../../src/cards/studio-review';
import { strict as assert } from 'assert';
import { errorCard } from '../../src/cards/error';
import { kudosNoticeCard } from '../../src/cards/kudos-notice';
import { commentsDialogCard, composeCard, editDialogCard, noticeCard, reportDialogCard } from '../../src/cards/dialogs';
import { helpCard } from '../../src/cards/help';
import { postCard, removedPostCard } from '../../src/cards/post';
import { welcomeCard } from '../../src/cards/welcome';
import { DomainError } from '../../src/domain/errors';
import { composePost, Post } from '../../src/domain/posts';
import { assertValidCard, requireSchemas } from '../support/schemas';

const author = { tenantId: 't', userId: 'u1', roles: [], displayName: 'Alex Wilber' };

function samplePost(overrides: Partial<Post> = {}): Post {
  const post = composePost({ title: 'Hello', body: 'A **bold** start', audience: { everyone: true }, visibility: { kind: 'tenant' as const } }, author, 'p1', new Date('2026-11-26T10:00:00.123Z'));
  return { ...post, ...overrides };
}

const allTexts = (card: unknown) => JSON.stringify(card);

describe('cards', () => {
  describe('post card', () => {
    it('shows each reaction with its count and highlights only the viewer’s own', () => {
      const card = postCard(samplePost({ reactionCounts: { like: 3, love: 1 }, reactionCount: 4 }), { myReaction: 'love' });
      const reactionSet = card.body.find((e) => e.type === 'ActionSet') as unknown as { actions: Array<{ title: string; style?: string; verb: string }> };
      assert.deepEqual(reactionSet.actions.map((a) => a.title), ['👍 3', '🎉', '❤️ 1', '💡', '😄']);
      assert.deepEqual(reactionSet.actions.filter((a) => a.style === 'positive').map((a) => a.title), ['❤️ 1']);
      assert.ok(reactionSet.actions.every((a) => a.verb === 'post.react'));
      assert.match(allTexts(card), /4 reactions/);
    });

    it('offers Edit and Delete only to those who may edit', () => {
      assert.doesNotMatch(allTexts(postCard(samplePost())), /post\.delete/);
      assert.match(allTexts(postCard(samplePost(), { canEdit: true })), /post\.delete/);
    });

    it('renders HTML and script in user text inert', () => {
      const card = postCard(samplePost({ body: '<script>alert(1)</script> [x](javascript:alert(1))', authorName: '<img src=x onerror=alert(1)>' }));
      const text = allTexts(card);
      assert.doesNotMatch(text, /<script>|<img|javascript:/);
    });

    it('shows the real host of labelled links in the body and in comments', () => {
      const card = allTexts(postCard(samplePost({ body: 'Read the [payroll update](https://evil.example/payroll)', latestComments: [{ authorName: 'M', text: 'see [HR portal](https://hr.evil.example)', createdAt: '2026-11-26T10:00:00Z' }] })));
      assert.match(card, /\[payroll update \(evil\.example\)\]\(https:\/\/evil\.example\/payroll\)/);
      assert.match(card, /HR portal \(hr\.evil\.example\)/);
    });

    it('shows the latest comments and the comment count', () => {
      const card = postCard(samplePost({ commentCount: 5, latestComments: [{ authorName: 'Megan', text: 'Great!', createdAt: '2026-11-26T10:01:00Z' }] }));
      assert.match(allTexts(card), /Megan: /);
      assert.match(allTexts(card), /5 comments/);
    });

    it('asks Teams to refresh the card for its personal viewers', () => {
      const card = postCard(samplePost({ personalViewers: ['29:a', '29:b'] }));
      assert.deepEqual(card.refresh?.userIds, ['29:a', '29:b']);
    });

    it('renders link buttons, and composePost refuses non-https or too many links', () => {
      const post = composePost({ body: 'See the plan', audience: {}, visibility: { kind: 'tenant' as const }, links: [{ title: 'Plan', url: 'https://contoso.example/plan' }] }, author, 'p2', new Date());
      assert.ok(postCard(post).actions?.some((a) => a.type === 'Action.OpenUrl' && a.url === 'https://contoso.example/plan'));
      assert.throws(() => composePost({ body: 'x', audience: {}, visibility: { kind: 'tenant' as const }, links: [{ title: 'Bad', url: 'javascript:alert(1)' }] }, author, 'p3', new Date()), /https/);
      const many = Array.from({ length: 4 }, (_, i) => ({ title: `L${i}`, url: `https://contoso.example/${i}` }));
      assert.throws(() => composePost({ body: 'x', audience: {}, visibility: { kind: 'tenant' as const }, links: many }, author, 'p4', new Date()), /at most 3 links/);
    });

    it('turns into a removed card once the post is removed', () => {
      assert.match(allTexts(postCard(samplePost({ state: 'removed' }))), /This post was removed/);
    });
  });

  const sampleReview = { draftId: '3f1e0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001', title: 'Office <move>', body: 'We **move**', extras: { image: { url: 'https://img.example.com/a.png', alt: 'Plan' }, importance: 'important' as const }, authorName: 'Ada', audience: 'Everyone', schedule: '2031-03-02 09:30 (Europe/Paris)' };

  it('every card we render validates against Adaptive Card 1.5', function () {
    requireSchemas(this);
    const cards = [
      postCard(samplePost()),
      postCard(samplePost({ kind: 'announcement', imageUrl: 'https://contoso.example/a.png', imageAltText: 'A chart', sharedFrom: { authorName: 'Lee', url: 'https://teams.microsoft.com/l/message/1' }, reactionCounts: { like: 2 }, reactionCount: 2, commentCount: 3, links: [{ title: 'Read more', url: 'https://contoso.example/more' }], latestComments: [{ authorName: 'A', text: 'B', createdAt: '2026-11-26T10:00:00Z' }], personalViewers: ['29:x'] }), { myReaction: 'like', canEdit: true }),
      removedPostCard(),
      welcomeCard({ kind: 'channel', placeName: 'General', tabUrl: 'http://localhost:3978/tab/index.html' }),
      welcomeCard({ kind: 'personal', personName: 'Alex', tabUrl: 'http://localhost:3978/tab/index.html' }),
      helpCard({ tabUrl: 'http://localhost:3978/tab/index.html', unknownText: 'dance' }),
      errorCard('en', new DomainError('not_found')),
      errorCard(undefined),
      commentsDialogCard(samplePost(), [{ commentId: 'c', postId: 'p1', authorId: 'u', authorName: 'Megan', text: 'Nice', createdAt: '2026-11-26T10:00:00Z', source: 'dialog' }], 'en', 'Your comment was added.'),
      commentsDialogCard(samplePost(), []),
      reportDialogCard(samplePost()),
      editDialogCard(samplePost()),
      composeCard({ body: 'Hello', targets: [{ conversationId: '19:x', label: 'My Team › General' }], submit: { type: 'Action.Execute', verb: 'post.publish' } }),
      composeCard({ body: 'Hello', targets: [{ conversationId: '19:x', label: 'General' }], submit: { type: 'Action.Submit', data: { sharedFromName: 'Lee' } }, sharedFrom: 'Lee' }),
      composeCard({ body: 'Hello', targets: [], submit: { type: 'Action.Execute', verb: 'post.publish' } }),
      noticeCard('Saved.'),
      reviewRequestCard(sampleReview),
      reviewRequestCard({ ...sampleReview, problem: 'Say what to change.', comment: 'Hm', tabUrl: 'https://commons.example/tab/index.html#/studio' }),
      reviewOutcomeCard(sampleReview, { outcome: 'approved', byName: 'Alan', at: '2026-12-01T10:00:00.123Z', comment: 'Fine' }),
      reviewOutcomeCard(sampleReview, { outcome: 'withdrawn' }),
      reviewResultCard({ ...sampleReview, tabUrl: 'https://commons.example/tab/index.html#/studio' }, { outcome: 'rejected', byName: 'Alan', comment: 'Add dates' }),
      kudosNoticeCard({ entries: [{ postId: 'p1', senderName: 'Alex', badge: { name: 'Mentor', emoji: '🧭' }, message: 'Thanks', at: '2026-12-01T10:00:00Z' }, { postId: 'p2', senderName: 'Lee', badge: { name: 'Innovator', emoji: '💡' }, message: 'Nice', forReport: { userId: 'u', displayName: 'Isaiah' }, at: '2026-12-01T10:00:00Z' }], overflow: 12, tabUrl: 'https://commons.example/tab/index.html#/kudos' }),
    ];
    for (const card of cards) assertValidCard(card);
  });
});
