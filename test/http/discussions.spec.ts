import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, demoPerson, mentioning, postActivity, taskSubmit } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const person = demoPerson;
const MEGAN = person('Megan Bowen'); // owner of the community
const LYNNE = person('Lynne Robbins'); // a member
const NESTOR = person('Nestor Wilke'); // in the tenant, not a member

/**
 * Discussions and questions in Teams: a channel linked to a closed community files
 * what is started there under the community (members read it, others get 404); the
 * asker marks the best answer and every copy shows it; elsewhere a discussion belongs
 * to the conversation.
 */
describe('discussions and questions through /api/messages', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let communityId: string;
  const channel = (from: typeof MEGAN) => ({ serviceUrl: connector.url, place: 'channel' as 'channel' | 'groupChat', from });
  const api = async (as: typeof MEGAN, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${commons.url}${path}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': as.aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  };
  /** Sends a command and returns what the bot posted back. */
  const say = async (text: string, options: ReturnType<typeof channel>) => {
    connector.reset();
    assert.equal((await postActivity(commons.url, mentioning(text, options))).status, 200);
    return (await connector.waitFor((call) => call.method === 'POST')).body;
  };
  const stored = async (postId: string) => (await commons.store.containers.posts.item(`${DEMO_TENANT_ID}|${postId}`, `${DEMO_TENANT_ID}|${postId}`).read()).resource;
  const postIdOf = (activity: any) => JSON.stringify(activity).match(/"postId":"([0-9a-f-]{36})"/)![1];

  before(async () => {
    connector = await new MockConnector().start();
    const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 1000 };
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    const created = await api(MEGAN, 'POST', '/api/v1/communities', { name: 'Platform guild', privacy: 'closed' });
    communityId = created.body.id;
    assert.equal((await api(MEGAN, 'POST', `/api/v1/communities/${communityId}/members`, { userId: LYNNE.aadObjectId })).status, 201);
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('links a channel to a community by name, for its owners only', async () => {
    assert.match(JSON.stringify(await say('community link Platform guild', channel(LYNNE))), /Only the community's owners/);
    assert.match(JSON.stringify(await say('community link No such guild', channel(MEGAN))), /There is no community called/);
    assert.match(JSON.stringify(await say('community', channel(MEGAN))), /community link &lt;name&gt;|community link <name>/);
    assert.equal((await api(MEGAN, 'GET', `/api/v1/communities/${communityId}`)).body.linkedChannelCount, 0, 'nothing changed');
    assert.match(JSON.stringify(await say('community link platform GUILD', channel(MEGAN))), /now speaks for Platform guild/);
    assert.equal((await api(MEGAN, 'GET', `/api/v1/communities/${communityId}`)).body.linkedChannelCount, 1);
  });

  it('files a discussion started in the linked channel under the community: members read it, others get 404', async function () {
    const sent = await say('discuss How do we run better retros?', channel(LYNNE));
    const card = sent.attachments[0].content;
    assert.match(JSON.stringify(card), /Discussion in Platform guild/);
    requireSchemas(this);
    assertValidCard(card);
    const postId = postIdOf(sent);
    const post = await stored(postId);
    assert.deepEqual([post.kind, post.visibility, post.community.name], ['discussion', { kind: 'community', communityId }, 'Platform guild']);
    const feed = await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/feed`);
    assert.deepEqual(feed.body.posts.map((p: any) => [p.kind, p.body]), [['discussion', 'How do we run better retros?']]);
    assert.equal((await api(NESTOR, 'GET', `/api/v1/communities/${communityId}/feed`)).status, 404);
    assert.ok(!JSON.stringify((await api(NESTOR, 'GET', '/api/v1/feed')).body).includes('better retros'), 'not in a non-member\'s tenant feed');
    assert.ok(JSON.stringify((await api(LYNNE, 'GET', '/api/v1/feed')).body).includes('better retros'), 'in a member\'s tenant feed');
    // A non-member cannot comment on it from the card either: the post does not exist for them.
    const comment = await postActivity(commons.url, taskSubmit({ verb: 'post.comments', postId, text: 'me too' }, channel(NESTOR)));
    assert.doesNotMatch(await comment.text(), /me too/);
    assert.equal((await stored(postId)).commentCount, 0);
  });

  it('refuses a discussion from a non-member in the linked channel, with a clear message and nothing stored', async () => {
    const before = (await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/feed`)).body.posts.length;
    assert.match(JSON.stringify(await say('discuss Can I join?', channel(NESTOR))), /Only members of Platform guild/);
    assert.equal((await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/feed`)).body.posts.length, before);
  });

  it('asks a question; replies are comments; the asker marks the best answer and every copy shows it', async function () {
    const sent = await say('ask Which VPN should I use when travelling?', channel(MEGAN));
    const postId = postIdOf(sent);
    assert.match(JSON.stringify(sent), /Question in Platform guild/);
    const unanswered = async () => (await api(LYNNE, 'GET', `/api/v1/communities/${communityId}/feed?kind=question&unanswered=true`)).body.posts.map((p: any) => p.id);
    assert.deepEqual(await unanswered(), [postId]);
    await postActivity(commons.url, taskSubmit({ verb: 'post.comments', postId, text: 'Use the Contoso VPN app, it picks the nearest gateway.' }, channel(LYNNE)));
    const { comments } = await commons.repositories.engagement.latestComments(DEMO_TENANT_ID, postId, 5);
    assert.equal(comments.length, 1);
    assert.equal((await api(LYNNE, 'POST', `/api/v1/posts/${postId}/best-answer`, { commentId: comments[0].commentId })).status, 403, 'not the asker');
    assert.equal((await api(NESTOR, 'POST', `/api/v1/posts/${postId}/best-answer`, { commentId: comments[0].commentId })).status, 404, 'not a member');
    assert.equal((await api(MEGAN, 'POST', `/api/v1/posts/${postId}/best-answer`, { commentId: '00000000-0000-4000-8000-000000000000' })).status, 400);
    assert.equal((await api(MEGAN, 'POST', `/api/v1/posts/${postId}/best-answer`, { commentId: 'x' })).status, 400);
    connector.reset();
    const marked = await api(MEGAN, 'POST', `/api/v1/posts/${postId}/best-answer`, { commentId: comments[0].commentId });
    assert.deepEqual([marked.status, marked.body.bestAnswer.authorName], [200, 'Lynne Robbins']);
    assert.deepEqual(await unanswered(), []);
    const update = await connector.waitFor((call) => call.method === 'PUT' && JSON.stringify(call.body).includes('Best answer'));
    assert.match(JSON.stringify(update.body), /Contoso VPN app/);
    requireSchemas(this);
    assertValidCard(update.body.attachments[0].content);
    // A discussion has no best answer.
    const discussion = (await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/feed?kind=discussion`)).body.posts[0];
    assert.equal((await api(MEGAN, 'POST', `/api/v1/posts/${discussion.id}/best-answer`, { commentId: comments[0].commentId })).status, 400);
  });

  it('files a poll started in the linked channel under the community too', async () => {
    const sent = await say('poll Retro format? | Start-stop-continue | Sailboat', channel(LYNNE));
    const postId = postIdOf(sent);
    assert.equal((await stored(postId)).visibility.kind, 'community');
    const polls = (await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/feed?kind=poll`)).body.posts;
    assert.deepEqual(polls.map((p: any) => p.id), [postId]);
    const refused = await postActivity(commons.url, actionExecute('poll.vote', { postId, choices: '1' }, channel(NESTOR)));
    assert.doesNotMatch(await refused.text(), /Start-stop-continue/, 'a non-member cannot see or vote');
    assert.equal((await commons.repositories.polls.tally(DEMO_TENANT_ID, postId)).voters, 0);
  });

  it('starts a poll and a question from the tab: filed under the community and posted in its linked channel', async function () {
    connector.reset();
    const started = await api(LYNNE, 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'poll', text: 'Retro day?', options: ['Monday', 'Friday'], multiple: true });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const sent = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('Retro day?'));
    const card = sent.body.attachments[0].content;
    assert.match(JSON.stringify(card), /Poll in Platform guild/);
    requireSchemas(this);
    assertValidCard(card);
    const voted = await postActivity(commons.url, actionExecute('poll.vote', { postId: started.body.id, choices: '1,2' }, channel(MEGAN)));
    assert.match(await voted.text(), /1 person voted/);
    assert.equal((await api(LYNNE, 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'question', text: 'Who owns the retro board?' })).status, 201);
    const feed = (await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/feed`)).body.posts.map((p: any) => p.body);
    assert.deepEqual(feed.slice(0, 2), ['Who owns the retro board?', 'Retro day?']);
    for (const bad of [{ kind: 'poll', text: 'One?', options: ['Only'] }, { kind: 'ama', text: 'x' }, { kind: 'discussion', text: '' }, { kind: 'discussion', text: 'x', extra: 1 }]) {
      assert.equal((await api(LYNNE, 'POST', `/api/v1/communities/${communityId}/posts`, bad)).status, 400, JSON.stringify(bad));
    }
    assert.equal((await api(NESTOR, 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'discussion', text: 'Let me in' })).status, 404, 'not a member of a closed community');
    assert.equal((await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/feed`)).body.posts.length, feed.length, 'nothing stored');
  });

  it('keeps a discussion in a group chat with that conversation\'s members', async () => {
    const sent = await say('discuss Lunch plans for Friday?', { ...channel(LYNNE), place: 'groupChat' });
    const post = await stored(postIdOf(sent));
    assert.deepEqual([post.kind, post.visibility.kind, post.community], ['discussion', 'members', undefined]);
  });
});
