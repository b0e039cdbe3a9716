import { strict as assert } from 'assert';
import { DEMO_TENANT_ID, DEMO_TEAM } from '../../src/store/demo-tenant';
import { ALEX, botInstalled, botRemoved, installationUpdate, mentioning, message, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const cardOf = (activity: any) => activity.attachments?.[0]?.content;

describe('bot over /api/messages', () => {
  let commons: TestCommons;
  let connector: MockConnector;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons();
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });
  beforeEach(() => connector.reset());

  it('answers "help" with the help card, valid Adaptive Card 1.5', async function () {
    const response = await postActivity(commons.url, message('help', { serviceUrl: connector.url }));
    assert.equal(response.status, 200);
    const [reply] = connector.sentActivities();
    const card = cardOf(reply);
    assert.equal(reply.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    assert.match(JSON.stringify(card.body), /What Commons can do/);
    assert.match(JSON.stringify(card.body), /"title":"post"/);
    assert.ok(card.speak, 'cards carry speech text');
    requireSchemas(this);
    assertValidCard(card);
  });

  it('answers text it does not understand with the help card and says so, rendering the text inert', async () => {
    await postActivity(commons.url, message('<b>dance</b> please', { serviceUrl: connector.url }));
    const card = cardOf(connector.sentActivities()[0]);
    const text = JSON.stringify(card.body);
    assert.match(text, /didn't understand/);
    assert.match(text, /What Commons can do/);
    assert.doesNotMatch(text, /<b>/);
  });

  it('hears "help" in a channel when the bot is @mentioned', async () => {
    const activity = {
      ...message('<at>Commons</at> help', { serviceUrl: connector.url, place: 'channel' }),
      entities: [{ type: 'mention', text: '<at>Commons</at>', mentioned: { id: '28:commons-test-bot', name: 'Commons' } }],
    };
    await postActivity(commons.url, activity);
    const [reply] = connector.sentActivities();
    assert.match(JSON.stringify(cardOf(reply).body), /What Commons can do/);
    assert.doesNotMatch(JSON.stringify(cardOf(reply).body), /didn't understand/);
    assert.equal(connector.calls[0].conversationId?.startsWith(DEMO_TEAM.channels[0].channelId), true);
  });

  // Issue 11.6: with resource-specific consent Teams delivers every group-chat line to the bot.
  it('in a group chat or channel answers only what @mentions it; in personal chat it answers everything', async () => {
    const group = { serviceUrl: connector.url, place: 'groupChat' as const };
    const channel = { serviceUrl: connector.url, place: 'channel' as const };
    for (const options of [group, channel]) {
      for (const text of ['are we still on for lunch?', 'help', 'post the slides here please', '']) {
        const response = await postActivity(commons.url, message(text, options));
        assert.equal(response.status, 200);
      }
    }
    assert.deepEqual(connector.sentActivities(), [], 'chatter between people gets no reply');
    const feed = (await (await fetch(`${commons.url}/api/v1/feed`, { headers: { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ALEX.aadObjectId } })).json()) as { posts: unknown[] };
    assert.equal(feed.posts.length, 0, '"post …" not addressed to Commons publishes nothing');

    await postActivity(commons.url, mentioning('help', group));
    await postActivity(commons.url, mentioning('dance', group));
    await postActivity(commons.url, message('are we still on for lunch?', { serviceUrl: connector.url }));
    const replies = connector.sentActivities().map((reply) => JSON.stringify(cardOf(reply).body));
    assert.equal(replies.length, 3, 'a mention gets an answer, and personal chat answers everything');
    assert.match(replies[0], /What Commons can do/);
    assert.match(replies[1], /didn't understand/);
    assert.match(replies[2], /didn't understand/);
  });

  it('saves the conversation reference on installation in a team and welcomes once', async function () {
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    await postActivity(commons.url, installationUpdate('add', { serviceUrl: connector.url, place: 'channel' }));
    const saved = await commons.store.containers.conversations.item(`${DEMO_TENANT_ID}|${DEMO_TEAM.channels[0].channelId}`, `${DEMO_TENANT_ID}|${DEMO_TEAM.channels[0].channelId}`).read();
    assert.equal(saved.resource?.active, true);
    assert.equal(saved.resource?.kind, 'channel');
    assert.equal(saved.resource?.teamId, DEMO_TEAM.teamId);
    assert.equal(saved.resource?.serviceUrl, connector.url);
    assert.equal(saved.resource?.reference?.conversation?.id, DEMO_TEAM.channels[0].channelId, 'the reply suffix is stripped');
    const welcomes = connector.sentActivities().filter((a) => /Welcome to Commons/.test(JSON.stringify(cardOf(a))));
    assert.equal(welcomes.length, 1, 'two install events, one welcome');
    requireSchemas(this);
    assertValidCard(cardOf(welcomes[0]));
  });

  it('saves personal and group chat installations', async () => {
    await postActivity(commons.url, installationUpdate('add', { serviceUrl: connector.url, place: 'personal' }));
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'groupChat' }));
    const personal = await commons.store.containers.conversations.item(`${DEMO_TENANT_ID}|a:personal-${DEMO_TENANT_ID}`, `${DEMO_TENANT_ID}|a:personal-${DEMO_TENANT_ID}`).read();
    assert.equal(personal.resource?.kind, 'personal');
    assert.equal(personal.resource?.userId, '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001');
    const group = await commons.store.containers.conversations.item(`${DEMO_TENANT_ID}|19:group-chat@thread.v2`, `${DEMO_TENANT_ID}|19:group-chat@thread.v2`).read();
    assert.equal(group.resource?.kind, 'groupChat');
    assert.equal(connector.sentActivities().length, 2, 'each gets a welcome');
  });

  it('marks the reference inactive on uninstall, and welcomes again after a reinstall', async () => {
    const key = `${DEMO_TENANT_ID}|19:group-chat@thread.v2`;
    await postActivity(commons.url, botRemoved({ serviceUrl: connector.url, place: 'groupChat' }));
    const removed = await commons.store.containers.conversations.item(key, key).read();
    assert.equal(removed.resource?.active, false);
    assert.equal(connector.sentActivities().length, 0, 'nothing is sent on removal');
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'groupChat' }));
    assert.equal(connector.sentActivities().length, 1);
  });

  it('ignores an uninstall for an unknown conversation and stores nothing', async () => {
    const response = await postActivity(commons.url, installationUpdate('remove', { serviceUrl: connector.url, tenantId: '11111111-1111-1111-1111-111111111111' }));
    assert.equal(response.status, 200);
    const { resources } = await commons.store.containers.conversations.items.query('SELECT * FROM c WHERE c.tenantId = "11111111-1111-1111-1111-111111111111"').fetchAll();
    assert.equal(resources.length, 0);
  });

  it('refuses malformed activities with a 400 and no stack trace', async () => {
    for (const body of ['{not json', JSON.stringify({ type: 'message' }), JSON.stringify({ ...message('hi', { serviceUrl: 'javascript:alert(1)' }) }), '[]', 'null']) {
      const response = await postActivity(commons.url, body);
      assert.equal(response.status, 400, `status for ${body.slice(0, 40)}`);
      const text = await response.text();
      assert.match(text, /"code":"bad_request"/);
      assert.doesNotMatch(text, /at .*\.ts:\d+/);
    }
    assert.equal(connector.calls.length, 0);
    const health = await fetch(`${commons.url}/healthz`);
    assert.equal(health.status, 200, 'the process is still up');
  });
});
