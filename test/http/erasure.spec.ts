import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import type { TestCommons } from '../support/app';
import { channelEngagement, startSeededChannel, stopSeededChannel } from '../support/channel-engagement';
import type { MockConnector } from '../support/connector';
import { demoPerson, kudosChat } from '../support/kudos-chat';
import { devApi } from '../support/dev-api';
import { eventually } from '../support/delivery';
import { eraseAndWait, leftoversNaming } from '../support/erasure';
import { runErasureSlice } from '../../src/domain/erasure-run';
import { erasurePorts } from '../../src/store/erasure-ports';

const ALEX = demoPerson('Alex Wilber'); // admin
const DIEGO = demoPerson('Diego Siciliani');
const GRADY = demoPerson('Grady Archie');
const LYNNE = demoPerson('Lynne Robbins');
const ISAIAH = demoPerson('Isaiah Langer');
const LEE = demoPerson('Lee Gu');
const NESTOR = demoPerson('Nestor Wilke');
const MIRIAM = demoPerson('Miriam Graham');
const MEGAN = demoPerson('Megan Bowen');

/**
 * Erasing a person (issue 17, item 6) through the real API and bot: what they wrote is
 * anonymised or deleted per the tenant setting, what they clicked is gone with every
 * count recounted exactly, other people's data stays, and the job survives a crash.
 */
