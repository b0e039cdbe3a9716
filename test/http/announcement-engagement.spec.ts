import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { actionExecute, postActivity, taskSubmit } from '../support/activities';
import { announcementTenant } from '../support/announcement-tenant';
import { eventually, userIdOf } from '../support/delivery';
import { VERBS } from '../../src/cards/verbs';
import { assertValidCard, requireSchemas } from '../support/schemas';
import { foldDepartments } from '../../src/domain/announcement-engagement';
import { deliveryApp } from '../support/delivery-app';

const cardOf = (body: any) => body?.activity?.attachments?.[0]?.content ?? body?.attachments?.[0]?.content ?? body?.value;
const reactButtons = (card: any): any[] => JSON.parse(JSON.stringify(card.body)).flatMap(function walk(e: any): any[] {
  return [...(e.type === 'ActionSet' ? e.actions.filter((a: any) => a.verb === VERBS.postReact) : []), ...(e.items ?? []).flatMap(walk)];
});

describe('announcement engagement: reactions and comments on announcement cards, and the report', function () {
  this.timeout(180_000);
  const app = deliveryApp({ DELIVERY_MAX_RPS: '50' });

  // 60 in Sales, 30 in Engineering, 7 in Legal, 3 in HR: HR (3) is too small, and
  // "Other" with only HR would still single them out, so Legal folds in too.
  const departmentOf = (n: number) => (n < 60 ? 'Sales' : n < 90 ? 'Engineering' : n < 97 ? 'Legal' : 'HR');

  async function sentAnnouncement(people: number, extra: Record<string, unknown> = {}) {
    const { tenantId: tenant, api, send } = await announcementTenant(app, people, { departmentOf });
    const audience = { people: Array.from({ length: people }, (_, n) => userIdOf(n)) };
    const id = await send({ title: 'Town hall', body: 'Thursday at ten.', ...extra }, audience);
    const as = (n: number | string) => {
      const userId = typeof n === 'number' ? userIdOf(n) : n;
      return { id: `29:${userId}`, name: typeof n === 'number' ? `Reader ${n}` : 'Stranger', aadObjectId: userId };
    };
    const invoke = async (activity: unknown) => {
      const response = await postActivity(app.commons.url, activity);
      assert.equal(response.status, 200, `invoke status ${response.status}`);
      const body = (await response.json()) as any;
      return body.value ?? body;
    };
    const react = (n: number | string, reaction: string) => invoke(actionExecute(VERBS.postReact, { postId: id, reaction }, { serviceUrl: app.connector.url, place: 'personal', tenantId: tenant, from: as(n) }));
    const comment = (n: number | string, text: string) => invoke(taskSubmit({ verb: VERBS.postComments, postId: id, text }, { serviceUrl: app.connector.url, place: 'personal', tenantId: tenant, from: as(n) }));
    const acknowledge = (n: number) => invoke(actionExecute(VERBS.announcementAcknowledge, { announcementId: id }, { serviceUrl: app.connector.url, place: 'personal', tenantId: tenant, from: as(n) }));
    const report = async () => {
      const response = await api('GET', `/api/v1/announcements/${id}/report`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    return { tenant, id, api, react, comment, acknowledge, report };
  }

  /** The report's figures recounted from every stored document of the announcement. */
  async function recount(tenant: string, id: string) {
    const { resources } = await app.commons.store.containers.engagement.items.query({ query: 'SELECT * FROM c WHERE c.pk = @pk', parameters: [{ name: '@pk', value: `${tenant}|${id}` }] }).fetchAll();
    const byType: Record<string, number> = {};
    for (const r of resources.filter((d: any) => d.type === 'reaction' && d.reaction)) byType[r.reaction] = (byType[r.reaction] ?? 0) + 1;
    const engaged = resources.filter((d: any) => d.type === 'engaged');
    const departments: Record<string, number> = {};
    for (const e of engaged) {
      const person = await app.repositories.people.get(tenant, e.userId);
      departments[person?.department ?? '(none)'] = (departments[person?.department ?? '(none)'] ?? 0) + 1;
    }
    const comments = resources.filter((d: any) => d.type === 'commentPage').reduce((n: number, page: any) => n + page.comments.length, 0);
    return { byType, engaged: engaged.length, departments, comments };
  }

  it('counts 100 people reacting at once on the announcement card exactly, answers each with their view, and refreshes the other copies', async function () {
    const org = await sentAnnouncement(100, { acknowledge: true });
    const delivered = app.connector.sentActivities().map(cardOf).find((card) => JSON.stringify(card ?? '').includes(org.id));
    assert.ok(delivered, 'the announcement card went out');
    requireSchemas(this);
    assertValidCard(delivered);
    const buttons = reactButtons(delivered);
    assert.ok(buttons.length >= 1, 'a reaction bar');
    assert.deepEqual(buttons[0].data, { postId: org.id, reaction: buttons[0].data.reaction });
    assert.ok(JSON.stringify(delivered).includes(VERBS.announcementAcknowledge), 'the acknowledgement button stays');

    const updatesBefore = app.connector.calls.filter((c) => c.method === 'PUT').length;
    // Even readers like, odd ones celebrate; ten of them change their minds to "love" afterwards.
    const answers = await Promise.all(Array.from({ length: 100 }, (_, n) => org.react(n, n % 2 ? 'celebrate' : 'like')));
    for (const [n, answer] of answers.entries()) {
      const mine = reactButtons(answer).find((b) => b.data.reaction === (n % 2 ? 'celebrate' : 'like'));
      assert.equal(mine?.style, 'positive', `reader ${n} sees their own reaction`);
    }
    assertValidCard(answers[0]);
    await Promise.all(Array.from({ length: 10 }, (_, n) => org.react(n, 'love')));

    const report = await org.report();
    assert.deepEqual(report.engagement.reactions, { total: 100, byType: { like: 45, celebrate: 45, love: 10 } });
    const stored = await recount(org.tenant, org.id);
    assert.deepEqual(stored.byType, report.engagement.reactions.byType, 'the counters agree with the stored reactions');
    assert.equal(report.engagement.engagedPeople, 100);
    assert.equal(stored.engaged, 100);

    // Every other copy shows the final counts (updateActivity through the outbound budget).
    await eventually(() => {
      const updates = app.connector.calls.slice(updatesBefore).filter((c) => c.method === 'PUT');
      const final = updates.filter((c) => JSON.stringify(cardOf(c.body)).includes('❤️ 10') && JSON.stringify(cardOf(c.body)).includes('👍 45'));
      return new Set(final.map((c) => c.conversationId)).size >= 100;
    }, 60_000, 'all 100 copies refreshed with the final counts', 500);
    const refreshed = app.connector.calls.filter((c) => c.method === 'PUT').at(-1)!;
    assertValidCard(cardOf(refreshed.body));
    assert.ok(JSON.stringify(cardOf(refreshed.body)).includes(VERBS.announcementAcknowledge), 'a refreshed copy keeps "I\'ve read this"');
  });

  it('refuses a reaction or comment from someone outside the audience and stores nothing', async () => {
    const org = await sentAnnouncement(3);
    const stranger = randomUUID();
    const answer = await org.react(stranger, 'like');
    assert.equal(reactButtons(answer).length, 0, 'no reaction bar for them');
    assert.match(JSON.stringify(answer), /was removed|no longer exists|not found/i);
    const commented = await org.comment(stranger, 'I should not be here');
    assert.match(JSON.stringify(commented), /was removed|no longer exists|not found/i);
    // Someone of another tenant clicking the same card data finds nothing either.
    const other = await postActivity(app.commons.url, actionExecute(VERBS.postReact, { postId: org.id, reaction: 'like' }, { serviceUrl: app.connector.url, place: 'personal', tenantId: randomUUID(), from: { id: '29:other', name: 'Other', aadObjectId: userIdOf(0) } }));
    assert.equal(reactButtons(((await other.json()) as any).value).length, 0);
    await org.react(0, 'like');
    const report = await org.report();
    assert.deepEqual(report.engagement.reactions, { total: 1, byType: { like: 1 } });
    assert.equal(report.engagement.comments, 0);
    assert.equal(report.engagement.engagedPeople, 1);
    const stored = await recount(org.tenant, org.id);
    assert.equal(stored.engaged, 1);
    assert.equal(stored.comments, 0);
  });

  it('keeps the counts on every copy when the announcement is edited after people reacted', async () => {
    const org = await sentAnnouncement(3);
    await Promise.all([0, 1].map((n) => org.react(n, 'celebrate')));
    await app.commons.bot.refresher.drain();
    const before = app.connector.calls.length;
    assert.equal((await org.api('PATCH', `/api/v1/announcements/${org.id}`, { title: 'Town hall (moved to 11:00)' })).status, 200);
    await eventually(async () => (await org.api('GET', `/api/v1/announcements/${org.id}`)).body.followUp?.finished, 30_000, 'the update', 500);
    const edits = app.connector.calls.slice(before).filter((c) => c.method === 'PUT' && /moved to 11:00/.test(JSON.stringify(c.body)));
    assert.equal(new Set(edits.map((c) => c.conversationId)).size, 3, 'every copy edited');
    for (const edit of edits) assert.match(JSON.stringify(cardOf(edit.body)), /🎉 2/, 'with the counts it had');
  });

  it('takes no more reactions once the announcement is recalled, and keeps the count it had', async () => {
    const org = await sentAnnouncement(3);
    await org.react(0, 'like');
    assert.equal((await org.api('POST', `/api/v1/announcements/${org.id}/recall`)).status, 200);
    const answer = await org.react(1, 'like');
    assert.equal(reactButtons(answer).length, 0, 'no reaction bar on a recalled announcement');
    assert.deepEqual((await org.report()).engagement.reactions, { total: 1, byType: { like: 1 } });
    assert.deepEqual((await recount(org.tenant, org.id)).byType, { like: 1 });
  });

  it('reports comments, unique engaged people, departments folded under five, and engagement over time, as recounted from the documents', async () => {
    const org = await sentAnnouncement(100, { acknowledge: true });
    // Reactions from Sales 0–19, Engineering 60–69, Legal 90–91 and HR 97; comments from 0–4 (already engaged) and 70–74;
    // acknowledgements from 0–9 (engaged) and 80–84.
    await Promise.all([...Array.from({ length: 20 }, (_, n) => n), ...Array.from({ length: 10 }, (_, n) => 60 + n), 90, 91, 97].map((n) => org.react(n, 'insightful')));
    for (const n of [0, 1, 2, 3, 4, 70, 71, 72, 73, 74]) await org.comment(n, `Comment by ${n}`);
    await Promise.all([...Array.from({ length: 10 }, (_, n) => n), 80, 81, 82, 83, 84].map((n) => org.acknowledge(n)));
    await org.acknowledge(80); // twice: counted once
    const record = await app.repositories.posts.get(org.tenant, org.id);
    assert.ok(record?.personalViewers.includes(`29:${userIdOf(84)}`), 'someone who acknowledged gets their own view on refreshes');

    const report = await org.report();
    const stored = await recount(org.tenant, org.id);
    assert.equal(report.engagement.comments, 10);
    assert.equal(stored.comments, 10);
    assert.equal(report.engagement.engagedPeople, 20 + 10 + 2 + 1 + 5 + 5);
    assert.equal(report.engagement.engagedPeople, stored.engaged);
    assert.deepEqual(stored.departments, { Sales: 20, Engineering: 20, Legal: 2, HR: 1 });
    assert.deepEqual(report.engagement.byDepartment, foldDepartments(stored.departments));
    // Legal (2) and HR (1) make an "Other" of 3, still too few: the next smallest (Sales) joins it.
    assert.deepEqual(report.engagement.byDepartment, [{ department: 'Engineering', people: 20 }, { department: 'Other', people: 23 }]);
    for (const group of report.engagement.byDepartment) assert.ok(group.people >= 5, `${group.department} has at least 5 people`);
    assert.ok(!report.engagement.byDepartment.some((g: { department: string }) => g.department === 'HR' || g.department === 'Legal'));
    assert.equal(report.engagement.byDepartment.reduce((n: number, g: { people: number }) => n + g.people, 0), stored.engaged, 'folding loses no one');

    // Everything happened within the first hour: one hourly bucket with every engagement.
    assert.deepEqual(report.engagement.overTime.map((b: any) => [b.unit, b.index, b.events]), [['hour', 0, 33 + 10 + 15]]);
    assert.match(report.engagement.overTime[0].start, /^\d{4}-\d\d-\d\dT/);
  });

  it('folds departments under five people into "Other", and "Other" too until no group is under five', () => {
    assert.deepEqual(foldDepartments({ Sales: 60, Engineering: 30, Legal: 7, HR: 3 }), [{ department: 'Sales', people: 60 }, { department: 'Engineering', people: 30 }, { department: 'Other', people: 10 }]);
    assert.deepEqual(foldDepartments({ Sales: 8, HR: 2, Legal: 3 }), [{ department: 'Sales', people: 8 }, { department: 'Other', people: 5 }]);
    assert.deepEqual(foldDepartments({ Sales: 6, HR: 2 }), [{ department: 'Other', people: 8 }]);
    assert.deepEqual(foldDepartments({ Sales: 5, Ops: 5 }), [{ department: 'Ops', people: 5 }, { department: 'Sales', people: 5 }]);
  });
});
