import { strict as assert } from 'assert';
import { DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { flushCommentNotice } from '../../src/domain/engagement';
import { COMMENT_NOTIFICATION_INTERVAL_MS } from '../../src/domain/comments';
import { CoalescingPostWriter } from '../../src/store/post-writer';
import { WRITE_RATE_LIMIT } from '../../src/auth/user-limits';
import { actionExecute, ALEX, botInstalled, installationUpdate, invoke, message, person, postActivity, taskSubmit } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const GENERAL = DEMO_TEAM.channels[0].channelId;

describe('posting from Teams: personal chat, Share to Commons, notifications, repair', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const personal = () => ({ serviceUrl: connector.url, place: 'personal' as const });
  const channel = () => ({ serviceUrl: connector.url, place: 'channel' as const });

  async function invokeBody(activity: unknown): Promise<any> {
    const response = await postActivity(commons.url, activity);
    assert.equal(response.status, 200);
    return response.json();
  }

  async function postsWith(text: string): Promise<any[]> {
    const { resources } = await commons.store.containers.posts.items
      .query({ query: 'SELECT * FROM c WHERE c.type = "post" AND CONTAINS(c.body, @text)', parameters: [{ name: '@text', value: text }] })
      .fetchAll();
    return resources;
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await postActivity(commons.url, botInstalled(channel()));
    await postActivity(commons.url, installationUpdate('add', personal()));
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });
  beforeEach(() => connector.reset());

  it('in personal chat, `post <text>` asks where to post, offering the channels where Commons is installed', async function () {
    await postActivity(commons.url, message('post Lunch and learn on Friday', personal()));
    const card = connector.sentActivities()[0].attachments[0].content;
    const choices = card.body.find((element: any) => element.type === 'Input.ChoiceSet');
    assert.deepEqual(choices.choices.map((c: any) => c.value), [GENERAL]);
    assert.match(choices.choices[0].title, /My Team › General/);
    assert.equal(card.actions[0].verb, 'post.publish');
    requireSchemas(this);
    assertValidCard(card);
  });

  it('publishes into the chosen channel and records the delivery', async () => {
    const body = await invokeBody(actionExecute('post.publish', { body: 'Lunch and learn on Friday', target: GENERAL }, personal()));
    assert.match(JSON.stringify(body.value), /Posted to My Team › General/);
    const sent = await connector.waitFor((call) => call.method === 'POST' && call.conversationId === GENERAL);
    assert.match(JSON.stringify(sent.body), /Lunch and learn/);
    const [post] = await postsWith('Lunch and learn');
    assert.equal(post.deliveredTo[0].conversationId, GENERAL);
    assert.equal(post.authorId, ALEX.aadObjectId);
  });

  it('refuses to publish into an unknown place, or with an empty body, and stores nothing', async () => {
    let body = await invokeBody(actionExecute('post.publish', { body: 'Nowhere post', target: '19:not-installed@thread.tacv2' }, personal()));
    assert.match(JSON.stringify(body.value), /Something went wrong/);
    body = await invokeBody(actionExecute('post.publish', { body: '   ', target: GENERAL }, personal()));
    assert.match(JSON.stringify(body.value), /Write something/);
    assert.equal((await postsWith('Nowhere post')).length, 0);
    assert.equal(connector.calls.length, 0);
  });

  it('lets only authors post into other channels; everyone else posts where they are', async () => {
    const member = person(40);
    await postActivity(commons.url, message('post From my chat', { ...personal(), from: member }));
    assert.match(JSON.stringify(connector.sentActivities()[0]), /nowhere you can post from here/);
    const body = await invokeBody(actionExecute('post.publish', { body: 'Sneaky post', target: GENERAL }, { ...personal(), from: member }));
    assert.match(JSON.stringify(body.value), /comms team \(author role\)/);
    assert.equal((await postsWith('Sneaky post')).length, 0);

    const shared = await invokeBody(invoke('composeExtension/fetchTask', { commandId: 'shareToCommons', commandContext: 'message', messagePayload: { body: { content: 'x' } } }, { ...channel(), from: member }));
    const choices = shared.task.value.card.content.body.find((e: any) => e.type === 'Input.ChoiceSet').choices;
    assert.deepEqual(choices.map((c: any) => c.value), [GENERAL], 'the channel they are in');
  });

  it('explains how to use `post` when the text is missing', async () => {
    await postActivity(commons.url, message('post', personal()));
    assert.match(JSON.stringify(connector.sentActivities()[0]), /for example: post/);
  });

  it('turns a Teams message into a post with "Share to Commons", crediting its author', async function () {
    const messagePayload = {
      body: { contentType: 'html', content: '<p>Our <b>Q3 results</b> are in &amp; they look great!</p>' },
      from: { user: { displayName: 'Lee Gu' } },
      linkToMessage: 'https://teams.microsoft.com/l/message/19:abc/123',
    };
    const fetched = await invokeBody(invoke('composeExtension/fetchTask', { commandId: 'shareToCommons', commandContext: 'message', messagePayload }, channel()));
    const card = fetched.task.value.card.content;
    assert.equal(card.body.find((e: any) => e.id === 'body').value, 'Our Q3 results are in & they look great!');

    const { shareId } = card.actions.find((a: any) => a.type === 'Action.Submit').data;
    const submitted = await postActivity(
      commons.url,
      invoke('composeExtension/submitAction', { commandId: 'shareToCommons', commandContext: 'message', data: { body: 'Our Q3 results are in!', target: GENERAL, shareId } }, channel()),
    );
    assert.equal(submitted.status, 200);
    const [post] = await postsWith('Q3 results');
    assert.deepEqual(post.sharedFrom, { authorName: 'Lee Gu', url: messagePayload.linkToMessage });
    const sent = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('Q3 results'));
    assert.match(JSON.stringify(sent.body), /Shared from a message by Lee Gu/);
    requireSchemas(this);
    assertValidCard(card);
  });

  it('takes "Share to Commons" attribution only from what Teams sent: forged submit data credits nobody, another person\'s share is refused', async () => {
    const forged = { body: 'Bonus for all: claim it here', target: GENERAL, sharedFromName: 'Joni Sherman', sharedFromUrl: 'https://evil.example/claim' };
    await invokeBody(invoke('composeExtension/submitAction', { commandId: 'shareToCommons', commandContext: 'message', data: forged }, channel()));
    const [post] = await postsWith('Bonus for all');
    assert.equal(post.sharedFrom, undefined, 'no name or link from submit data');
    assert.doesNotMatch(JSON.stringify(connector.sentActivities()), /evil\.example|Shared from a message by Joni/);

    const fetched = await invokeBody(invoke('composeExtension/fetchTask', { commandId: 'shareToCommons', commandContext: 'message', messagePayload: { body: { content: 'hi' }, from: { user: { displayName: 'Lee Gu' } } } }, channel()));
    const { shareId } = fetched.task.value.card.content.actions.find((a: any) => a.type === 'Action.Submit').data;
    const other = await invokeBody(invoke('composeExtension/submitAction', { commandId: 'shareToCommons', commandContext: 'message', data: { body: 'Borrowed credit', target: GENERAL, shareId } }, { ...channel(), from: person(41) }));
    assert.match(JSON.stringify(other), /expired/);
    assert.equal((await postsWith('Borrowed credit')).length, 0);
  });

  it('tells the author about comments in personal chat, at most once per interval', async () => {
    const [post] = await postsWith('Lunch and learn');
    connector.reset();
    await invokeBody(taskSubmit({ verb: 'post.comments', postId: post.postId, text: 'Count me in' }, { ...channel(), from: person(21) }));
    await invokeBody(taskSubmit({ verb: 'post.comments', postId: post.postId, text: 'Me too' }, { ...channel(), from: person(22) }));
    const notice = await connector.waitFor((call) => call.method === 'POST' && call.conversationId === `a:personal-${DEMO_TENANT_ID}`);
    assert.match(JSON.stringify(notice.body), /User 21 commented on your post/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const notices = connector.calls.filter((call) => call.method === 'POST' && call.conversationId === `a:personal-${DEMO_TENANT_ID}`);
    assert.equal(notices.length, 1, 'the second comment waits for the next notice');

    const ports = { posts: commons.repositories.posts, engagement: commons.repositories.engagement, writer: new CoalescingPostWriter(commons.repositories.posts), reactionSet: () => Promise.resolve([]) };
    const early = await flushCommentNotice(ports, DEMO_TENANT_ID, post.postId, new Date());
    assert.equal(early.due, undefined, 'still inside the interval');
    assert.ok(early.retryAt && early.retryAt > Date.now());
    const later = await flushCommentNotice(ports, DEMO_TENANT_ID, post.postId, new Date(Date.now() + COMMENT_NOTIFICATION_INTERVAL_MS + 1000));
    assert.deepEqual(later.due, { count: 1, names: ['User 22'] }, 'the held comment goes out once the interval has passed');
    const again = await flushCommentNotice(ports, DEMO_TENANT_ID, post.postId, new Date(Date.now() + 2 * COMMENT_NOTIFICATION_INTERVAL_MS));
    assert.equal(again.due, undefined, 'and only once');
  });

  it('limits how fast one person can write, with a kind message and nothing stored', async () => {
    const [post] = await postsWith('Lunch and learn');
    const key = `${DEMO_TENANT_ID}|${post.postId}`;
    const before = (await commons.store.containers.posts.item(key, key).read()).resource.commentCount;
    const spammer = person(99);
    // All at once, so the bucket cannot refill in between on a slow machine.
    const replies = await Promise.all(
      Array.from({ length: WRITE_RATE_LIMIT.burst + 5 }, (_, i) => invokeBody(taskSubmit({ verb: 'post.comments', postId: post.postId, text: `spam ${i}` }, { ...channel(), from: spammer }))),
    );
    const refused = replies.filter((reply) => reply.task.type === 'message' && /Too many requests/.test(reply.task.value));
    assert.ok(refused.length >= 4, `${refused.length} refused`);
    const stored = (await commons.store.containers.posts.item(key, key).read()).resource.commentCount;
    assert.equal(stored - before, replies.length - refused.length, 'refused comments were not stored');
  });

  it('repairs drifted reaction counts from the stored reactions', async () => {
    const [post] = await postsWith('Lunch and learn');
    for (const n of [31, 32, 33]) await invokeBody(actionExecute('post.react', { postId: post.postId, reaction: n === 33 ? 'love' : 'like' }, { ...channel(), from: person(n) }));
    // Simulate a crash between the reaction write and the count write.
    await commons.repositories.posts.update(DEMO_TENANT_ID, post.postId, (p) => ({ ...p, reactionCounts: { like: 7 }, reactionCount: 7 }));
    const repair = (userId: string) =>
      fetch(`${commons.url}/api/v1/posts/${post.postId}/repair`, { method: 'POST', headers: { 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': userId } });
    assert.equal((await repair('5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4006')).status, 403, 'members cannot');
    const response = await repair('5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4005'); // Patti, a moderator
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { reactionCounts: unknown }).reactionCounts, { like: 2, love: 1 });
    const key = `${DEMO_TENANT_ID}|${post.postId}`;
    const stored = (await commons.store.containers.posts.item(key, key).read()).resource;
    assert.equal(stored.reactionCount, 3);
  });
});
