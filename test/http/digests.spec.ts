import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { actionExecute, botInstalled, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';
import { MockConnector } from '../support/connector';
import { eventually, installPersonalChat } from '../support/delivery';
import { HeldNoticeSweeper } from '../../src/delivery/held-notices';
import { addComment } from '../../src/domain/engagement';
import { assertValidCard, schemasAvailable } from '../support/schemas';

const cardTextOf = (call: { body: any }) => JSON.stringify(call.body?.attachments?.[0]?.content ?? {});

/**
 * Digests through the real adapter and a loopback Bot Connector: activity on what a
 * person follows gathers in their pending list (stored, not in memory) and goes as one
 * personal-chat card per interval, whatever the number of events; the off switch sends
 * nothing; two overlapping runs send once; what the person may no longer see is left
 * out; "Turn off digests" on the card works through the bot.
 */
describe('digests', function () {
  this.timeout(90_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let TENANT: string;
  // An hour's gathering: nothing goes before the test says the window has passed.
  const timings = { gatherMs: 3_600_000, hourlyMs: 3_600_000, dailyMs: 86_400_000, weeklyMs: 7 * 86_400_000 };

  const somebody = async (name: string, reachable = true) => {
    const userId = randomUUID();
    await commons.repositories.people.upsert({ tenantId: TENANT, userId, displayName: name, roles: [] });
    if (reachable) await installPersonalChat(commons.repositories, connector.url, userId, TENANT);
    return userId;
  };
  const call = (as: string, method: string, path: string, body?: unknown) => devApi(commons.url, TENANT, as)(method, path, body);
  const community = async (owner: string, privacy = 'open') => {
    const { status, body } = await call(owner, 'POST', '/api/v1/communities', { name: `Trail runners ${randomUUID().slice(0, 6)}`, privacy });
    assert.equal(status, 201, JSON.stringify(body));
    return body as { id: string; name: string };
  };
  const post = async (as: string, communityId: string, text: string) => {
    const { status, body } = await call(as, 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'discussion', text });
    assert.equal(status, 201, JSON.stringify(body));
    return body.id as string;
  };
  const messagesTo = (userId: string) => connector.calls.filter((c) => c.method === 'POST' && c.conversationId === `a:personal-${userId}` && c.path.includes('/activities'));
  const pendingCount = async (userId: string) => (await commons.repositories.follows.pending(TENANT, userId))?.entries.length ?? 0;
  /** Ends the gathering window now (as time passing would) and waits until the app's sweeper has sent the digest. */
  const flushDigest = async (userId: string) => {
    await commons.repositories.heldNotices.hold(TENANT, userId, Date.now(), 'digest');
    await eventually(async () => (await commons.repositories.heldNotices.get(TENANT, userId, 'digest')) === undefined, 20_000, 'the digest settled');
  };

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({}, { digestTimings: timings });
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });
  beforeEach(() => {
    TENANT = randomUUID();
    connector.reset();
  });

  it('sends exactly one card per follower for thirty events in an interval, summarising all thirty', async () => {
    const author = await somebody('Megan Bowen');
    // Three authors (the write limit is per person), ten posts each.
    const authors = [author, ...(await Promise.all(['Alex Wilber', 'Grady Archie'].map((name) => somebody(name))))];
    const followers = await Promise.all(['Lynne Robbins', 'Diego Siciliani'].map((name) => somebody(name)));
    const club = await community(author);
    for (const other of authors.slice(1)) assert.equal((await call(other, 'POST', `/api/v1/communities/${club.id}/join`)).status, 200);
    for (const follower of followers) assert.equal((await call(follower, 'PUT', `/api/v1/me/follows/community/${club.id}`)).status, 200);
    for (let i = 1; i <= 30; i++) await post(authors[i % 3], club.id, `Route idea number ${i}`);
    for (const follower of followers) await eventually(async () => (await pendingCount(follower)) === 30, 20_000, 'thirty entries stored');
    assert.ok(await commons.repositories.heldNotices.get(TENANT, followers[0], 'digest'), 'the digest is scheduled');
    assert.equal(messagesTo(followers[0]).length, 0, 'nothing per event');

    for (const follower of followers) await flushDigest(follower);
    for (const follower of followers) {
      const messages = messagesTo(follower);
      assert.equal(messages.length, 1, 'one card, not thirty');
      const text = cardTextOf(messages[0]);
      assert.match(text, /30 new things in what you follow/);
      assert.ok(text.includes(`**${club.name}**: 30 new posts`), text);
      assert.match(text, /Route idea number 30/);
      assert.match(text, /and 20 more/);
      assert.match(text, /digest\.off/);
      assert.equal(await pendingCount(follower), 0, 'the list is emptied');
      // Against the official Adaptive Card schema, where it is beside the project (../shared/schemas).
      if (schemasAvailable()) assertValidCard(messages[0].body.attachments[0].content);
    }
    for (const one of authors) assert.equal(messagesTo(one).length, 0, 'authors hear nothing of posts they did not follow');

    // Within the hour, a new event waits for the interval: no second card now.
    await post(author, club.id, 'One more route');
    await commons.digests.drain();
    assert.equal(await pendingCount(followers[0]), 1, 'the new entry stored');
    const held = await commons.repositories.heldNotices.get(TENANT, followers[0], 'digest');
    assert.ok(held && held.dueAt > Date.now() + 30 * 60_000, `due an hour after the last digest: ${JSON.stringify(held)} now ${Date.now()}`);
  });

  it('sends nothing to a follower who turned digests off, and stores nothing for them', async () => {
    const author = await somebody('Megan Bowen');
    const follower = await somebody('Lynne Robbins');
    const club = await community(author);
    await call(follower, 'PUT', `/api/v1/me/follows/community/${club.id}`);
    assert.equal((await call(follower, 'PUT', '/api/v1/me/digest', { frequency: 'off' })).status, 200);
    for (let i = 0; i < 3; i++) await post(author, club.id, `Quiet post ${i}`);
    await commons.digests.drain();
    assert.equal(await pendingCount(follower), 0);
    await commons.repositories.heldNotices.hold(TENANT, follower, Date.now(), 'digest');
    await eventually(async () => (await commons.repositories.heldNotices.get(TENANT, follower, 'digest')) === undefined, 20_000, 'the run finished');
    assert.equal(messagesTo(follower).length, 0);
  });

  it('sends one card when two job runs overlap', async () => {
    const author = await somebody('Megan Bowen');
    const follower = await somebody('Lynne Robbins');
    const club = await community(author);
    await call(follower, 'PUT', `/api/v1/me/follows/community/${club.id}`);
    for (let i = 0; i < 5; i++) await post(author, club.id, `Overlap ${i}`);
    await eventually(async () => (await pendingCount(follower)) === 5, 20_000, 'five entries stored');
    // Two instances' sweepers and two direct runs, all at once.
    const sweepers = ['instance-a', 'instance-b'].map((instanceId) => new HeldNoticeSweeper({ notices: commons.repositories.heldNotices, flush: commons.bot.sendHeldNotice, instanceId, logger: commons.logger, now: () => Date.now() + 2 * 3_600_000 }));
    await Promise.all([...sweepers.map((s) => s.tick()), commons.bot.sendHeldNotice(TENANT, follower, 'digest'), commons.bot.sendHeldNotice(TENANT, follower, 'digest')]);
    await Promise.all(sweepers.map((s) => s.tick()));
    assert.equal(messagesTo(follower).length, 1);
    assert.match(cardTextOf(messagesTo(follower)[0]), /5 new things/);
  });

  it('leaves out what the follower may no longer see when the digest goes', async () => {
    const author = await somebody('Megan Bowen');
    const follower = await somebody('Lynne Robbins');
    const open = await community(author);
    const secret = await community(author, 'secret');
    await call(follower, 'PUT', `/api/v1/me/follows/person/${author}`);
    await post(author, open.id, 'Visible to everyone');
    await post(author, secret.id, 'Secret roadmap');
    await eventually(async () => (await pendingCount(follower)) === 2, 20_000, 'both posts noted for the person\'s follower');
    await flushDigest(follower);
    const [digest] = messagesTo(follower);
    assert.ok(digest, 'a digest went');
    const text = cardTextOf(digest);
    assert.match(text, /Visible to everyone/);
    assert.doesNotMatch(text, /Secret roadmap/);
    assert.match(text, /1 new thing in what you follow/);
  });

  it('tells a thread\'s follower of its replies, and the replier nothing of their own', async () => {
    const author = await somebody('Megan Bowen');
    const follower = await somebody('Lynne Robbins');
    const replier = await somebody('Diego Siciliani');
    const club = await community(author);
    const thread = await post(author, club.id, 'Saturday route?');
    await call(follower, 'PUT', `/api/v1/me/follows/thread/${thread}`);
    await call(replier, 'PUT', `/api/v1/me/follows/thread/${thread}`);
    for (const text of ['The ridge loop', 'The lake path']) {
      await addComment(commons.bot.engagement, { tenantId: TENANT, userId: replier, roles: [], displayName: 'Diego Siciliani' }, thread, text, 'dialog', new Date());
    }
    await commons.digests.drain();
    assert.equal(await pendingCount(follower), 2);
    assert.equal(await pendingCount(replier), 0, 'nothing of their own doing');
    await flushDigest(follower);
    const text = cardTextOf(messagesTo(follower)[0]);
    assert.match(text, /Diego Siciliani replied in Saturday route\?/);
    assert.match(text, /\*\*Saturday route\?\*\*: 2 new replies/);
    assert.match(text, /The lake path/);
  });

  it('leaves out what the person stopped following before the digest went', async () => {
    const author = await somebody('Megan Bowen');
    const follower = await somebody('Lynne Robbins');
    const club = await community(author);
    const other = await community(author);
    await call(follower, 'PUT', `/api/v1/me/follows/community/${club.id}`);
    await call(follower, 'PUT', `/api/v1/me/follows/community/${other.id}`);
    await post(author, club.id, 'From the club');
    await post(author, other.id, 'From the other one');
    await eventually(async () => (await pendingCount(follower)) === 2, 20_000, 'two entries stored');
    await call(follower, 'DELETE', `/api/v1/me/follows/community/${other.id}`);
    await flushDigest(follower);
    const [digest, ...more] = messagesTo(follower);
    assert.equal(more.length, 0);
    assert.match(cardTextOf(digest), /From the club/);
    assert.doesNotMatch(cardTextOf(digest), /From the other one/);
  });

  it('turns digests off from the card, through the bot', async () => {
    const follower = await somebody('Lynne Robbins');
    const activity = actionExecute('digest.off', { digest: 'activity' }, { serviceUrl: connector.url, place: 'personal', tenantId: TENANT, from: { id: `29:${follower}`, name: 'Lynne Robbins', aadObjectId: follower } });
    const response = await postActivity(commons.url, activity);
    assert.equal(response.status, 200);
    const answer = (await response.json()) as any;
    assert.match(JSON.stringify(answer.value), /Digests are off/);
    assert.deepEqual((await call(follower, 'GET', '/api/v1/me/digest')).body, { frequency: 'off', weekly: true });

    const weekly = actionExecute('digest.off', { digest: 'weekly' }, { serviceUrl: connector.url, place: 'personal', tenantId: TENANT, from: { id: `29:${follower}`, name: 'Lynne Robbins', aadObjectId: follower } });
    assert.match(JSON.stringify((await (await postActivity(commons.url, weekly)).json()) as any), /weekly digest is off/);
    assert.deepEqual((await call(follower, 'GET', '/api/v1/me/digest')).body, { frequency: 'off', weekly: false });
  });

  it('schedules the weekly digest a week ahead when Commons is installed in someone\'s personal chat', async () => {
    const person = await somebody('Patti Fernandez', false);
    const install = botInstalled({ serviceUrl: connector.url, place: 'personal', tenantId: TENANT, from: { id: `29:${person}`, name: 'Patti Fernandez', aadObjectId: person } });
    assert.equal((await postActivity(commons.url, { ...install, conversation: { id: `a:personal-${person}`, conversationType: 'personal', tenantId: TENANT } })).status, 200);
    const held = await commons.repositories.heldNotices.get(TENANT, person, 'weeklyDigest');
    assert.ok(held && held.dueAt > Date.now() + 6 * 86_400_000, 'due in about a week');
  });

  it('sends the weekly digest with the top posts of the person\'s communities and followed people, once however many runs', async () => {
    const author = await somebody('Megan Bowen');
    const reader = await somebody('Lynne Robbins');
    const club = await community(author);
    await call(reader, 'POST', `/api/v1/communities/${club.id}/join`);
    const quiet = await post(author, club.id, 'A quiet post');
    const popular = await post(author, club.id, 'The popular post');
    await commons.repositories.posts.update(TENANT, popular, (p) => ({ ...p, reactionCount: 7, commentCount: 3 }));
    await commons.repositories.posts.update(TENANT, quiet, (p) => ({ ...p, reactionCount: 1 }));
    await Promise.all([commons.bot.sendHeldNotice(TENANT, reader, 'weeklyDigest'), commons.bot.sendHeldNotice(TENANT, reader, 'weeklyDigest')]);
    const messages = messagesTo(reader);
    assert.equal(messages.length, 1, 'one weekly card');
    const text = cardTextOf(messages[0]);
    assert.match(text, /Your week in Commons/);
    assert.ok(text.indexOf('The popular post') < text.indexOf('A quiet post'), 'most engagement first');
    assert.match(text, /7 reactions · 3 comments/);
    if (schemasAvailable()) assertValidCard(messages[0].body.attachments[0].content);
  });
});
