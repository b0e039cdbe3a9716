import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Role } from '../../src/domain/identity';
import { composePost } from '../../src/domain/posts';
import { communityVisibility } from '../../src/domain/discussions';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';

/**
 * Issue 16's threads and community ranking through the real API: a reply is a comment
 * stored with the top-level comment it answers and listed under it; a community's feed
 * ranks "most active" first and pages that ranking with tokens of its own.
 */
describe('threaded replies and a community feed by activity', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let TENANT: string;
  const as = (userId: string) => devApi(commons.url, TENANT, userId);
  const somebody = async (name: string, roles: Role[] = []) => {
    const userId = randomUUID();
    await commons.repositories.people.upsert({ tenantId: TENANT, userId, displayName: name, roles });
    return userId;
  };
  const tenantPost = async (authorId: string) => {
    const post = composePost({ body: 'Where do we meet?', audience: { everyone: true }, visibility: { kind: 'tenant' } }, { tenantId: TENANT, userId: authorId, roles: [], displayName: 'Megan Bowen' }, randomUUID(), new Date());
    await commons.repositories.posts.create(post);
    return post.postId;
  };

  before(async () => {
    commons = await startTestCommons();
  });
  after(() => commons.dispose());
  beforeEach(() => {
    TENANT = randomUUID();
  });

  it('stores a reply under its comment; a reply to a reply attaches to the top-level comment; lists replies under their parent', async () => {
    const [megan, lynne, nestor] = await Promise.all([somebody('Megan Bowen'), somebody('Lynne Robbins'), somebody('Nestor Wilke')]);
    const postId = await tenantPost(megan);
    const path = `/api/v1/posts/${postId}/comments`;
    const top = await as(lynne)('POST', path, { text: 'The big room?' });
    assert.equal(top.status, 201, JSON.stringify(top.body));
    const other = await as(nestor)('POST', path, { text: 'Or outside' });
    const reply = await as(megan)('POST', path, { text: 'Yes, the big room', replyTo: top.body.comment.id });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.deepEqual([reply.body.comment.replyTo, reply.body.comment.replyToName], [top.body.comment.id, 'Lynne Robbins']);
    const deeper = await as(nestor)('POST', path, { text: 'Fine by me', replyTo: reply.body.comment.id });
    assert.equal(deeper.status, 201, JSON.stringify(deeper.body));
    assert.equal(deeper.body.comment.replyTo, top.body.comment.id, 'one level deep: attached to the top-level comment');
    assert.equal(deeper.body.comment.replyToName, 'Lynne Robbins');
    const listed = await as(randomUUID())('GET', path);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.comments.map((c: any) => [c.text, c.replies.map((r: any) => r.text)]),
      [['The big room?', ['Yes, the big room', 'Fine by me']], ['Or outside', []]],
    );
    assert.equal(listed.body.commentCount, 4);
    assert.ok(other.status === 201);
  });

  it('refuses a reply to a comment the post does not have, storing nothing', async () => {
    const [megan, lynne] = await Promise.all([somebody('Megan Bowen'), somebody('Lynne Robbins')]);
    const postId = await tenantPost(megan);
    const elsewhere = await tenantPost(megan);
    const foreign = await as(lynne)('POST', `/api/v1/posts/${elsewhere}/comments`, { text: 'On another post' });
    for (const replyTo of [randomUUID(), foreign.body.comment.id, 'not-a-uuid']) {
      const answer = await as(lynne)('POST', `/api/v1/posts/${postId}/comments`, { text: 'Lost reply', replyTo });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.match(answer.body.error.message, /replyTo|comment/);
    }
    assert.equal((await commons.repositories.posts.get(TENANT, postId))!.commentCount, 0);
    assert.deepEqual((await as(lynne)('GET', `/api/v1/posts/${postId}/comments`)).body.comments, []);
  });

  it('holds a reply the word list holds, and publishes it under its comment once approved', async () => {
    const [admin, megan, lynne] = await Promise.all([somebody('Alex Wilber', ['admin']), somebody('Megan Bowen'), somebody('Lynne Robbins')]);
    assert.equal((await as(admin)('PUT', '/api/v1/settings/word-list', { entries: [{ kind: 'word', pattern: 'wibble', action: 'hold' }] })).status, 200);
    const postId = await tenantPost(megan);
    const path = `/api/v1/posts/${postId}/comments`;
    const top = await as(megan)('POST', path, { text: 'Plans?' });
    const held = await as(lynne)('POST', path, { text: 'A wibble plan', replyTo: top.body.comment.id });
    assert.equal(held.status, 202, JSON.stringify(held.body));
    assert.deepEqual((await as(megan)('GET', path)).body.comments[0].replies, [], 'not published yet');
    const item = (await as(admin)('GET', '/api/v1/moderation/queue')).body.items.find((i: any) => i.cause === 'held' && i.texts[0] === 'A wibble plan');
    assert.ok(item);
    const decided = await as(admin)('POST', '/api/v1/moderation/queue/decisions', { items: [{ itemKey: item.itemKey, action: 'approve' }] });
    assert.equal(decided.body.results[0].outcome, 'done', JSON.stringify(decided.body));
    assert.deepEqual((await as(megan)('GET', path)).body.comments.map((c: any) => [c.text, c.replies.map((r: any) => r.text)]), [['Plans?', ['A wibble plan']]]);
  });

  it('stores 30 replies sent at once, each exactly once, under their comment', async () => {
    const megan = await somebody('Megan Bowen');
    const postId = await tenantPost(megan);
    const path = `/api/v1/posts/${postId}/comments`;
    const top = await as(megan)('POST', path, { text: 'Ideas for the offsite?' });
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => somebody(`Person ${i}`)));
    const answers = await Promise.all(people.map((userId, i) => as(userId)('POST', path, { text: `Idea ${i}`, replyTo: top.body.comment.id })));
    assert.deepEqual(answers.map((a) => a.status), people.map(() => 201));
    const listed = await as(megan)('GET', path);
    assert.equal(listed.body.comments.length, 1);
    const replies = listed.body.comments[0].replies.map((r: any) => r.text).sort();
    assert.deepEqual(replies, people.map((_, i) => `Idea ${i}`).sort());
    assert.equal(new Set(listed.body.comments[0].replies.map((r: any) => r.id)).size, 30);
    assert.equal(listed.body.commentCount, 31);
  });

  it('ranks a community\'s feed by activity, pages that ranking, and refuses a newest-first token there', async () => {
    const owner = await somebody('Megan Bowen');
    const created = await as(owner)('POST', '/api/v1/communities', { name: `Guild ${randomUUID().slice(0, 6)}`, privacy: 'open' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const communityId = created.body.id as string;
    const author = { tenantId: TENANT, userId: owner, roles: [] as const, displayName: 'Megan Bowen' };
    // 22 posts (a page is 20) in the past, each with its own score: post i scores i, oldest first.
    const made: string[] = [];
    for (let i = 0; i < 22; i++) {
      const base = composePost({ kind: 'discussion', body: `Topic ${i}`, audience: {}, visibility: communityVisibility(communityId) }, author, randomUUID(), new Date(Date.now() - 3_600_000 + i * 1000));
      // Scores: comments count twice a reaction; reversed against age so "active" differs from "newest".
      const score = 22 - i;
      const post = { ...base, community: { communityId, name: created.body.name }, reactionCount: score % 2, commentCount: Math.floor(score / 2) };
      await commons.repositories.posts.create(post);
      await commons.repositories.posts.fileUnderCommunity(post);
      made.push(post.postId);
    }
    const feed = (query: string) => as(owner)('GET', `/api/v1/communities/${communityId}/feed${query}`);
    const newest = await feed('');
    assert.deepEqual(newest.body.posts.map((p: any) => p.id), [...made].reverse().slice(0, 20), 'newest first by default');
    const first = await feed('?sort=active');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body.posts.map((p: any) => p.id), made.slice(0, 20), 'highest score first');
    assert.ok(first.body.continuationToken);
    const second = await feed(`?sort=active&continuationToken=${encodeURIComponent(first.body.continuationToken)}`);
    assert.deepEqual(second.body.posts.map((p: any) => p.id), made.slice(20));
    assert.equal(second.body.continuationToken, undefined);
    const crossed = await feed(`?sort=active&continuationToken=${encodeURIComponent(newest.body.continuationToken)}`);
    assert.equal(crossed.status, 400, 'a newest-first token on the ranking');
    const back = await feed(`?continuationToken=${encodeURIComponent(first.body.continuationToken)}`);
    assert.equal(back.status, 400, 'a ranking token on newest first');
    assert.equal((await feed('?sort=popular')).status, 400);
  });
});
