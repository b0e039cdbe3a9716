import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { addComment, recordReaction } from '../../src/domain/engagement';
import { composePost, Post } from '../../src/domain/posts';
import { TENANT_VISIBILITY } from '../../src/domain/visibility';
import type { Role } from '../../src/domain/identity';
import { engagementPorts } from '../../src/store/engagement-ports';
import { ActivityCounters } from '../../src/store/activity-counters';
import { analyticsFigures } from '../../src/domain/analytics';
import { actionExecute, botInstalled, mentioning, person, postActivity, taskSubmit } from '../support/activities';
import { eventually, FAST_TIMINGS, installPersonalChats, userIdOf } from '../support/delivery';
import { VERBS } from '../../src/cards/verbs';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { devApi } from '../support/dev-api';

/**
 * Analytics (issue 18 item 3): the figures of GET /api/v1/analytics are checked
 * against a brute-force recount of the stored per-person documents (posts, reaction
 * documents, comment pages, acknowledgements), after a mix of events across people,
 * departments, days and a community; the counters must be exact under concurrency.
 */
const TENANT = '7a7a7a7a-0000-4000-8000-00000000aaaa';
const uid = (n: number) => `7a7a7a7a-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ADMIN = uid(1);
const AUTHOR = uid(2);
const NOBODY = uid(3);
const DAY_MS = 86_400_000;
const dayOf = (at: Date | string) => new Date(at).toISOString().slice(0, 10);

// Departments: Sales 6 and Engineering 5 people stay; Legal 2, Design 1 and no department 1 fold into "other".
const DEPARTMENTS: Array<[string | undefined, number]> = [['Sales', 6], ['Engineering', 5], ['Legal', 2], ['Design', 1], [undefined, 1]];
const PEOPLE = DEPARTMENTS.flatMap(([department, size], d) => Array.from({ length: size }, (_, i) => ({ userId: uid(100 + d * 10 + i), department })));

describe('analytics: figures from the daily counters', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const today = new Date();
  const at = (daysAgo: number, minute = 0) => new Date(Date.parse(`${dayOf(new Date(today.getTime() - daysAgo * DAY_MS))}T09:00:00Z`) + minute * 60_000);
  const as = (userId: string, tenantId = TENANT) => devApi(commons.url, tenantId, userId);
  const identity = (userId: string, roles: Role[] = []) => ({ tenantId: TENANT, userId, roles, displayName: `Person ${userId.slice(-3)}` });
  let communityId: string;
  let memberOnlyCommunityId: string;

  async function newPost(authorId: string, when: Date, extra: Partial<Post> = {}): Promise<Post> {
    const post = { ...composePost({ body: `Post by ${authorId.slice(-3)} on ${dayOf(when)}`, audience: { everyone: true }, visibility: TENANT_VISIBILITY }, identity(authorId), randomUUID(), when), ...extra };
    await commons.repositories.posts.create(post);
    return post;
  }

  /** The recount: every stored per-person document of the tenant, by day. */
  async function recount(tenantId: string, days: string[], communityFilter?: string) {
    const { containers } = commons.store;
    const query = async (container: keyof typeof containers, sql: string) => (await containers[container].items.query({ query: sql, parameters: [{ name: '@t', value: tenantId }] }).fetchAll()).resources;
    const posts = (await query('posts', "SELECT * FROM c WHERE c.type = 'post' AND c.tenantId = @t")).filter((p) => !p.announcementId);
    const inScope = (postId: string) => !communityFilter || allPosts.get(postId)?.community?.communityId === communityFilter;
    const allPosts = new Map<string, any>((await query('posts', "SELECT * FROM c WHERE c.type = 'post' AND c.tenantId = @t")).map((p) => [p.postId, p]));
    // A reaction document exists because its person reacted; taken back, it holds null.
    const reactionDocuments = (await query('engagement', "SELECT * FROM c WHERE c.type = 'reaction' AND c.tenantId = @t")).filter((r) => inScope(r.postId));
    const reactions = reactionDocuments.filter((r) => r.reaction);
    const comments = (await query('engagement', "SELECT * FROM c WHERE c.type = 'commentPage' AND c.tenantId = @t")).flatMap((page) => page.comments).filter((c) => inScope(c.postId));
    const acks = communityFilter ? [] : await query('studio', "SELECT * FROM c WHERE c.type = 'ack' AND c.tenantId = @t");
    const scoped = posts.filter((p) => inScope(p.postId));
    const within = (when: string) => days.includes(dayOf(when));
    const activity = [...scoped.map((p) => [p.authorId, p.createdAt]), ...reactionDocuments.map((r) => [r.userId, r.updatedAt]), ...comments.map((c) => [c.authorId, c.createdAt]), ...acks.map((a) => [a.userId, a.at])];
    const active = new Set(activity.filter(([, when]) => within(when)).map(([userId]) => userId));
    const earlier = new Set(activity.filter(([, when]) => dayOf(when) < days[0]).map(([userId]) => userId));
    return {
      posts: scoped.filter((p) => p.kind !== 'kudos' && within(p.createdAt)).length,
      reactions: reactions.filter((r) => within(r.updatedAt)).length,
      comments: comments.filter((c) => within(c.createdAt)).length,
      acknowledgements: acks.filter((a) => within(a.at)).length,
      active,
      returning: [...active].filter((userId) => earlier.has(userId)).length,
      perDay: days.map((day) => new Set(activity.filter(([, when]) => dayOf(when) === day).map(([userId]) => userId)).size),
    };
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'false', COMMONS_ADMINS: ADMIN });
    const people = commons.repositories.people;
    await people.upsert({ tenantId: TENANT, userId: AUTHOR, displayName: 'Ava Author', roles: ['author'] });
    await people.upsert({ tenantId: TENANT, userId: NOBODY, displayName: 'Nico Nobody', roles: [] });
    for (const { userId, department } of PEOPLE) await people.upsert({ tenantId: TENANT, userId, displayName: `Person ${userId.slice(-3)}`, roles: [], ...(department && { department }) });

    const created = await as(AUTHOR)('POST', '/api/v1/communities', { name: 'Analytics guild', description: 'Numbers', privacy: 'open' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    communityId = created.body.id;
    const other = await as(NOBODY)('POST', '/api/v1/communities', { name: 'Nico club', description: 'Not Ava’s', privacy: 'open' });
    memberOnlyCommunityId = other.body.id;
    assert.equal((await as(AUTHOR)('POST', `/api/v1/communities/${memberOnlyCommunityId}/join`)).status, 200);

    // Before the period: Sales people 0-2 contribute, so they are "returning" later.
    const early = await newPost(PEOPLE[0].userId, at(20));
    const ports = engagementPorts(commons.repositories);
    for (const p of PEOPLE.slice(1, 3)) await recordReaction(ports, identity(p.userId), early.postId, 'like', undefined, at(20, 5));

    // The period (the last 4 days): posts, reactions, a reaction taken back, comments, acknowledgements, a community.
    for (let daysAgo = 3; daysAgo >= 0; daysAgo--) {
      const authorOfDay = PEOPLE[daysAgo * 3];
      const post = await newPost(authorOfDay.userId, at(daysAgo));
      const reactors = PEOPLE.filter((_, i) => (i + daysAgo) % 2 === 0);
      await Promise.all(reactors.map((p, i) => recordReaction(ports, identity(p.userId), post.postId, 'like', undefined, at(daysAgo, 10 + i))));
      for (const p of PEOPLE.filter((_, i) => i % 4 === daysAgo)) await addComment(ports, identity(p.userId), post.postId, `Comment ${daysAgo}`, 'dialog', at(daysAgo, 30));
    }
    const undone = await newPost(PEOPLE[5].userId, at(1));
    await recordReaction(ports, identity(PEOPLE[6].userId), undone.postId, 'like', undefined, at(1, 1));
    await recordReaction(ports, identity(PEOPLE[6].userId), undone.postId, 'like', undefined, at(1, 2)); // taken back the same day

    const filed = await newPost(PEOPLE[7].userId, at(2), { community: { communityId, name: 'Analytics guild' } });
    await recordReaction(ports, identity(PEOPLE[8].userId), filed.postId, 'celebrate', undefined, at(2, 3));
    await addComment(ports, identity(PEOPLE[9].userId), filed.postId, 'In the guild', 'dialog', at(1, 3));
    await newPost(PEOPLE[10].userId, at(0), { kind: 'kudos' });

    // An announcement: delivered to 10, acknowledged by 4, reacted by 3 (one twice), commented by 2.
    const announcementId = randomUUID();
    const record = { ...composePost({ body: 'All hands', audience: { everyone: true }, visibility: TENANT_VISIBILITY }, identity(AUTHOR), announcementId, at(2)), announcementId };
    await commons.repositories.posts.createUnlisted(record);
    for (let i = 0; i < 10; i++) await commons.repositories.activity.record({ kind: 'delivered', tenantId: TENANT, announcementId, at: at(2).toISOString() });
    await commons.repositories.activity.flushDeliveries(); // as the engine's batches would, within DELIVERY_FLUSH_MS
    for (const p of PEOPLE.slice(0, 4)) await commons.repositories.acknowledgements.record(TENANT, announcementId, p.userId, at(1).toISOString());
    await commons.repositories.acknowledgements.record(TENANT, announcementId, PEOPLE[0].userId, at(0).toISOString()); // a second time: not counted
    for (const p of PEOPLE.slice(2, 5)) await recordReaction(ports, identity(p.userId), announcementId, 'like', undefined, at(1, 40));
    await recordReaction(ports, identity(PEOPLE[2].userId), announcementId, 'like', undefined, at(1, 41));
    await recordReaction(ports, identity(PEOPLE[2].userId), announcementId, 'celebrate', undefined, at(1, 42));
    for (const p of PEOPLE.slice(10, 12)) await addComment(ports, identity(p.userId), announcementId, 'Noted', 'dialog', at(0, 50));
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  const period = () => ({ from: dayOf(at(3)), to: dayOf(at(0)) });
  const daysOfPeriod = () => [3, 2, 1, 0].map((n) => dayOf(at(n)));

  it('counts posts, reactions, comments, kudos, acknowledgements and active people exactly as a recount of the stored documents', async () => {
    const { from, to } = period();
    const response = await as(ADMIN)('GET', `/api/v1/analytics?from=${from}&to=${to}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const figures = response.body;
    const expected = await recount(TENANT, daysOfPeriod());
    // The announcement's record is a post of its own kind: its reactions and comments count too.
    assert.equal(figures.totals.posts, expected.posts);
    assert.equal(figures.totals.reactions, expected.reactions);
    assert.equal(figures.totals.comments, expected.comments);
    assert.equal(figures.totals.acknowledgements, expected.acknowledgements);
    assert.equal(figures.totals.acknowledgements, 4);
    assert.equal(figures.totals.kudos, 1);
    assert.equal(figures.totals.activePeople, expected.active.size);
    assert.deepEqual(figures.daily.map((d: any) => d.activePeople), expected.perDay);
    assert.deepEqual(figures.daily.map((d: any) => d.day), daysOfPeriod());
    assert.equal(figures.contributors.returning, expected.returning);
    assert.equal(figures.contributors.new, expected.active.size - expected.returning);
    assert.ok(expected.returning > 0 && expected.active.size > expected.returning, 'the mix has new and returning people');
  });

  it('gives the same figures from the stored summaries of closed days to an instance that has not read them yet', async () => {
    const { from, to } = period();
    const { body } = await as(ADMIN)('GET', `/api/v1/analytics?from=${from}&to=${to}`);
    const summaries = (await commons.store.containers.analytics.items.query({ query: "SELECT VALUE c.day FROM c WHERE c.type = 'activitySummary' AND c.tenantId = @t AND c.scope = 'tenant'", parameters: [{ name: '@t', value: TENANT }] }).fetchAll()).resources;
    assert.ok(summaries.includes(dayOf(at(3))) && summaries.includes(dayOf(at(2))), `closed days are summarised: ${summaries.join(', ')}`);
    const fresh = new ActivityCounters(commons.store.containers.analytics, { departmentOf: async () => undefined });
    const { topPosts: _top, ...figures } = analyticsFigures(from, to, await fresh.days(TENANT, { kind: 'tenant' }, daysOfPeriod()));
    const { topPosts: _shown, scope: _scope, ...served } = body;
    assert.deepEqual(figures, served);
  });

  it('gives the recount\'s figures over three weeks, closed weeks read from their week summaries', async () => {
    const days = Array.from({ length: 21 }, (_, i) => dayOf(at(20 - i)));
    const { status, body: figures } = await as(ADMIN)('GET', `/api/v1/analytics?from=${days[0]}&to=${days[20]}`);
    assert.equal(status, 200, JSON.stringify(figures));
    const weeks = (await commons.store.containers.analytics.items.query({ query: "SELECT VALUE c.week FROM c WHERE c.type = 'activityWeek' AND c.tenantId = @t AND c.scope = 'tenant'", parameters: [{ name: '@t', value: TENANT }] }).fetchAll()).resources;
    assert.ok(weeks.length >= 2, `closed weeks are summarised: ${weeks.join(', ')}`);
    const expected = await recount(TENANT, days);
    assert.deepEqual(
      { posts: figures.totals.posts, reactions: figures.totals.reactions, comments: figures.totals.comments, acknowledgements: figures.totals.acknowledgements, active: figures.totals.activePeople, perDay: figures.daily.map((d: any) => d.activePeople) },
      { posts: expected.posts, reactions: expected.reactions, comments: expected.comments, acknowledgements: expected.acknowledgements, active: expected.active.size, perDay: expected.perDay },
    );
    const fresh = new ActivityCounters(commons.store.containers.analytics, { departmentOf: async () => undefined });
    const { topPosts: _top, ...again } = analyticsFigures(days[0], days[20], await fresh.days(TENANT, { kind: 'tenant' }, days));
    const { topPosts: _shown, scope: _scope, ...served } = figures;
    assert.deepEqual(again, served, 'a new instance reads the same from the stored summaries');
  });

  it('gives the announcement funnel delivered → acknowledged → reacted → commented, each person once', async () => {
    const { from, to } = period();
    const { body } = await as(AUTHOR)('GET', `/api/v1/analytics?from=${from}&to=${to}`);
    // Engaged: people 0-3 acknowledged, 2-4 reacted, 10-11 commented → 0,1,2,3,4,10,11.
    assert.deepEqual(body.announcements, { delivered: 10, acknowledged: 4, reacted: 3, commented: 2, engaged: 7, engagementRate: 0.7 });
  });

  it('folds departments under 5 active people into "Other", and the next smallest while "Other" is under 5, so no one is singled out', async () => {
    const { from, to } = period();
    const { body } = await as(ADMIN)('GET', `/api/v1/analytics?from=${from}&to=${to}`);
    const expected = await recount(TENANT, daysOfPeriod());
    const departmentOf = new Map(PEOPLE.map((p) => [p.userId, p.department]));
    const sizes = new Map<string, number>();
    for (const userId of expected.active) sizes.set(departmentOf.get(userId) ?? 'Other', (sizes.get(departmentOf.get(userId) ?? 'Other') ?? 0) + 1);
    const kept = [...sizes].filter(([department, n]) => n >= 5 && department !== 'Other').map(([department, people]) => ({ department, people })).sort((a, b) => b.people - a.people || a.department.localeCompare(b.department));
    let other = [...sizes].filter(([department, n]) => n < 5 || department === 'Other').reduce((sum, [, n]) => sum + n, 0);
    while (other > 0 && other < 5 && kept.length) other += kept.pop()!.people;
    assert.deepEqual(body.departments, [...kept, ...(other ? [{ department: 'Other', people: other }] : [])]);
    // Here: Legal 2, Design 1 and one without a department make 4, so Engineering (5) joins them.
    assert.deepEqual(body.departments, [{ department: 'Sales', people: 6 }, { department: 'Other', people: 9 }]);
    assert.ok(!body.departments.some((row: any) => ['Legal', 'Design'].includes(row.department)), 'small departments are not shown by name');
    assert.equal(body.departments.reduce((sum: number, row: any) => sum + row.people, 0), body.totals.activePeople);
  });

  it('lists top posts by reactions and comments, with their titles', async () => {
    const { from, to } = period();
    const { body } = await as(ADMIN)('GET', `/api/v1/analytics?from=${from}&to=${to}`);
    assert.ok(body.topPosts.length > 0);
    const scores = body.topPosts.map((p: any) => p.reactions + p.comments);
    assert.deepEqual(scores, [...scores].sort((a: number, b: number) => b - a));
    assert.match(body.topPosts[0].title, /^Post by|All hands/);
  });

  it('gives a community owner the figures of their community only', async () => {
    const { from, to } = period();
    const response = await as(AUTHOR)('GET', `/api/v1/analytics?from=${from}&to=${to}&community=${communityId}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const expected = await recount(TENANT, daysOfPeriod(), communityId);
    assert.equal(response.body.scope.kind, 'community');
    assert.equal(response.body.totals.posts, expected.posts);
    assert.equal(response.body.totals.posts, 1);
    assert.equal(response.body.totals.reactions, expected.reactions);
    assert.equal(response.body.totals.comments, expected.comments);
    assert.equal(response.body.totals.activePeople, expected.active.size);
  });

  it('says which scopes each caller may view', async () => {
    const author = await as(AUTHOR)('GET', '/api/v1/analytics/scopes');
    assert.equal(author.status, 200);
    assert.equal(author.body.tenant, true);
    assert.deepEqual(author.body.communities.map((c: any) => c.communityId), [communityId]);
    const nobody = await as(NOBODY)('GET', '/api/v1/analytics/scopes');
    assert.deepEqual(nobody.body, { tenant: false, communities: [{ communityId: memberOnlyCommunityId, name: 'Nico club' }] });
    const stranger = await as(PEOPLE[0].userId)('GET', '/api/v1/analytics/scopes');
    assert.deepEqual(stranger.body, { tenant: false, communities: [] });
  });

  it('refuses tenant analytics to people without the author role, and a community to who does not own it (403)', async () => {
    assert.equal((await as(NOBODY)('GET', '/api/v1/analytics')).status, 403);
    const member = await as(AUTHOR)('GET', `/api/v1/analytics?community=${memberOnlyCommunityId}`);
    assert.equal(member.status, 403);
    assert.equal(member.body.error.code, 'forbidden');
    assert.equal((await as(NOBODY)('GET', `/api/v1/analytics?community=${communityId}`)).status, 403);
    assert.equal((await as(AUTHOR)('GET', `/api/v1/analytics?community=${randomUUID()}`)).status, 403);
    // Another tenant's caller with the same ids sees nothing of this one.
    assert.equal((await as(AUTHOR, randomUUID())('GET', `/api/v1/analytics?community=${communityId}`)).status, 403);
  });

  it('refuses an inverted period, one longer than a year, and a malformed day (400)', async () => {
    const inverted = await as(ADMIN)('GET', '/api/v1/analytics?from=2026-03-02&to=2026-03-01');
    assert.equal(inverted.status, 400);
    assert.match(inverted.body.error.message, /period/i);
    assert.equal((await as(ADMIN)('GET', '/api/v1/analytics?from=2025-01-01&to=2026-01-02')).status, 400);
    assert.equal((await as(ADMIN)('GET', '/api/v1/analytics?from=2025-01-01&to=2026-01-01')).status, 200); // 366 days
    assert.equal((await as(ADMIN)('GET', '/api/v1/analytics?from=2026-02-30&to=2026-03-01')).status, 400);
    assert.equal((await as(ADMIN)('GET', '/api/v1/analytics?from=yesterday')).status, 400);
    assert.equal((await as(ADMIN)('GET', '/api/v1/analytics?community=42')).status, 400);
  });

  it('exports the period as CSV, one row a day, the same figures as the JSON', async () => {
    const { from, to } = period();
    const json = (await as(ADMIN)('GET', `/api/v1/analytics?from=${from}&to=${to}`)).body;
    const response = await fetch(`${commons.url}/api/v1/analytics?from=${from}&to=${to}&format=csv`, { headers: { 'x-dev-tenant': TENANT, 'x-dev-user': ADMIN } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    assert.equal(lines[0], 'day,activePeople,posts,reactions,comments,kudos,acknowledgements,delivered');
    assert.deepEqual(
      lines.slice(1),
      json.daily.map((d: any) => [d.day, d.activePeople, d.posts, d.reactions, d.comments, d.kudos, d.acknowledgements, d.delivered].map((v) => `"${v}"`).join(',')),
    );
  });

  it('counts 150 concurrent reactions by different people through the bot exactly, as the stored reaction documents do', async () => {
    const options = { serviceUrl: connector.url, place: 'channel' as const };
    await postActivity(commons.url, botInstalled(options));
    await postActivity(commons.url, mentioning('post Count us all', options));
    const postId: string = (await commons.repositories.posts.feed(DEMO_TENANT_ID, 1, (_entry, load) => load()))[0].postId; // the newest post
    const people = Array.from({ length: 150 }, (_, i) => person(5000 + i));
    const responses = await Promise.all(people.map((from) => postActivity(commons.url, actionExecute('post.react', { postId, reaction: 'like' }, { ...options, from }))));
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [200]);
    const { body } = await devApi(commons.url, DEMO_TENANT_ID, ADMIN)('GET', `/api/v1/analytics?from=${dayOf(today)}&to=${dayOf(today)}`);
    const stored = (await commons.store.containers.engagement.items.query({ query: "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'reaction' AND c.postId = @p AND IS_DEFINED(c.reaction) AND NOT IS_NULL(c.reaction)", parameters: [{ name: '@p', value: postId }] }).fetchAll()).resources[0];
    assert.equal(stored, 150);
    assert.equal(body.totals.reactions, 150);
    assert.equal(body.totals.posts, 1);
    assert.equal(body.totals.activePeople, 151); // the 150, and Alex who posted
    assert.equal(body.topPosts[0].postId, postId);
    assert.equal(body.topPosts[0].reactions, 150);
  });
});

describe('analytics: an announcement through the delivery engine and the bot', function () {
  this.timeout(180_000);
  let commons: TestCommons;
  let connector: MockConnector;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ DELIVERY_MAX_RPS: '50' }, { deliveryTimings: FAST_TIMINGS });
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('counts each copy delivered, and the funnel of acknowledgements, reactions and comments, as the stored records do', async () => {
    const tenant = randomUUID();
    const author = randomUUID();
    const readers = 8;
    await commons.repositories.people.upsert({ tenantId: tenant, userId: author, displayName: 'Ada Author', roles: ['author'] });
    for (let n = 0; n < readers; n++) await commons.repositories.people.upsert({ tenantId: tenant, userId: userIdOf(n), displayName: `Reader ${n}`, roles: [] });
    await installPersonalChats(commons.repositories, connector.url, readers, tenant);
    const api = devApi(commons.url, tenant, author);
    const created = await api('POST', '/api/v1/announcements', { title: 'Town hall', body: 'Thursday at ten.', audience: { people: Array.from({ length: readers }, (_, n) => userIdOf(n)) }, acknowledge: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    await eventually(async () => (await api('GET', `/api/v1/announcements/${id}`)).body.status === 'completed', 60_000, 'delivered', 500);
    const from = (n: number) => ({ id: `29:${userIdOf(n)}`, name: `Reader ${n}`, aadObjectId: userIdOf(n) });
    const invoke = async (activity: unknown) => assert.equal((await postActivity(commons.url, activity)).status, 200);
    const options = (n: number) => ({ serviceUrl: connector.url, place: 'personal' as const, tenantId: tenant, from: from(n) });
    for (const n of [0, 1, 2]) await invoke(actionExecute(VERBS.announcementAcknowledge, { announcementId: id }, options(n)));
    await invoke(actionExecute(VERBS.announcementAcknowledge, { announcementId: id }, options(0))); // again: counted once
    for (const n of [1, 3]) await invoke(actionExecute(VERBS.postReact, { postId: id, reaction: 'like' }, options(n)));
    await invoke(taskSubmit({ verb: VERBS.postComments, postId: id, text: 'See you there' }, options(4)));

    const today = new Date().toISOString().slice(0, 10);
    // Deliveries are counted in batches (DELIVERY_FLUSH_MS).
    const { body } = await eventually(async () => {
      const response = await api('GET', `/api/v1/analytics?from=${today}&to=${today}`);
      return response.body.totals.delivered === readers && response;
    }, 10_000, 'the deliveries counted');
    const query = async (container: 'deliveries' | 'studio', sql: string) => (await commons.store.containers[container].items.query({ query: sql, parameters: [{ name: '@t', value: tenant }] }).fetchAll()).resources;
    const sent = await query('deliveries', "SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t AND c.type = 'delivery' AND c.state = 'sent'");
    const acks = await query('studio', "SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t AND c.type = 'ack'");
    assert.deepEqual([sent[0], acks[0]], [readers, 3]);
    assert.deepEqual(body.announcements, { delivered: readers, acknowledged: 3, reacted: 2, commented: 1, engaged: 5, engagementRate: 0.625 });
    assert.equal(body.totals.delivered, readers);
    assert.equal(body.totals.acknowledgements, 3);
    assert.equal(body.totals.activePeople, 5);
  });
});
