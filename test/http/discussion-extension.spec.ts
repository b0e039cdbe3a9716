import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import path from 'path';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, demoPerson, invoke, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const MEGAN = demoPerson('Megan Bowen');
const LYNNE = demoPerson('Lynne Robbins');

/** "Start a discussion" from the compose box: a form, then the same card `@Commons discuss` posts. */
describe('"Start a discussion" message extension through /api/messages', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let guild: string;
  let other: string;
  const where = (from = MEGAN, place: 'channel' | 'groupChat' = 'channel') => ({ serviceUrl: connector.url, place, from });
  const api = async (as: typeof MEGAN, method: string, url: string, body?: unknown) => {
    const response = await fetch(`${commons.url}${url}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': as.aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  };
  async function call(name: string, value: unknown, options = where()): Promise<any> {
    const response = await postActivity(commons.url, invoke(name, value, options));
    assert.equal(response.status, 200);
    return response.json();
  }
  const open = (options = where()) => call('composeExtension/fetchTask', { commandId: 'startDiscussion', commandContext: 'compose' }, options);
  const submit = (data: object, options = where()) => call('composeExtension/submitAction', { commandId: 'startDiscussion', commandContext: 'compose', data }, options);
  const choicesOf = (form: any) => form.task.value.card.content.body.find((e: any) => e.id === 'place').choices.map((c: any) => c.title);
  const feedOf = async (communityId: string) => (await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/feed`)).body.posts.map((p: any) => [p.kind, p.body]);

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await postActivity(commons.url, botInstalled(where()));
    guild = (await api(MEGAN, 'POST', '/api/v1/communities', { name: 'Design guild', privacy: 'closed' })).body.id;
    other = (await api(LYNNE, 'POST', '/api/v1/communities', { name: 'Lynne only', privacy: 'closed' })).body.id;
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('is declared for the compose box and the command box, beside "Send kudos"', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'appPackage', 'manifest.json'), 'utf8'));
    const command = manifest.composeExtensions[0].commands.find((c: any) => c.id === 'startDiscussion');
    assert.deepEqual([command.type, command.context, command.fetchTask, command.title], ['action', ['compose', 'commandBox'], true, 'Start a discussion']);
  });

  it('opens a valid form offering this conversation and the person\'s own communities only', async function () {
    const form = await open();
    assert.equal(form.task.type, 'continue', JSON.stringify(form));
    assert.deepEqual(choicesOf(form), ['This conversation', 'Design guild']);
    requireSchemas(this);
    assertValidCard(form.task.value.card.content);
  });

  it('starts a discussion in this conversation: the same card as @Commons discuss, posted here', async function () {
    connector.reset();
    const done = await submit({ place: 'here', kind: 'discussion', text: 'Shall we try async stand-ups?' });
    assert.equal(done.task, undefined, `the dialog closes: ${JSON.stringify(done)}`);
    const sent = await connector.waitFor((c) => c.method === 'POST' && JSON.stringify(c.body).includes('async stand-ups'));
    const card = sent.body.attachments[0].content;
    assert.match(JSON.stringify(card), /"Discussion"/);
    requireSchemas(this);
    assertValidCard(card);
    // What `discuss` posts for the same words looks the same (but for ids and times).
    connector.reset();
    await postActivity(commons.url, mentioning('discuss Shall we try async stand-ups?', where()));
    const typed = (await connector.waitFor((c) => c.method === 'POST')).body.attachments[0].content;
    const shape = (c: any) => JSON.stringify(c.body.map((e: any) => e.type)) + JSON.stringify(c.actions.map((a: any) => a.title));
    assert.equal(shape(card), shape(typed));
  });

  it('files a question under a chosen community and posts it in its linked channel', async () => {
    connector.reset();
    await postActivity(commons.url, mentioning('community link Design guild', where()));
    await connector.waitFor((c) => c.method === 'POST' && JSON.stringify(c.body).includes('now speaks for'));
    connector.reset();
    const done = await submit({ place: `community:${guild}`, kind: 'question', text: 'Which icon set do we use?' });
    assert.equal(done.task, undefined, JSON.stringify(done));
    await connector.waitFor((c) => c.method === 'POST' && JSON.stringify(c.body).includes('Question in Design guild'));
    assert.deepEqual((await feedOf(guild))[0], ['question', 'Which icon set do we use?']);
  });

  it('refuses an empty text, a community that is not one\'s own, and a chat without Commons: the form again with why, nothing stored', async () => {
    const before = (await feedOf(guild)).length;
    const empty = await submit({ place: `community:${guild}`, kind: 'discussion', text: '   ' });
    assert.match(JSON.stringify(empty), /Write something before you post/);
    assert.equal(empty.task.type, 'continue');
    const forged = await submit({ place: `community:${other}`, kind: 'discussion', text: 'Sneaking in' });
    assert.match(JSON.stringify(forged), /Choose this conversation or one of your communities/);
    const bogus = await submit({ place: 'community:../../x', kind: 'poll', text: 'x' });
    assert.doesNotMatch(JSON.stringify(bogus), /"continue"/, 'a kind outside discussion and question is bad input');
    const chat = await submit({ place: 'here', kind: 'discussion', text: 'In a chat without Commons' }, where(MEGAN, 'groupChat'));
    assert.match(JSON.stringify(chat), /Commons is not in this conversation yet/);
    assert.equal((await feedOf(guild)).length, before);
    assert.equal((await api(LYNNE, 'GET', `/api/v1/communities/${other}/feed`)).body.posts.length, 0);
  });
});
