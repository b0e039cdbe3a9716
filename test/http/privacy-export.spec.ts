import { strict as assert } from 'assert';
import { DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, mentioning, postActivity, taskSubmit } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { demoPerson, kudosChat, teamsAccount } from '../support/kudos-chat';
import { devApi } from '../support/dev-api';

const LYNNE = demoPerson('Lynne Robbins');
const GRADY = demoPerson('Grady Archie');
const DIEGO = demoPerson('Diego Siciliani');

/**
 * A person's own download, through the real API: everything they did is in it, what
 * others wrote is not, a stranger's data never is, and the export is audited.
 */
describe('privacy: download my data (GET /api/v1/me/export)', function () {
  this.timeout(90_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let messages = 100;
  const channel = (from: typeof LYNNE) => ({ serviceUrl: connector.url, place: 'channel' as const, from: teamsAccount(from) });

  async function storedPost(marker: string): Promise<{ postId: string; deliveredTo: Array<{ activityId: string }> }> {
    const { resources } = await commons.store.containers.posts.items
      .query({ query: 'SELECT * FROM c WHERE c.type = "post" AND CONTAINS(c.body, @marker)', parameters: [{ name: '@marker', value: marker }] })
      .fetchAll();
    assert.equal(resources.length, 1, `one post with "${marker}"`);
    return resources[0];
  }

  async function post(from: typeof LYNNE, text: string) {
    connector.reset();
    // Each command is a new message in the channel: a reply in a post's thread is a comment on it.
    const activity = mentioning(text, channel(from));
    activity.conversation.id = `${DEMO_TEAM.channels[0].channelId};messageid=${++messages}`;
    assert.equal((await postActivity(commons.url, activity)).status, 200);
    await connector.waitFor((call) => call.method === 'POST', 10_000).catch(() => assert.fail(`nothing posted for "${text}": ${JSON.stringify(connector.calls.map((c) => [c.method, c.path, JSON.stringify(c.body).slice(-200)]))}`));
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));

    await post(DIEGO, 'poll Diego-poll where to eat | Pizza | Sushi');
    const poll = await storedPost('Diego-poll');
    // Lynne posts, Diego comments on it; Diego posts, Lynne reacts, comments and reports it.
    await post(LYNNE, 'post Lynne-wrote-this release notes');
    await post(DIEGO, 'post Diego-wrote-this lunch plans');
    const lynnes = await storedPost('Lynne-wrote-this');
    const diegos = await storedPost('Diego-wrote-this');
    const reply = (from: typeof LYNNE, postId: string, text: string) => postActivity(commons.url, taskSubmit({ verb: 'post.comments', postId, text }, channel(from)));
    assert.equal((await reply(DIEGO, lynnes.postId, 'Diego-private-comment on Lynne')).status, 200);
    assert.equal((await reply(LYNNE, diegos.postId, 'Lynne-comment on Diego')).status, 200);
    assert.equal((await postActivity(commons.url, actionExecute('post.react', { postId: diegos.postId, reaction: 'like' }, { ...channel(LYNNE), replyToId: diegos.deliveredTo[0].activityId }))).status, 200);
    assert.equal((await postActivity(commons.url, taskSubmit({ verb: 'post.report', postId: diegos.postId, reason: 'other', note: 'Off topic' }, channel(LYNNE)))).status, 200);

    // Grady (her manager) recognises Lynne; Lynne votes in Diego's poll.
    const pizza = (poll as any).poll.options[0].optionId ?? (poll as any).poll.options[0].id;
    assert.equal((await postActivity(commons.url, actionExecute('poll.vote', { postId: poll.postId, choices: pizza }, { ...channel(LYNNE), replyToId: poll.deliveredTo[0].activityId }))).status, 200);
    await kudosChat(() => commons, () => connector).sendKudos(GRADY, [LYNNE], 'Team player for the Lynne-kudos release');
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('holds what the person wrote, clicked, voted, reported and received, and nobody else\'s words', async () => {
    const response = await fetch(`${commons.url}/api/v1/me/export`, { headers: { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': LYNNE.userId } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="commons-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = (await response.json()) as any;
    assert.equal(data.format, 'commons.personal-data/1');
    assert.equal(data.userId, LYNNE.userId);
    assert.equal(data.profile.displayName, 'Lynne Robbins');
    assert.deepEqual(data.posts.map((p: any) => p.body), ['Lynne-wrote-this release notes']);
    assert.deepEqual(data.comments.map((c: any) => c.text), ['Lynne-comment on Diego']);
    assert.deepEqual(data.reactions.map((r: any) => r.reaction), ['like']);
    assert.deepEqual(data.reports.map((r: any) => [r.reason, r.note]), [['other', 'Off topic']]);
    assert.equal(data.votes.length, 1);
    assert.deepEqual(data.kudos.received.map((k: any) => k.from), [GRADY.userId]);
    assert.match(JSON.stringify(data.kudos.received), /Lynne-kudos/);
    const today = new Date().toISOString().slice(0, 10);
    assert.ok(data.analytics.some((m: any) => m.counted === 'active' && m.day === today && m.scope === 'tenant' && m.userId === LYNNE.userId), 'counted active today, for analytics');
    const text = JSON.stringify(data);
    assert.ok(!text.includes('Diego-private-comment'), 'a comment by someone else on her post is not hers to download');
    assert.ok(!text.includes('"_etag"') && !text.includes('"pk"'), 'no storage bookkeeping');
  });

  it('gives a person with nothing stored an export of nothing, never someone else\'s data', async () => {
    const stranger = '0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b';
    const { status, body } = await devApi(commons.url, DEMO_TENANT_ID, stranger)('GET', '/api/v1/me/export');
    assert.equal(status, 200);
    assert.equal(body.userId, stranger);
    for (const section of [body.posts, body.comments, body.reactions, body.votes, body.reports, body.acknowledgements, body.kudos.received, body.kudos.given, body.analytics]) assert.deepEqual(section, []);
  });

  it('is recorded in the audit log as privacy.export, by the person themselves', async () => {
    await devApi(commons.url, DEMO_TENANT_ID, DIEGO.userId)('GET', '/api/v1/me/export');
    const { entries } = await commons.repositories.audit.page(DEMO_TENANT_ID, { action: 'privacy.export', actorId: DIEGO.userId }, 10);
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0].target, { kind: 'person', id: DIEGO.userId });
  });

  it('holds the community guidelines version the person accepted, and when', async () => {
    const as = (userId: string) => ({ 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': userId });
    const alex = demoPerson('Alex Wilber'); // admin
    const published = (await (await fetch(`${commons.url}/api/v1/settings/guidelines`, { method: 'PUT', headers: as(alex.userId), body: JSON.stringify({ markdown: 'Export rules.', publish: true }) })).json()) as any;
    const { version } = published.current;
    const accepted = (await (await fetch(`${commons.url}/api/v1/guidelines/accept`, { method: 'POST', headers: as(LYNNE.userId), body: JSON.stringify({ version }) })).json()) as any;
    const data = (await (await fetch(`${commons.url}/api/v1/me/export`, { headers: as(LYNNE.userId) })).json()) as any;
    assert.deepEqual(data.guidelinesAccepted, { version, acceptedAt: accepted.acceptance.acceptedAt });
    const grady = (await (await fetch(`${commons.url}/api/v1/me/export`, { headers: as(GRADY.userId) })).json()) as any;
    assert.equal(grady.guidelinesAccepted, null, 'only their own');
  });

  it('refuses a caller with no identity', async () => {
    const response = await fetch(`${commons.url}/api/v1/me/export`);
    assert.equal(response.status, 401);
  });
});