describe('privacy: erase a person (POST /api/v1/people/{id}/erasure, a background job)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const engage = channelEngagement(() => commons, () => connector);
  const admin = () => devApi(commons.url, DEMO_TENANT_ID, ALEX.userId);
  const erase = (userId: string) => admin()('POST', `/api/v1/people/${userId}/erasure`);
  const erased = (userId: string) => eraseAndWait(commons.url, DEMO_TENANT_ID, ALEX.userId, userId);
  const setMode = async (erasureMode: 'anonymise' | 'delete') => assert.equal((await admin()('PUT', '/api/v1/settings/privacy', { erasureMode, removedPurgeDays: 30, retentionMonths: null })).status, 200);
  const post = (postId: string) => commons.repositories.posts.get(DEMO_TENANT_ID, postId);

  before(async () => ({ commons, connector } = await startSeededChannel()));
  after(() => stopSeededChannel(commons, connector));

  it('anonymises what they wrote, removes what they clicked with exact counts, and leaves everyone else\'s data', async () => {
    await setMode('anonymise');
    const theirs = await engage.post(LYNNE, 'post E1-lynne release notes');
    const diegos = await engage.post(DIEGO, 'post E1-diego lunch plans');
    const poll = await engage.post(DIEGO, 'poll E1-poll where to eat | Pizza | Sushi');
    await engage.comment(DIEGO, theirs.postId, 'E1 Diego on Lynne');
    await engage.comment(LYNNE, diegos.postId, 'E1 Lynne on Diego');
    await engage.react(LYNNE, diegos, 'like');
    await engage.react(GRADY, diegos, 'like');
    await engage.react(DIEGO, theirs, 'like');
    await engage.vote(LYNNE, poll, 0);
    await engage.vote(GRADY, poll, 0);
    await engage.report(LYNNE, diegos.postId);
    // She follows Diego and his post; Grady follows her: all of it names her.
    await commons.repositories.follows.follow(DEMO_TENANT_ID, LYNNE.userId, { kind: 'person', id: DIEGO.userId, name: 'Diego', since: new Date().toISOString() });
    await commons.repositories.follows.follow(DEMO_TENANT_ID, LYNNE.userId, { kind: 'thread', id: diegos.postId, name: 'Lunch', since: new Date().toISOString() });
    await commons.repositories.follows.follow(DEMO_TENANT_ID, GRADY.userId, { kind: 'person', id: LYNNE.userId, name: 'Lynne', since: new Date().toISOString() });
    await commons.repositories.follows.setDigestSettings(DEMO_TENANT_ID, LYNNE.userId, { frequency: 'daily' }, new Date().toISOString());
    await kudosChat(() => commons, () => connector).sendKudos(GRADY, [LYNNE], 'Team player for the E1-kudos release');
    assert.equal((await post(diegos.postId))?.reactionCount, 2);
    // The kudos turn may still be recording (walls, leaderboards) when its HTTP answer comes.
    await eventually(async () => (await commons.repositories.kudos.stats(DEMO_TENANT_ID, LYNNE.userId)).receivedTotal === 1, 10_000, 'the kudos recorded', 100);

    const asked = await erase(LYNNE.userId);
    assert.equal(asked.status, 202, 'answered at once, erased in the background');
    assert.match(asked.body.location, /^\/api\/v1\/erasures\/erased:[0-9a-f]{32}$/);
    const body = await erased(LYNNE.userId);
    assert.equal(body.alreadyDone, false);
    assert.equal(body.report.mode, 'anonymise');
    assert.match(body.report.subject, /^erased:[0-9a-f]{32}$/);
    const { counts } = body.report;
    assert.deepEqual(
      [counts.posts, counts.comments, counts.reactions, counts.pollVotes, counts.reports, counts.kudosReceived, counts.profile],
      [1, 1, 1, 1, 1, 1, 1],
    );

    const pseudonymous = await post(theirs.postId);
    assert.match(pseudonymous!.authorName, /^Former colleague [0-9a-f]{4}$/);
    assert.equal(pseudonymous!.authorId, body.report.subject);
    assert.equal(pseudonymous!.body, 'E1-lynne release notes', 'anonymised, not deleted');
    assert.equal(pseudonymous!.reactionCount, 1, 'Diego\'s reaction on it stays');
    const onDiegos = await post(diegos.postId);
    assert.deepEqual([onDiegos!.reactionCount, onDiegos!.reactionCounts], [1, { like: 1 }], 'her reaction is gone, Grady\'s stays');
    assert.equal(onDiegos!.commentCount, 1);
    assert.deepEqual(onDiegos!.latestComments.map((c) => c.authorName), [pseudonymous!.authorName]);
    const tally = await commons.repositories.polls.tally(DEMO_TENANT_ID, poll.postId);
    assert.equal(tally.voters, 1);
    assert.equal(Object.values(tally.counts).reduce((a, b) => a + b, 0), 1);
    assert.equal((await commons.repositories.reports.tally(DEMO_TENANT_ID, { postId: diegos.postId }))?.reporters, 0);
    assert.equal(await commons.repositories.people.get(DEMO_TENANT_ID, LYNNE.userId), undefined, 'profile deleted');
    const kudos = await engage.storedPost('E1-kudos');
    assert.deepEqual((kudos as any).kudos.recipients.map((r: any) => r.displayName), [pseudonymous!.authorName]);

    const stored = JSON.stringify((await commons.repositories.personalData.collect(DEMO_TENANT_ID, LYNNE.userId)));
    assert.equal(stored, JSON.stringify({ postsAuthored: [], kudosReceived: [], kudosJoined: [], comments: [], reactions: [], reports: [], votes: [], acknowledgements: [], communityMemberships: [], analyticsMarkers: [] }), 'nothing is stored under her id');
    const diegoData = await commons.repositories.personalData.collect(DEMO_TENANT_ID, DIEGO.userId);
    assert.equal(diegoData.comments.length, 1, 'Diego\'s comment on her post stays');
    assert.equal(diegoData.reactions.length, 1);
    assert.ok(await commons.repositories.people.get(DEMO_TENANT_ID, DIEGO.userId));
    assert.deepEqual(await commons.repositories.follows.follows(DEMO_TENANT_ID, GRADY.userId), [], 'nobody follows her any more');
    assert.deepEqual(await commons.repositories.follows.followersOf(DEMO_TENANT_ID, { kind: 'person', id: DIEGO.userId }), [], 'she is no longer among Diego\'s followers');

    assert.deepEqual(await leftoversNaming(commons, LYNNE.userId), [], 'her id is in no document of any container, the finished job\'s included');
    const { entries } = await commons.repositories.audit.page(DEMO_TENANT_ID, { action: 'privacy.erase', actorId: ALEX.userId }, 10);
    assert.ok(entries.some((entry) => entry.target.id === body.report.subject && entry.details?.reactions === 1));
    assert.ok(!JSON.stringify(entries).includes(LYNNE.userId), 'the audit entry does not name whom it erased');
  });

  it('answers the same report when run again, and changes nothing', async () => {
    const first = await erase(LYNNE.userId);
    assert.equal(first.status, 200, 'done already: the report at once');
    assert.equal(first.body.alreadyDone, true);
    const again = await erase(LYNNE.userId);
    assert.deepEqual(again.body.report, first.body.report);
  });

  it('deletes their posts and comments in delete mode, recounting the posts they commented on', async () => {
    await setMode('delete');
    try {
      const theirs = await engage.post(ISAIAH, 'post E2-isaiah quarterly numbers');
      const diegos = await engage.post(DIEGO, 'post E2-diego offsite');
      await engage.comment(ISAIAH, diegos.postId, 'E2 Isaiah on Diego');
      await engage.comment(GRADY, diegos.postId, 'E2 Grady on Diego');
      await engage.react(DIEGO, theirs);
      const body = await erased(ISAIAH.userId);
      assert.deepEqual([body.report.mode, body.report.counts.posts, body.report.counts.comments], ['delete', 1, 1]);
      assert.equal(await post(theirs.postId), undefined, 'the post is gone');
      const onDiegos = await post(diegos.postId);
      assert.equal(onDiegos!.commentCount, 1);
      const thread = await commons.repositories.engagement.latestComments(DEMO_TENANT_ID, diegos.postId, 10);
      assert.deepEqual(thread.comments.map((c) => c.text), ['E2 Grady on Diego']);
      assert.equal((await commons.repositories.personalData.collect(DEMO_TENANT_ID, DIEGO.userId)).reactions.some((r) => r.postId === theirs.postId), false, 'reactions on a deleted post go with it');
    } finally {
      await setMode('anonymise');
    }
  });

  it('continues after a crash part way, and the report counts everything once', async () => {
    const theirs = await engage.post(LEE, 'post E3-lee pipeline');
    const diegos = await engage.post(DIEGO, 'post E3-diego standup');
    await engage.comment(LEE, diegos.postId, 'E3 Lee on Diego');
    await engage.react(LEE, diegos);
    await engage.react(DIEGO, diegos);
    const applier = commons.repositories.erasure.applier;
    const original = applier.apply.bind(applier);
    let calls = 0;
    applier.apply = async (task, context) => {
      if (++calls === 3) throw new Error('simulated crash');
      return original(task, context);
    };
    let body: any;
    try {
      // The failed slice keeps its progress and is tried again shortly.
      body = await erased(LEE.userId);
    } finally {
      applier.apply = original;
    }
    assert.equal(body.report.runs, 2);
    assert.deepEqual([body.report.counts.posts, body.report.counts.comments, body.report.counts.reactions, body.report.counts.profile], [1, 1, 1, 1]);
    assert.deepEqual((await post(diegos.postId))!.reactionCounts, { like: 1 });
    assert.notEqual((await post(theirs.postId))!.authorId, LEE.userId);
    assert.equal(await commons.repositories.people.get(DEMO_TENANT_ID, LEE.userId), undefined);
  });

  it('writes its audit entry once, even when the run that wrote it died before noting so', async () => {
    await engage.post(MIRIAM, 'post E7-miriam notes');
    const jobs = commons.repositories.erasure.jobs;
    const save = jobs.save.bind(jobs);
    let lost = 0;
    // The process dies right after the audit entry, before the job says it was written.
    jobs.save = async (job) => {
      if (job.audited && job.subject && lost++ === 0) throw new Error('simulated crash after the audit entry');
      return save(job);
    };
    let subject: string;
    try {
      subject = (await erased(MIRIAM.userId)).report.subject;
      await eventually(async () => lost > 0, 10_000, 'the crash after the audit entry', 50);
    } finally {
      jobs.save = save;
    }
    // The next slice finds the job done but not noted as audited, and audits it again.
    await runErasureSlice(erasurePorts(commons.repositories), DEMO_TENANT_ID, subject, { now: () => new Date(), changed: () => undefined, tasksPerSlice: 10, failed: () => undefined });
    assert.equal((await commons.repositories.erasure.jobs.get(DEMO_TENANT_ID, subject))?.audited, true);
    const { entries } = await commons.repositories.audit.page(DEMO_TENANT_ID, { action: 'privacy.erase', targetId: subject }, 100);
    assert.equal(entries.length, 1, JSON.stringify(entries));
  });

  it('removes AMA upvotes and acknowledgements with exact counts, anonymises AMA questions, leaves communities, pseudonymises delivery records', async () => {
    const as = (p: typeof ALEX) => devApi(commons.url, DEMO_TENANT_ID, p.userId);
    const community = (await as(MEGAN)('POST', '/api/v1/communities', { name: 'Erasure club', privacy: 'open' })).body.id;
    for (const member of [NESTOR, GRADY]) assert.equal((await as(member)('POST', `/api/v1/communities/${community}/join`)).status, 200);
    const ama = (await as(MEGAN)('POST', `/api/v1/communities/${community}/amas`, { title: 'Ask Megan before erasure', endsAt: new Date(Date.now() + 3600_000).toISOString() })).body.id;
    const hers = (await as(MEGAN)('POST', `/api/v1/amas/${ama}/questions`, { text: 'Megan asks first' })).body.id;
    const his = (await as(NESTOR)('POST', `/api/v1/amas/${ama}/questions`, { text: 'Nestor asks too' })).body.id;
    for (const voter of [NESTOR, GRADY]) assert.equal((await as(voter)('PUT', `/api/v1/amas/${ama}/questions/${hers}/upvote`)).status, 200);
    const announcementId = 'erasure-announcement-1';
    for (const reader of [NESTOR, GRADY]) await commons.repositories.acknowledgements.record(DEMO_TENANT_ID, announcementId, reader.userId, new Date().toISOString());
    const pk = `${DEMO_TENANT_ID}|${announcementId}`;
    await commons.store.containers.deliveries.items.create({
      id: `${pk}|d|1`, pk, tenantId: DEMO_TENANT_ID, type: 'delivery', announcementId, seq: 1, conversationId: 'a:personal-nestor', userId: NESTOR.userId,
      reference: { user: { id: '29:nestor', name: 'Nestor Wilke', aadObjectId: NESTOR.userId }, conversation: { id: 'a:personal-nestor' } }, state: 'sent', epoch: 1, attempts: 1, updatedAt: new Date().toISOString(),
    });
    const membersBefore = (await as(MEGAN)('GET', `/api/v1/communities/${community}`)).body.memberCount;

    const body = await erased(NESTOR.userId);
    const { counts } = body.report;
    assert.deepEqual([counts.amaQuestions, counts.amaUpvotes, counts.acknowledgements, counts.memberships, counts.deliveryRecords], [1, 1, 1, 1, 1]);
    const tally = await commons.repositories.amas.tally(DEMO_TENANT_ID, ama);
    assert.equal(tally.votes[hers], 1, 'Grady\'s upvote stays, Nestor\'s is gone');
    const question = await commons.repositories.amas.question(DEMO_TENANT_ID, ama, his);
    assert.deepEqual([question?.authorId, question?.text], [body.report.subject, 'Nestor asks too']);
    assert.match(question!.authorName, /^Former colleague [0-9a-f]{4}$/);
    assert.deepEqual((await commons.repositories.acknowledgements.list(DEMO_TENANT_ID, announcementId)).map((a) => a.userId), [GRADY.userId]);
    assert.equal((await as(MEGAN)('GET', `/api/v1/communities/${community}`)).body.memberCount, membersBefore - 1);
    const record = (await commons.store.containers.deliveries.item(`${pk}|d|1`, pk).read()).resource;
    assert.deepEqual([record.userId, record.reference.user, record.reference.conversation.id], [body.report.subject, undefined, 'a:personal-nestor'], 'kept for the announcement\'s report, no longer whose');
  });

  it('deletes their Studio drafts', async () => {
    const adele = demoPerson('Adele Vance'); // author
    const created = await devApi(commons.url, DEMO_TENANT_ID, adele.userId)('POST', '/api/v1/studio/drafts', { content: { title: 'E5 draft', body: 'Not sent yet.' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const body = await erased(adele.userId);
    assert.equal(body.report.counts.drafts, 1);
    assert.equal(await commons.repositories.studio.getDraft(DEMO_TENANT_ID, created.body.id), undefined);
    assert.deepEqual(await commons.repositories.studio.draftsOf(DEMO_TENANT_ID, adele.userId), []);
  });

  it('refuses non-admins (403), unknown people (404) and ids that are not ids (400), changing nothing', async () => {
    const diego = devApi(commons.url, DEMO_TENANT_ID, DIEGO.userId);
    assert.equal((await diego('POST', `/api/v1/people/${GRADY.userId}/erasure`)).status, 403);
    assert.ok(await commons.repositories.people.get(DEMO_TENANT_ID, GRADY.userId));
    assert.equal((await erase('0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b')).status, 404);
    assert.equal((await erase('not-a-guid')).status, 400);
    assert.equal((await diego('GET', `/api/v1/erasures/erased:${'0'.repeat(32)}`)).status, 403);
    assert.equal((await admin()('GET', `/api/v1/erasures/erased:${'0'.repeat(32)}`)).status, 404);
    assert.equal((await admin()('GET', '/api/v1/erasures/nope')).status, 400);
  });

  it('validates the privacy settings and keeps them for admins only', async () => {
    const before = (await admin()('GET', '/api/v1/settings/privacy')).body;
    for (const bad of [{ erasureMode: 'shred', removedPurgeDays: 30, retentionMonths: null }, { erasureMode: 'delete', removedPurgeDays: 0, retentionMonths: null }, { erasureMode: 'delete', removedPurgeDays: 30 }, { erasureMode: 'delete', removedPurgeDays: 30, retentionMonths: 6, extra: 1 }]) {
      const { status, body } = await admin()('PUT', '/api/v1/settings/privacy', bad);
      assert.equal(status, 400, JSON.stringify(bad));
      assert.ok(body.error.message);
    }
    assert.deepEqual((await admin()('GET', '/api/v1/settings/privacy')).body, before);
    const diego = devApi(commons.url, DEMO_TENANT_ID, DIEGO.userId);
    assert.equal((await diego('GET', '/api/v1/settings/privacy')).status, 403);
    assert.equal((await diego('PUT', '/api/v1/settings/privacy', { erasureMode: 'delete', removedPurgeDays: 30, retentionMonths: null })).status, 403);
  });
});
