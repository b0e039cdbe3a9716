import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, BOT, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';

/**
 * Authority beyond visibility (issue 10, item 6): who controls an announcement, who may
 * post into a private channel, and that reactions and deletes spend the write bucket.
 */
const GENERAL = DEMO_TEAM.channels[0].channelId;
const PRIVATE_CHANNEL = '19:finance-private@thread.tacv2';
const byName = (name: string) => DEMO_PEOPLE.find((person) => person.displayName === name)!;
const ADELE = byName('Adele Vance'); // author
const JONI = byName('Joni Sherman'); // admin
const ALEX = byName('Alex Wilber');
const MEGAN = byName('Megan Bowen');
const SECOND_AUTHOR = '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4099';
const teams = (person: { userId: string; displayName: string }) => ({ id: `29:${person.userId}`, name: person.displayName, aadObjectId: person.userId });

describe('authority: announcements, private channels, the write bucket', () => {
  let commons: TestCommons;
  let connector: MockConnector;
  const api = (user: string, method: string, path: string, body?: unknown) =>
    fetch(`${commons.url}${path}`, { method, headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': user }, body: body === undefined ? undefined : JSON.stringify(body) });
  const personalOf = (person: { userId: string; displayName: string }) => {
    const activity = (extra: any) => ({ ...extra, conversation: { ...extra.conversation, id: `a:personal-${person.userId}` } });
    return { serviceUrl: connector.url, place: 'personal' as const, from: teams(person), wrap: activity };
  };

  before(async () => {
    connector = await new MockConnector({ members: { [PRIVATE_CHANNEL]: [ADELE.userId] } }).start();
    commons = await startTestCommons({ SEED: 'true' });
    await commons.repositories.people.upsert({ tenantId: DEMO_TENANT_ID, userId: SECOND_AUTHOR, displayName: 'Second Author', roles: ['author'], locale: 'en-GB' } as any);
    const install = (conversation: object, channelData: object) =>
      postActivity(commons.url, { type: 'conversationUpdate', id: 'i', channelId: 'msteams', serviceUrl: connector.url, from: teams(ALEX), recipient: BOT, conversation, channelData: { tenant: { id: DEMO_TENANT_ID }, ...channelData }, membersAdded: [BOT] });
    await install({ id: GENERAL, conversationType: 'channel', tenantId: DEMO_TENANT_ID }, { team: { id: DEMO_TEAM.teamId, name: DEMO_TEAM.name }, channel: { id: GENERAL, name: 'General' } });
    await install({ id: PRIVATE_CHANNEL, conversationType: 'channel', tenantId: DEMO_TENANT_ID }, { team: { id: DEMO_TEAM.teamId, name: DEMO_TEAM.name }, channel: { id: PRIVATE_CHANNEL, name: 'Finance', type: 'private' } });
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('lets only its author or an admin pause, resume, cancel, edit or recall an announcement', async () => {
    const created = await (await api(ADELE.userId, 'POST', '/api/v1/announcements', { title: 'Payroll', body: 'Paid on Friday', audience: { channels: [GENERAL] }, scheduledAt: '2030-01-06T09:00:00Z' })).json();
    const stored = async () => commons.store.containers.announcements.item(`${DEMO_TENANT_ID}|${created.id}`, `${DEMO_TENANT_ID}|${created.id}`).read().then((r) => r.resource);
    const before = await stored();
    for (const action of ['pause', 'resume', 'cancel', 'recall']) {
      const response = await api(SECOND_AUTHOR, 'POST', `/api/v1/announcements/${created.id}/${action}`);
      assert.equal(response.status, 403, `another author cannot ${action}`);
      assert.equal((await response.json()).error.code, 'forbidden');
    }
    assert.equal((await api(SECOND_AUTHOR, 'PATCH', `/api/v1/announcements/${created.id}`, { body: 'Paid on Monday' })).status, 403, 'nor edit');
    assert.deepEqual(await stored(), before, 'nothing changed');
    assert.equal((await api(SECOND_AUTHOR, 'GET', `/api/v1/announcements/${created.id}`)).status, 200, 'authors may still read its progress');

    assert.equal((await api(JONI.userId, 'POST', `/api/v1/announcements/${created.id}/pause`)).status, 200, 'an admin may');
    assert.equal((await api(ADELE.userId, 'POST', `/api/v1/announcements/${created.id}/resume`)).status, 200, 'its author may');
  });

  it('remembers a channel type Teams stated once, for posts from activities that do not state it', async () => {
    const STANDARD = '19:town-square@thread.tacv2';
    const team = { id: DEMO_TEAM.teamId, name: DEMO_TEAM.name };
    const inChannel = (id: string, channel: object, text: string) =>
      postActivity(commons.url, { type: 'message', id: `m-${Math.random()}`, channelId: 'msteams', serviceUrl: connector.url, from: teams(ADELE), recipient: BOT, conversation: { id, conversationType: 'channel', isGroup: true, tenantId: DEMO_TENANT_ID }, channelData: { tenant: { id: DEMO_TENANT_ID }, team, channel }, text, entities: [{ type: 'mention', mentioned: BOT, text: '<at>Commons</at>' }] });
    await postActivity(commons.url, { type: 'conversationUpdate', id: 'i2', channelId: 'msteams', serviceUrl: connector.url, from: teams(ALEX), recipient: BOT, conversation: { id: STANDARD, conversationType: 'channel', tenantId: DEMO_TENANT_ID }, channelData: { tenant: { id: DEMO_TENANT_ID }, team, channel: { id: STANDARD, name: 'Town square', type: 'standard' } }, membersAdded: [BOT] });
    await inChannel(STANDARD, { id: STANDARD }, 'post Coffee in the lobby');
    await inChannel(PRIVATE_CHANNEL, { id: PRIVATE_CHANNEL }, 'post Forecast draft');
    const { resources } = await commons.store.containers.posts.items.readAll().fetchAll();
    assert.deepEqual(resources.find((doc) => doc.body === 'Coffee in the lobby')?.visibility, { kind: 'tenant' });
    assert.deepEqual(resources.find((doc) => doc.body === 'Forecast draft')?.visibility, { kind: 'members', conversationId: PRIVATE_CHANNEL });
  });

  it('lets an author post into a private channel only when Teams says they are a member', async () => {
    const adele = personalOf(ADELE);
    const joni = personalOf(JONI);
    connector.reset();
    await postActivity(commons.url, joni.wrap(actionExecute('post.publish', { body: 'Admin walks in', target: PRIVATE_CHANNEL }, joni)));
    assert.equal(connector.calls.filter((c) => c.conversationId === PRIVATE_CHANNEL && c.method === 'POST').length, 0, 'an admin outside the channel is refused');
    await postActivity(commons.url, adele.wrap(actionExecute('post.publish', { body: 'Budget review at 3', target: PRIVATE_CHANNEL }, adele)));
    const sent = await connector.waitFor((c) => c.conversationId === PRIVATE_CHANNEL && c.method === 'POST' && JSON.stringify(c.body).includes('Budget review'));
    assert.ok(sent, 'a member (per the roster) may');
  });

});

describe('authority: reactions and deletes spend the write bucket', () => {
  let commons: TestCommons;
  let connector: MockConnector;
  before(async () => {
    connector = await new MockConnector().start();
    // Two writes a person, never refilled.
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: { burst: 2, refillPerSecond: 1e-6, maxTrackedUsers: 100 } } });
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });
  const personalOf = (person: { userId: string; displayName: string }) => {
    const activity = (extra: any) => ({ ...extra, conversation: { ...extra.conversation, id: `a:personal-${person.userId}` } });
    return { serviceUrl: connector.url, place: 'personal' as const, from: teams(person), wrap: activity };
  };

  it('refuses a reaction or a delete beyond the bucket, and stores nothing', async () => {
    const megan = personalOf(MEGAN);
    const alexInGeneral = { serviceUrl: connector.url, place: 'channel' as const, from: teams(ALEX) };
    await postActivity(commons.url, mentioning('post Lunch is on us', alexInGeneral));
    await postActivity(commons.url, mentioning('post Parking closed Friday', alexInGeneral));
    const { resources } = await commons.store.containers.posts.items.readAll().fetchAll();
    const lunch = resources.find((doc) => doc.body === 'Lunch is on us')!;
    const parking = resources.find((doc) => doc.body === 'Parking closed Friday')!;

    const react = (reaction: string) => postActivity(commons.url, megan.wrap(actionExecute('post.react', { postId: lunch.postId, reaction }, megan))).then((r) => r.text());
    await react('like');
    await react('love');
    const third = await react('funny');
    assert.match(third, /Too many requests/, 'the third reaction is refused with kind words');
    assert.equal(await commons.repositories.engagement.reactionOf(DEMO_TENANT_ID, lunch.postId, MEGAN.userId), 'love', 'and not stored');

    // Alex spent both writes on the two posts: the delete is refused and the post stays.
    const refused = await postActivity(commons.url, actionExecute('post.delete', { postId: parking.postId }, alexInGeneral)).then((r) => r.text());
    assert.match(refused, /Too many requests/);
    assert.equal((await commons.repositories.posts.get(DEMO_TENANT_ID, parking.postId))?.state, 'published');
  });
});
