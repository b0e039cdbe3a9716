import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { actionExecute, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually, FAST_TIMINGS, installPersonalChats, userIdOf } from '../support/delivery';
import { createRepositories, Repositories } from '../../src/store';
import { VERBS } from '../../src/cards/verbs';
import { devApi } from '../support/dev-api';
import { assertValidCard, requireSchemas } from '../support/schemas';

const cardIn = (call: { body: any }) => call.body?.attachments?.[0]?.content ?? call.body?.activity?.attachments?.[0]?.content;

/** A sent post's follow-ups through real HTTP: reminders to those who have not acknowledged, and "Send me a test". */
describe('announcement follow-ups: reminders and "Send me a test"', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let repositories: Repositories;
  let connector: MockConnector;
  let nextPerson = 7100;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ DELIVERY_MAX_RPS: '40' }, { deliveryTimings: FAST_TIMINGS });
    repositories = createRepositories(commons.store);
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  /** A tenant with an author (personal chat installed) and `size` named people, each with a personal chat of their own. */
  async function organisation(size: number) {
    const tenant = randomUUID();
    const first = nextPerson;
    nextPerson += size + 1;
    const author = userIdOf(first);
    await repositories.people.upsert({ tenantId: tenant, userId: author, displayName: 'Ada Author', roles: ['author'] });
    const people = Array.from({ length: size }, (_, i) => userIdOf(first + 1 + i));
    for (const [i, userId] of people.entries()) await repositories.people.upsert({ tenantId: tenant, userId, displayName: `Reader ${i}`, roles: [] });
    await installPersonalChats(repositories, connector.url, size + 1, tenant, first);
    const chatOf = (userId: string) => `a:personal-${Number(userId.slice(-12))}`;
    return { tenant, author, people, chatOf, as: (user: string) => devApi(commons.url, tenant, user) };
  }

  async function sentAnnouncement(org: Awaited<ReturnType<typeof organisation>>, extra: Record<string, unknown> = { acknowledge: true }) {
    const created = await org.as(org.author)('POST', '/api/v1/announcements', { title: 'New travel policy', body: 'Please read it.', audience: { people: org.people }, ...extra });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    await eventually(async () => (await org.as(org.author)('GET', `/api/v1/announcements/${id}`)).body.status === 'completed', 30_000, 'delivered');
    return id;
  }

  it('reminds only those who have not acknowledged, once however many click at once, and their reminder acknowledges the original', async function () {
    const org = await organisation(3);
    const id = await sentAnnouncement(org);
    const click = (announcementId: string, userId: string) =>
      postActivity(commons.url, actionExecute(VERBS.announcementAcknowledge, { announcementId }, { serviceUrl: connector.url, place: 'personal', tenantId: org.tenant, from: { id: `29:${userId}`, name: 'Reader', aadObjectId: userId } }));
    assert.equal((await click(id, org.people[0])).status, 200);

    // Eight clicks on "Send a reminder" at once: one reminder.
    const answers = await Promise.all(Array.from({ length: 8 }, () => org.as(org.author)('POST', `/api/v1/announcements/${id}/remind`)));
    const sent = answers.filter((a) => a.status === 202);
    assert.equal(sent.length, 1, JSON.stringify(answers.map((a) => a.status)));
    assert.equal(sent[0].body.people, 2);
    for (const refused of answers.filter((a) => a.status !== 202)) {
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, /less than 24 hours ago/);
    }

    // The delivery engine sends it to the two who have not acknowledged; not to the one who has.
    const reminderId = sent[0].body.reminderId;
    await eventually(async () => (await org.as(org.author)('GET', `/api/v1/announcements/${reminderId}`)).body.status === 'completed', 30_000, 'reminder delivered');
    const reminders = connector.calls.filter((c) => c.method === 'POST' && /Reminder: please read this/.test(JSON.stringify(cardIn(c) ?? {})) && JSON.stringify(cardIn(c)).includes(id));
    assert.deepEqual(reminders.map((c) => c.conversationId).sort(), [org.chatOf(org.people[1]), org.chatOf(org.people[2])].sort());
    const card = cardIn(reminders[0]);
    requireSchemas(this);
    assertValidCard(card);
    const ack = card.actions.find((a: any) => a.verb === VERBS.announcementAcknowledge);
    assert.equal(ack.data.announcementId, id, "the reminder's button acknowledges the original");
    assert.equal((await click(ack.data.announcementId, org.people[1])).status, 200);
    const trail = await org.as(org.author)('GET', `/api/v1/announcements/${id}/acknowledgements`);
    assert.equal(trail.body.count, 2);
    assert.deepEqual(trail.body.notYet.map((p: any) => p.userId), [org.people[2]]);
  });

  it('refuses a reminder for a post that asks for no acknowledgement, another author\'s, or a bad id', async () => {
    const org = await organisation(1);
    const plain = await sentAnnouncement(org, {});
    assert.equal((await org.as(org.author)('POST', `/api/v1/announcements/${plain}/remind`)).status, 400);
    assert.equal((await org.as(org.people[0])('POST', `/api/v1/announcements/${plain}/remind`)).status, 403);
    assert.equal((await org.as(org.author)('POST', '/api/v1/announcements/nope/remind')).status, 400);
    assert.equal((await org.as(org.author)('POST', `/api/v1/announcements/${randomUUID()}/remind`)).status, 404);
  });

  it("shows another tenant nothing: its author's remind and tests of this tenant's post and draft are not found, and change nothing", async () => {
    const org = await organisation(1);
    const id = await sentAnnouncement(org);
    const draft = await org.as(org.author)('POST', '/api/v1/studio/drafts', {});
    const other = await organisation(1);
    // Tenant B's author, and one of B's people whose object id equals A's author's.
    await repositories.people.upsert({ tenantId: other.tenant, userId: org.author, displayName: 'Same id in B', roles: ['author'] });
    for (const caller of [other.as(other.author), devApi(commons.url, other.tenant, org.author)]) {
      for (const path of [`/api/v1/announcements/${id}/remind`, `/api/v1/announcements/${id}/test`, `/api/v1/studio/drafts/${draft.body.id}/test`]) {
        const answer = await caller('POST', path);
        assert.equal(answer.status, 404, `${path}: ${answer.status}`);
        assert.doesNotMatch(JSON.stringify(answer.body), /New travel policy/);
      }
      for (const path of [`/api/v1/announcements/${id}/report`, `/api/v1/announcements/${id}/report.csv`]) assert.equal((await caller('GET', path)).status, 404, path);
    }
    assert.equal((await repositories.announcements.get(org.tenant, id))?.remindedAt, undefined, 'no reminder taken');
  });

  it('"Send me a test" puts the card, marked as a test, into the author\'s own personal chat only', async function () {
    const org = await organisation(1);
    const id = await sentAnnouncement(org);
    connector.reset();
    const test = await org.as(org.author)('POST', `/api/v1/announcements/${id}/test`);
    assert.equal(test.status, 200, JSON.stringify(test.body));
    assert.equal(test.body.sentTo, org.chatOf(org.author));
    const call = await connector.waitFor((c) => c.method === 'POST' && c.conversationId === org.chatOf(org.author));
    assert.match(JSON.stringify(cardIn(call)), /Test: only you received this.*New travel policy/);
    requireSchemas(this);
    assertValidCard(cardIn(call));

    // A draft in Studio, before it is sent.
    const draft = await org.as(org.author)('POST', '/api/v1/studio/drafts', {});
    assert.ok([200, 201].includes(draft.status), JSON.stringify(draft.body));
    const saved = await org.as(org.author)('PUT', `/api/v1/studio/drafts/${draft.body.id}`, { revision: draft.body.revision, content: { title: 'Town hall on Friday', body: 'Questions welcome.' }, audience: {} });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const draftTest = await org.as(org.author)('POST', `/api/v1/studio/drafts/${draft.body.id}/test`);
    assert.equal(draftTest.status, 200, JSON.stringify(draftTest.body));
    await connector.waitFor((c) => c.method === 'POST' && c.conversationId === org.chatOf(org.author) && JSON.stringify(cardIn(c) ?? {}).includes('Town hall on Friday'));
    assert.equal(connector.calls.filter((c) => c.method === 'POST' && c.conversationId === org.chatOf(org.people[0])).length, 0, 'nobody else');

    // Someone Commons cannot reach is told how to fix it; nothing is sent.
    const unreachable = randomUUID();
    await repositories.people.upsert({ tenantId: org.tenant, userId: unreachable, displayName: 'New Author', roles: ['author'] });
    const refused = await org.as(unreachable)('POST', `/api/v1/studio/drafts/${draft.body.id}/test`);
    assert.ok([403, 404].includes(refused.status), 'not their draft');
    const own = await org.as(unreachable)('POST', '/api/v1/studio/drafts', {});
    const noChat = await org.as(unreachable)('POST', `/api/v1/studio/drafts/${own.body.id}/test`);
    assert.ok([400, 409].includes(noChat.status), JSON.stringify(noChat.body));
  });

  it('reports a post from its counters, and exports each recipient\'s status with names and departments as CSV', async () => {
    const org = await organisation(12);
    // Four more named people have no personal chat with Commons.
    const unreachable = Array.from({ length: 4 }, () => randomUUID());
    for (const [i, userId] of unreachable.entries()) await repositories.people.upsert({ tenantId: org.tenant, userId, displayName: `Offline ${i}`, department: 'Field', roles: [] });
    const created = await org.as(org.author)('POST', '/api/v1/announcements', { title: 'Safety briefing', body: 'Read before Monday.', audience: { people: [...org.people, ...unreachable] }, acknowledge: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    await eventually(async () => (await org.as(org.author)('GET', `/api/v1/announcements/${id}`)).body.status === 'completed', 30_000, 'delivered');
    // Eight people acknowledge at once, each twice.
    const click = (userId: string) => postActivity(commons.url, actionExecute(VERBS.announcementAcknowledge, { announcementId: id }, { serviceUrl: connector.url, place: 'personal', tenantId: org.tenant, from: { id: `29:${userId}`, name: 'Reader', aadObjectId: userId } }));
    await Promise.all([...org.people.slice(0, 8), ...org.people.slice(0, 8)].map(click));

    const report = await org.as(org.author)('GET', `/api/v1/announcements/${id}/report`);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    const { engagement, ...delivery } = report.body;
    assert.deepEqual(delivery, { total: 16, delivered: 12, failed: 0, failedByReason: {}, notReachable: 4, pending: 0, acknowledgement: { required: true, count: 8, ofNamed: 16 } });
    assert.equal(engagement.engagedPeople, 8, 'acknowledging is engaging');

    const csv = await fetch(`${commons.url}/api/v1/announcements/${id}/report.csv`, { headers: { 'x-dev-tenant': org.tenant, 'x-dev-user': org.author } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines[0], 'name,department,userId,channel,state,reason,sentAt,acknowledgedAt');
    assert.equal(lines.length, 17);
    const row = (name: string) => lines.find((l) => l.startsWith(`"${name}"`))!.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    const read = row('Reader 0');
    assert.deepEqual([read[2], read[4]], [org.people[0], 'sent']);
    assert.match(read[7], /^\d{4}-\d\d-\d\dT/, 'acknowledged, with the time');
    assert.equal(row('Reader 11')[7], '', 'not acknowledged');
    assert.deepEqual(row('Offline 2').slice(1, 5), ['Field', unreachable[2], '', 'not_reachable']);
    assert.equal((await org.as(org.people[0])('GET', `/api/v1/announcements/${id}/report`)).status, 403, 'the author\'s and admins\' only');
  });

  it('describes the follow-up and report routes in the OpenAPI document', async () => {
    const document = (await (await fetch(`${commons.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, any> };
    for (const path of ['/api/v1/announcements/{id}/remind', '/api/v1/announcements/{id}/test', '/api/v1/studio/drafts/{id}/test']) assert.ok(document.paths[path]?.post, path);
    for (const path of ['/api/v1/announcements/{id}/report', '/api/v1/announcements/{id}/report.csv']) assert.ok(document.paths[path]?.get, path);
  });
});
