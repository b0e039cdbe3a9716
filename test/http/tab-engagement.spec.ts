import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { createRepositories, Repositories } from '../../src/store';
import { composePost } from '../../src/domain/posts';
import { COMMENT_MAX_LENGTH } from '../../src/domain/comments';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually, FAST_TIMINGS, installChannel, installPersonalChats, userIdOf } from '../support/delivery';
import { devApi } from '../support/dev-api';

const ALEX = DEMO_PEOPLE.find((p) => p.displayName === 'Alex Wilber')!; // an admin
const LYNNE = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;
const OTHER_TENANT = '9c8b7a65-4321-4fed-8cba-987654321aaa';

/** The reaction buttons of a card: title → style. */
function reactionButtons(card: any): Record<string, string | undefined> {
  const set = card.body.find((element: any) => element.type === 'ActionSet' && element.actions?.some((a: any) => a.verb === 'post.react'));
  return Object.fromEntries((set?.actions ?? []).map((action: any) => [action.title, action.style]));
}

/**
 * Reacting, commenting and acknowledging from the tab (issue 18, item 1) through the
 * real API, with Commons talking to a mock Bot Connector: the same rules and the same
 * store as the card buttons, and a reaction in the tab updates the card in Teams.
 */
describe('tab engagement: reactions, comments and acknowledgements from the tab reach the Teams card', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let repositories: Repositories;
  let postId: string;
  let activityId: string;

  const as = (userId: string, tenantId = DEMO_TENANT_ID) => devApi(commons.url, tenantId, userId);
  const stored = async (id = postId) => (await repositories.posts.get(DEMO_TENANT_ID, id))!;
  /** The latest update (PUT) of the channel card that satisfies `check`. */
  const cardUpdate = (check: (card: any) => boolean, id = activityId) =>
    eventually(() => [...connector.calls].reverse().find((call) => call.method === 'PUT' && call.activityId === id && check(call.body.attachments[0].content)), 15_000, 'an update of the Teams card');

  async function privatePost(): Promise<string> {
    const id = randomUUID();
    const author = { tenantId: DEMO_TENANT_ID, userId: LYNNE.userId, roles: [] as const, displayName: LYNNE.displayName };
    await repositories.posts.create(composePost({ body: 'Only for the chat', audience: { everyone: true }, visibility: { kind: 'members', conversationId: '19:tab-engagement-secret@thread.v2' } }, author, id, new Date()));
    return id;
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true', DELIVERY_MAX_RPS: '40' }, { deliveryTimings: FAST_TIMINGS });
    repositories = createRepositories(commons.store);
    const channel = { serviceUrl: connector.url, place: 'channel' as const };
    await postActivity(commons.url, botInstalled(channel));
    const marker = `tab-engagement-${randomUUID().slice(0, 8)}`;
    const response = await postActivity(commons.url, mentioning(`post Lunch on the roof today ${marker}`, channel));
    assert.equal(response.status, 200);
    const sent = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes(marker));
    assert.ok(sent);
    const post = (await repositories.posts.feed(DEMO_TENANT_ID, 5, (_entry, load) => load())).find((p) => p.body.includes(marker))!;
    postId = post.postId;
    activityId = post.deliveredTo[0].activityId;
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('reacts from the API and the Teams card is updated with the new count', async () => {
    const { status, body } = await as(LYNNE.userId)('PUT', `/api/v1/posts/${postId}/reaction`, { reaction: 'like' });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body, { id: postId, reactionCounts: { like: 1 }, reactionCount: 1, myReaction: 'like' });
    const update = await cardUpdate((card) => '👍 1' in reactionButtons(card));
    assert.equal(reactionButtons(update.body.attachments[0].content)['👍 1'], undefined, 'the shared copy highlights nobody');
  });

  it('toggles off: the same reaction again removes it, and the card follows', async () => {
    const api = as(LYNNE.userId);
    const off = await api('PUT', `/api/v1/posts/${postId}/reaction`, { reaction: 'like' });
    assert.equal(off.status, 200);
    assert.equal(off.body.myReaction, null);
    assert.equal(off.body.reactionCount, 0);
    await cardUpdate((card) => '👍' in reactionButtons(card) && !('👍 1' in reactionButtons(card)));
    const feed = await api('GET', '/api/v1/feed?limit=50');
    assert.equal(feed.body.posts.find((p: any) => p.id === postId).myReaction, null);
  });

  it('counts exactly when 50 people react at once, shows each their own reaction in the feed, and the card ends with the total', async () => {
    const people = Array.from({ length: 50 }, () => randomUUID());
    const answers = await Promise.all(people.map((userId) => as(userId)('PUT', `/api/v1/posts/${postId}/reaction`, { reaction: 'celebrate' })));
    assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.find((a) => a.status !== 200)?.body));
    assert.ok(answers.every((a) => a.body.myReaction === 'celebrate'));
    const post = await stored();
    assert.deepEqual(post.reactionCounts, { celebrate: 50 });
    assert.equal(post.reactionCount, 50);
    const feed = await as(people[7])('GET', '/api/v1/feed?limit=50');
    const shown = feed.body.posts.find((p: any) => p.id === postId);
    assert.equal(shown.myReaction, 'celebrate');
    assert.deepEqual(shown.reactionCounts, { celebrate: 50 });
    await cardUpdate((card) => '🎉 50' in reactionButtons(card));
  });

  it('refuses a reaction outside the tenant\'s set and a body it does not know, changing nothing', async () => {
    const before = await stored();
    for (const body of [{ reaction: 'nope' }, { reaction: '' }, { reaction: 'like', extra: 1 }, {}]) {
      const answer = await as(LYNNE.userId)('PUT', `/api/v1/posts/${postId}/reaction`, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.ok(answer.body.error.message, 'a message a person can act on');
    }
    assert.deepEqual((await stored()).reactionCounts, before.reactionCounts);
    assert.equal((await as(LYNNE.userId)('PUT', '/api/v1/posts/not_a_post/reaction', { reaction: 'like' })).status, 400);
  });

  it('answers 404 to a stranger: a post of another tenant or a chat they are not in, and stores nothing', async () => {
    const secret = await privatePost();
    const stranger = as(randomUUID());
    for (const [api, id] of [[stranger, secret], [as(randomUUID(), OTHER_TENANT), postId], [stranger, randomUUID()]] as const) {
      assert.equal((await api('PUT', `/api/v1/posts/${id}/reaction`, { reaction: 'like' })).status, 404);
      assert.equal((await api('GET', `/api/v1/posts/${id}/comments`)).status, 404);
      assert.equal((await api('POST', `/api/v1/posts/${id}/comments`, { text: 'hello' })).status, 404);
    }
    const after = await repositories.posts.get(DEMO_TENANT_ID, secret);
    assert.equal(after!.reactionCount, 0);
    assert.equal(after!.commentCount, 0);
  });

  it('comments from the API: validated, listed, and shown on the Teams card', async () => {
    const api = as(LYNNE.userId);
    for (const body of [{ text: '   ' }, { text: 'x'.repeat(COMMENT_MAX_LENGTH + 1) }, {}, { text: 42 }, { text: 'ok', extra: true }]) {
      const answer = await api('POST', `/api/v1/posts/${postId}/comments`, body);
      assert.equal(answer.status, 400, `${JSON.stringify(body).slice(0, 40)}: ${JSON.stringify(answer.body)}`);
    }
    assert.equal((await stored()).commentCount, 0, 'nothing stored');
    const text = `Count me in <b>${randomUUID().slice(0, 6)}</b>`;
    const created = await api('POST', `/api/v1/posts/${postId}/comments`, { text });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.comment.text, text);
    assert.equal(created.body.comment.author.displayName, LYNNE.displayName);
    assert.equal(created.body.commentCount, 1);
    const listed = await as(randomUUID())('GET', `/api/v1/posts/${postId}/comments`);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.comments.map((c: any) => c.text), [text]);
    assert.equal(listed.body.commentCount, 1);
    assert.equal((await api('GET', `/api/v1/posts/${postId}/comments?page=-1`)).status, 400);
    await cardUpdate((card) => JSON.stringify(card).includes('Count me in'));
  });

  it('screens comments with the tenant\'s word list, as the card does: blocked is refused, held waits for review', async () => {
    const admin = as(ALEX.userId);
    const set = await admin('PUT', '/api/v1/settings/word-list', { entries: [{ kind: 'word', pattern: 'blorptastic', action: 'block' }, { kind: 'word', pattern: 'frobnicate', action: 'hold' }] });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    try {
      const before = (await stored()).commentCount;
      const blocked = await as(LYNNE.userId)('POST', `/api/v1/posts/${postId}/comments`, { text: 'Simply blorptastic' });
      assert.equal(blocked.status, 400, JSON.stringify(blocked.body));
      const held = await as(LYNNE.userId)('POST', `/api/v1/posts/${postId}/comments`, { text: 'Let us frobnicate' });
      assert.equal(held.status, 202, JSON.stringify(held.body));
      assert.equal(held.body.held, true);
      assert.deepEqual(held.body.matched, ['frobnicate']);
      assert.equal((await stored()).commentCount, before, 'neither is published');
    } finally {
      await admin('PUT', '/api/v1/settings/word-list', { entries: [] });
    }
  });

  it('asks for the community guidelines before a first comment, as the card does', async () => {
    const published = await as(ALEX.userId)('PUT', '/api/v1/settings/guidelines', { markdown: 'Be kind.', publish: true });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const before = (await stored()).commentCount;
    const refused = await as(randomUUID())('POST', `/api/v1/posts/${postId}/comments`, { text: 'Before accepting' });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'guidelines_required');
    assert.equal((await stored()).commentCount, before, 'nothing stored');
  });

  it('acknowledges an announcement that asks for it, once per recipient; a stranger is told it does not exist', async () => {
    const tenant = randomUUID();
    const author = randomUUID();
    const channel = '19:tab-ack@thread.tacv2';
    await repositories.people.upsert({ tenantId: tenant, userId: author, displayName: 'Ada Author', roles: ['author'] });
    await repositories.people.upsert({ tenantId: tenant, userId: userIdOf(0), displayName: 'Named 0', roles: [] });
    await installChannel(repositories, connector.url, channel, tenant);
    await installPersonalChats(repositories, connector.url, 1, tenant);
    const created = await as(author, tenant)('POST', '/api/v1/announcements', { title: 'Read the travel policy', body: 'Today.', audience: { people: [userIdOf(0)] }, acknowledge: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await eventually(async () => (await repositories.announcements.get(tenant, id))?.startedAt, 20_000, 'the announcement going out');

    const reader = as(userIdOf(0), tenant);
    const first = await reader('POST', `/api/v1/announcements/${id}/acknowledge`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.first, true);
    const again = await reader('POST', `/api/v1/announcements/${id}/acknowledge`);
    assert.equal(again.status, 200);
    assert.equal(again.body.first, false);
    assert.equal(again.body.at, first.body.at, 'the first time is kept');
    assert.equal((await as(randomUUID(), tenant)('POST', `/api/v1/announcements/${id}/acknowledge`)).status, 404, 'not in the audience');
    assert.equal((await reader('POST', `/api/v1/announcements/${randomUUID()}/acknowledge`)).status, 404);
    assert.equal((await reader('POST', '/api/v1/announcements/nope/acknowledge')).status, 400);
    const report = await as(author, tenant)('GET', `/api/v1/announcements/${id}/acknowledgements`);
    assert.equal(report.body.count, 1);

    // The announcement's own reactions take the same path: its engagement record.
    const reacted = await reader('PUT', `/api/v1/posts/${id}/reaction`, { reaction: 'like' });
    assert.equal(reacted.status, 200, JSON.stringify(reacted.body));
    assert.equal(reacted.body.reactionCount, 1);
    assert.equal((await as(randomUUID(), tenant)('PUT', `/api/v1/posts/${id}/reaction`, { reaction: 'like' })).status, 404);
  });

  it('spends the person\'s write budget like every other write: past the burst, 429 and nothing counted', async () => {
    const api = as(randomUUID());
    const answers = await Promise.all(Array.from({ length: 130 }, () => api('PUT', `/api/v1/posts/${postId}/reaction`, { reaction: 'funny' })));
    const limited = answers.filter((a) => a.status === 429);
    assert.ok(limited.length >= 10, `${limited.length} of 130 refused`);
    assert.ok(answers.every((a) => a.status === 200 || a.status === 429));
    const accepted = answers.length - limited.length;
    assert.equal((await stored()).reactionCounts.funny ?? 0, accepted % 2, 'each accepted click toggled once');
  });

  it('describes the engagement routes in the OpenAPI document', async () => {
    const document = (await (await fetch(`${commons.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, any> };
    assert.equal(document.paths['/api/v1/posts/{id}/reaction'].put.requestBody.content['application/json'].schema.additionalProperties, false);
    assert.ok(document.paths['/api/v1/posts/{id}/comments'].get);
    assert.ok(document.paths['/api/v1/posts/{id}/comments'].post);
    assert.ok(document.paths['/api/v1/announcements/{id}/acknowledge'].post);
  });
});
