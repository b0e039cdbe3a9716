import { matchesAll, searchTerms } from '../../src/domain/search-terms';
import { strict as assert } from 'assert';
import { ANNOUNCEMENT_CONTROLS, editAnnouncement, newAnnouncement } from '../../src/domain/announcements';
import { DomainError } from '../../src/domain/errors';
import { assertMayEditPost, composePost, editedPost, POST_BODY_MAX, POST_TITLE_MAX, removedPost } from '../../src/domain/posts';

const author = { tenantId: 't-rules', userId: 'u-author', roles: [], locale: 'en', displayName: 'Ada' } as const;
const stranger = { tenantId: 't-rules', userId: 'u-other', roles: [], locale: 'en' } as const;
const moderator = { tenantId: 't-rules', userId: 'u-mod', roles: ['moderator'], locale: 'en' } as const;
const now = new Date('2026-12-02T10:00:00Z');
const post = () => composePost({ body: 'Hello', audience: { channels: ['c1'] }, visibility: { kind: 'tenant' } } as never, author as never, 'p-rules', now);

const refusedWith = (key: string, params?: Record<string, unknown>) => (error: unknown) => {
  assert.ok(error instanceof DomainError);
  assert.equal(error.messageKey, key);
  if (params) assert.deepEqual(error.params, params);
  return true;
};

describe('post rules (src/domain/posts.ts)', () => {
  it('lets the author and moderators edit, and nobody else', () => {
    assertMayEditPost(author as never, post());
    assertMayEditPost(moderator as never, post());
    assert.throws(() => assertMayEditPost(stranger as never, post()), (error: unknown) => error instanceof DomainError && error.code === 'forbidden');
  });

  it('names the title maximum when the title of an edit is too long, the body maximum when the body is', () => {
    assert.throws(() => editedPost(post(), { title: 'x'.repeat(POST_TITLE_MAX + 1), body: 'fine' }, now), refusedWith('error.post.tooLong', { max: POST_TITLE_MAX }));
    assert.throws(() => editedPost(post(), { body: 'x'.repeat(POST_BODY_MAX + 1) }, now), refusedWith('error.post.tooLong', { max: POST_BODY_MAX }));
    assert.throws(() => editedPost(post(), { body: '  ' }, now), refusedWith('error.post.empty'));
  });

  it('edits only the words and removes by state, keeping the rest', () => {
    const edited = editedPost(post(), { title: ' New ', body: ' Body ' }, new Date('2026-12-02T11:00:00Z'));
    assert.deepEqual([edited.title, edited.body, edited.updatedAt, edited.postId], ['New', 'Body', '2026-12-02T11:00:00.000Z', 'p-rules']);
    assert.equal(removedPost(post(), now).state, 'removed');
  });
});

describe('announcement lifecycle (src/domain/announcements.ts)', () => {
  const at = '2026-12-02T10:00:00.000Z';
  const fresh = () => newAnnouncement({ tenantId: 't-rules', announcementId: 'a1', authorId: 'u-author', title: 'T', body: 'B', audience: { everyone: true } }, '2026-12-03T09:00:00.000Z', at);

  it('schedules, pauses, resumes and cancels, each only from the states that allow it', () => {
    const scheduled = fresh();
    assert.deepEqual([scheduled.status, scheduled.version, scheduled.work], ['scheduled', 1, { kind: 'deliver', jobId: 1, dueAt: '2026-12-03T09:00:00.000Z' }]);
    const paused = ANNOUNCEMENT_CONTROLS.pause(scheduled);
    assert.deepEqual([paused.status, paused.work, paused.lastJobId], ['paused', undefined, 1]);
    assert.throws(() => ANNOUNCEMENT_CONTROLS.pause(paused), refusedWith('error.announcement.conflict'));
    const resumed = ANNOUNCEMENT_CONTROLS.resume(paused, at);
    assert.deepEqual([resumed.status, resumed.work?.dueAt], ['scheduled', '2026-12-03T09:00:00.000Z']);
    const cancelled = ANNOUNCEMENT_CONTROLS.cancel(resumed);
    assert.equal(cancelled.status, 'cancelled');
    assert.throws(() => ANNOUNCEMENT_CONTROLS.recall(cancelled, at), refusedWith('error.announcement.conflict'));
  });

  it('recalls what was sent as new work, and edits a sent one by version, never its audience', () => {
    const sent = { ...fresh(), status: 'completed' as const, startedAt: at, work: undefined, lastJobId: 1 };
    const edited = editAnnouncement(sent, { body: 'New' }, at);
    assert.deepEqual([edited.body, edited.version, edited.work?.kind, edited.work?.jobId], ['New', 2, 'update', 2]);
    assert.throws(() => editAnnouncement(sent, { audience: { everyone: true } }, at), refusedWith('error.announcement.conflict'));
    const recalled = ANNOUNCEMENT_CONTROLS.recall(sent, at);
    assert.deepEqual([recalled.status, recalled.work?.kind], ['completed', 'recall']);
    assert.throws(() => editAnnouncement(recalled, { body: 'x' }, at), refusedWith('error.announcement.conflict'));
  });
});

describe('search terms: what a post is found by', () => {
  it('cuts text into lower-case words of three letters or more, accents folded, common words and repeats dropped', () => {
    assert.deepEqual(searchTerms('The Café re-opens: CAFÉ hours 9–17, and a new menu!'), ['cafe', 'opens', 'hours', 'menu']);
    assert.deepEqual(searchTerms('Übung macht den Meister, 東京オフィス'), ['ubung', 'macht', 'den', 'meister', '東京オフィス']);
    assert.equal(searchTerms('word '.repeat(10) + Array.from({ length: 60 }, (_, i) => `w${i}xx`).join(' ')).length, 40);
    assert.ok(matchesAll('Quarterly roadmap review', ['roadmap', 'review']));
    assert.ok(!matchesAll('Quarterly roadmap', ['roadmap', 'review']));
  });
});
