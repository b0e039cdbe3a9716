import { strict as assert } from 'assert';
import { createRepositories } from '../../src/store';
import { DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { COMMENT_MAX_LENGTH } from '../../src/domain/comments';
import { actionExecute, ALEX, botInstalled, mentioning, person, postActivity, taskFetch, taskSubmit, threadReply } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const GENERAL = DEMO_TEAM.channels[0].channelId;

interface Reactions {
  [title: string]: string | undefined;
}

/** The reaction buttons of a card: title → style. */
function reactionButtons(card: any): Reactions {
  const set = card.body.find((element: any) => element.type === 'ActionSet');
  return Object.fromEntries(set.actions.map((action: any) => [action.title, action.style]));
}

describe('engagement: posts, reactions and comments through /api/messages', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let postId: string;
  let activityId: string;

  const options = () => ({ serviceUrl: connector.url, place: 'channel' as const });

  async function invokeBody(activity: unknown): Promise<any> {
    const response = await postActivity(commons.url, activity);
    assert.equal(response.status, 200, `invoke status ${response.status}`);
    return response.json();
  }

  async function storedPost(id = postId): Promise<any> {
    const key = `${DEMO_TENANT_ID}|${id}`;
    return (await commons.store.containers.posts.item(key, key).read()).resource;
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await postActivity(commons.url, botInstalled(options()));
    connector.reset();
    const response = await postActivity(commons.url, mentioning('post Our **new office** opens Monday!', options()));
    assert.equal(response.status, 200);
    const sent = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('new office'));
    activityId = sent.activityId ? sent.activityId : '';
    postId = (await createRepositories(commons.store).posts.feed(DEMO_TENANT_ID, 1, (_entry, load) => load()))[0].postId; // the newest post
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('publishes `post <text>` in a channel as a valid post card and records where it went', async function () {
    const post = await storedPost();
    assert.equal(post.body, 'Our **new office** opens Monday!');
    assert.equal(post.authorId, ALEX.aadObjectId);
    assert.equal(post.deliveredTo.length, 1);
    assert.equal(post.deliveredTo[0].conversationId, GENERAL);
    activityId = post.deliveredTo[0].activityId;
    const card = connector.sentActivities().find((a) => JSON.stringify(a).includes('new office')).attachments[0].content;
    assert.equal(reactionButtons(card)['👍'], undefined);
    requireSchemas(this);
    assertValidCard(card);
  });

  it('toggles a reaction: the clicker sees the count and their own choice highlighted', async function () {
    const body = await invokeBody(actionExecute('post.react', { postId, reaction: 'like' }, { ...options(), replyToId: activityId }));
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(reactionButtons(body.value)['👍 1'], 'positive');
    requireSchemas(this);
    assertValidCard(body.value);
  });

  it('updates the channel copy for everyone, with no personal highlight', async () => {
    const update = await connector.waitFor((call) => call.method === 'PUT' && call.activityId === activityId);
    const card = update.body.attachments[0].content;
    assert.ok('👍 1' in reactionButtons(card));
    assert.equal(reactionButtons(card)['👍 1'], undefined, 'the shared copy highlights nobody');
    assert.ok(card.refresh.userIds.includes(ALEX.id), 'the clicker gets their personal view back through refresh');
  });

  it('switches to another reaction, and removes it on a second click', async () => {
    let body = await invokeBody(actionExecute('post.react', { postId, reaction: 'love' }, options()));
    assert.deepEqual(Object.keys(reactionButtons(body.value)), ['👍', '🎉', '❤️ 1', '💡', '😄']);
    body = await invokeBody(actionExecute('post.react', { postId, reaction: 'love' }, options()));
    assert.deepEqual(Object.keys(reactionButtons(body.value)), ['👍', '🎉', '❤️', '💡', '😄']);
    const post = await storedPost();
    assert.equal(post.reactionCount, 0);
  });

  it('counts exactly: 200 people react at once and 50 more toggle twice', async () => {
    await commons.bot.refresher.drain();
    connector.reset();
    const started = Date.now();
    const clicks = [
      ...Array.from({ length: 200 }, (_, i) => actionExecute('post.react', { postId, reaction: 'celebrate' }, { ...options(), from: person(i + 1) })),
      ...Array.from({ length: 50 }, (_, i) => actionExecute('post.react', { postId, reaction: 'insightful' }, { ...options(), from: person(1000 + i) })),
    ];
    const responses = await Promise.all(clicks.map((click) => postActivity(commons.url, click)));
    assert.ok(responses.every((r) => r.status === 200));
    const again = await Promise.all(clicks.slice(200).map((click) => postActivity(commons.url, { ...click, id: `${click.id}-again` })));
    assert.ok(again.every((r) => r.status === 200));
    const post = await storedPost();
    assert.deepEqual(post.reactionCounts, { celebrate: 200 });
    assert.equal(post.reactionCount, 200);

    await commons.bot.refresher.drain();
    const updates = connector.calls.filter((call) => call.method === 'PUT');
    // One copy is refreshed at most once a second, whatever the number of clicks.
    const seconds = Math.ceil((Date.now() - started) / 1000);
    assert.ok(updates.length >= 1, 'the channel copy was updated');
    assert.ok(updates.length <= seconds + 1, `250 clicks over ${seconds} s coalesced into ${updates.length} updates`);
    // Sends are a second apart; arrivals jitter with the load of 250 clicks in flight.
    for (let i = 1; i < updates.length; i++) assert.ok(updates[i].at - updates[i - 1].at >= 500, `updates ${updates[i].at - updates[i - 1].at} ms apart`);
    const last = updates[updates.length - 1].body.attachments[0].content;
    assert.ok('🎉 200' in reactionButtons(last), 'the last update carries the final count');
  });

  it('opens the comment dialog, stores a comment and shows it on every copy', async function () {
    const fetched = await invokeBody(taskFetch({ verb: 'post.comments', postId }, options()));
    assert.equal(fetched.task.type, 'continue');

    connector.reset();
    const before = (await storedPost()).commentCount ?? 0;
    const submitted = await invokeBody(taskSubmit({ verb: 'post.comments', postId, text: 'Congratulations <b>team</b>!' }, { ...options(), from: person(7) }));
    assert.match(JSON.stringify(submitted.task.value.card.content), /Congratulations ‹b›team‹\/b›!/);
    const post = await storedPost();
    assert.equal(post.commentCount, before + 1);
    assert.equal(post.latestComments.at(-1).text, 'Congratulations <b>team</b>!', 'stored as written, rendered inert');
    const update = await connector.waitFor((call) => call.method === 'PUT' && JSON.stringify(call.body).includes('Congratulations'));
    assert.match(JSON.stringify(update.body), /\d+ comments?/);
    // Last, so that without the schemas the comment above is still stored for later tests.
    requireSchemas(this);
    assertValidCard(fetched.task.value.card.content);
  });

  it('refuses empty and over-long comments with a message in the dialog and stores nothing', async () => {
    const before = (await storedPost()).commentCount;
    for (const text of ['   ', 'x'.repeat(COMMENT_MAX_LENGTH + 1), 42]) {
      const body = await invokeBody(taskSubmit({ verb: 'post.comments', postId, text }, options()));
      assert.equal(body.task.type, 'message');
      assert.match(body.task.value, /Write something|at most 2000/);
    }
    assert.equal((await storedPost()).commentCount, before);
  });

  it('captures a reply typed in the Teams thread the card sits in as a comment', async () => {
    // `post` in a channel answers inside the thread of the command message (id "1"
    // in these activities): replies to that thread name the command as their root.
    const before = (await storedPost()).commentCount ?? 0;
    await postActivity(commons.url, threadReply('Native reply', '1', { ...options(), from: person(8) }));
    let post = await storedPost();
    assert.equal(post.commentCount, before + 1);
    assert.equal(post.latestComments.at(-1).text, 'Native reply');
    // A card posted as its own thread is the root itself.
    await postActivity(commons.url, threadReply('Reply to the card', activityId, { ...options(), from: person(12) }));
    post = await storedPost();
    assert.equal(post.commentCount, before + 2);
  });

  it('ignores channel chatter that is neither addressed to Commons nor in a Commons thread', async () => {
    connector.reset();
    const before = await storedPost();
    await postActivity(commons.url, threadReply('unrelated thread talk', 'some-other-root', { ...options(), from: person(13) }));
    // Only new messages count: an earlier test's card update (PUT) may still land now.
    assert.equal(connector.calls.filter((c) => c.method === 'POST').length, 0, 'no help card for chatter');
    assert.equal((await storedPost()).commentCount, before.commentCount);
  });

  it('refuses tampered card data with an error card and stores nothing', async () => {
    const before = await storedPost();
    for (const data of [{ postId, reaction: 'explode' }, { postId: '../../etc', reaction: 'like' }, { reaction: 'like' }, 'nonsense', null]) {
      const body = await invokeBody(actionExecute('post.react', data, options()));
      assert.match(JSON.stringify(body.value), /Something went wrong|The request is not valid/);
    }
    const after = await storedPost();
    assert.deepEqual(after.reactionCounts, before.reactionCounts);
  });

  it('does not react to a post of another tenant: the caller sees "removed", nothing is stored', async () => {
    const otherTenant = '22222222-2222-2222-2222-222222222222';
    const body = await invokeBody(actionExecute('post.react', { postId, reaction: 'funny' }, { ...options(), tenantId: otherTenant }));
    assert.match(JSON.stringify(body.value), /This post was removed/);
    const { resources } = await commons.store.containers.engagement.items.query(`SELECT * FROM c WHERE c.tenantId = "${otherTenant}"`).fetchAll();
    assert.equal(resources.length, 0);
    assert.equal((await storedPost()).reactionCounts.funny, undefined);
  });

  it('stores a report for moderators, with its reason', async () => {
    const body = await invokeBody(taskSubmit({ verb: 'post.report', postId, reason: 'spam' }, { ...options(), from: person(9) }));
    assert.match(body.task.value, /moderator will review/);
    const pk = `${DEMO_TENANT_ID}|item|post:${postId}`;
    const report = (await commons.store.containers.moderation.item(`${pk}|report|${person(9).aadObjectId}`, pk).read()).resource;
    assert.equal(report.reason, 'spam');
  });

  it('lets only the author delete, and every copy becomes a "removed" card', async () => {
    await commons.bot.refresher.drain();
    const stranger = await invokeBody(actionExecute('post.delete', { postId }, { ...options(), from: person(10) }));
    assert.match(JSON.stringify(stranger.value), /permission/);
    assert.equal((await storedPost()).state, 'published');

    connector.reset();
    const author = await invokeBody(actionExecute('post.delete', { postId }, options()));
    assert.match(JSON.stringify(author.value), /This post was removed/);
    const update = await connector.waitFor((call) => call.method === 'PUT' && JSON.stringify(call.body).includes('This post was removed'));
    assert.equal(update.activityId, activityId);

    const late = await invokeBody(actionExecute('post.react', { postId, reaction: 'like' }, { ...options(), from: person(11) }));
    assert.match(JSON.stringify(late.value), /This post was removed/);
  });
});
