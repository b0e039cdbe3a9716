import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { actionExecute, postActivity } from '../support/activities';
import { installChannel, installPersonalChats, userIdOf } from '../support/delivery';
import { VERBS } from '../../src/cards/verbs';
import { devApi } from '../support/dev-api';
import { assertValidCard, requireSchemas } from '../support/schemas';
import { deliveryApp } from '../support/delivery-app';

const CHANNEL = '19:ack-general@thread.tacv2';

/** Every Action.Execute of a card, wherever it sits. */
function executes(card: any): any[] {
  return JSON.stringify(card).includes('Action.Execute') ? [...(card.actions ?? [])].filter((a: any) => a.type === 'Action.Execute') : [];
}

describe('acknowledgements: "I\'ve read this" through /api/messages', function () {
  this.timeout(120_000);
  const app = deliveryApp({ DELIVERY_MAX_RPS: '40' });

  async function organisation() {
    const tenant = randomUUID();
    const author = randomUUID();
    await app.repositories.people.upsert({ tenantId: tenant, userId: author, displayName: 'Ada Author', roles: ['author'] });
    for (const n of [0, 1]) await app.repositories.people.upsert({ tenantId: tenant, userId: userIdOf(n), displayName: `Named ${n}`, roles: [] });
    await installChannel(app.repositories, app.connector.url, CHANNEL, tenant);
    await installPersonalChats(app.repositories, app.connector.url, 2, tenant);
    const api = (user: string) => devApi(app.commons.url, tenant, user);
    const click = async (data: unknown, from: { id: string; name: string; aadObjectId: string }) => {
      const response = await postActivity(app.commons.url, actionExecute(VERBS.announcementAcknowledge, data, { serviceUrl: app.connector.url, place: 'channel', tenantId: tenant, from }));
      assert.equal(response.status, 200, `invoke status ${response.status}`);
      return ((await response.json()) as any).value;
    };
    return { tenant, author: api(author), stranger: api(randomUUID()), click };
  }

  const clicker = (n: number) => ({ id: `29:ack-${n}`, name: `Clicker ${n}`, aadObjectId: n < 2 ? userIdOf(n) : randomUUID() });

  it('records each person once under 300 people clicking at once (50 of them twice), and turns their card to "Acknowledged"', async function () {
    const org = await organisation();
    const created = await org.author('POST', '/api/v1/announcements', { title: 'New travel policy', body: 'Read it **today**.', audience: { channels: [CHANNEL], people: [userIdOf(0), userIdOf(1)] }, acknowledge: true, importance: 'important' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const announcementId = created.body.id;
    // The card as delivered carries the verb and the announcement: click exactly that.
    const delivered = await app.connector.waitFor((call) => call.path.includes(encodeURIComponent(CHANNEL)) || (JSON.stringify(call.body ?? '').includes(announcementId) && JSON.stringify(call.body ?? '').includes('New travel policy')), 20_000);
    const card = (delivered.body as any).activity?.attachments?.[0]?.content ?? (delivered.body as any).attachments?.[0]?.content;
    const [ack] = executes(card);
    assert.equal(ack.verb, VERBS.announcementAcknowledge);
    assert.equal(ack.data.announcementId, announcementId);

    const people = Array.from({ length: 300 }, (_, i) => clicker(i === 1 ? 2 : i)); // userIdOf(1) never clicks
    const clicks = [...people, ...people.slice(0, 50)];
    const answers = await Promise.all(clicks.map((from) => org.click(ack.data, from)));
    for (const answer of answers) {
      assert.ok(JSON.stringify(answer).includes('Acknowledged ✓'), JSON.stringify(answer).slice(0, 300));
      assert.deepEqual(executes(answer), [], 'no "I\'ve read this" left on their card');
    }
    requireSchemas(this);
    assertValidCard(answers[0]);

    const report = await org.author('GET', `/api/v1/announcements/${announcementId}/acknowledgements`);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.equal(report.body.required, true);
    assert.equal(report.body.count, 300);
    assert.equal(new Set(report.body.acknowledged.map((a: { userId: string }) => a.userId)).size, 300);
    assert.equal(report.body.acknowledged.find((a: { userId: string }) => a.userId === userIdOf(0)).displayName, 'Named 0');
    assert.deepEqual(report.body.notYet, [{ userId: userIdOf(1), displayName: 'Named 1' }]);

    // A third click changes nothing; the report is the author's (and admins') alone.
    await org.click(ack.data, people[7]);
    assert.equal((await org.author('GET', `/api/v1/announcements/${announcementId}/acknowledgements`)).body.count, 300);
    assert.equal((await org.stranger('GET', `/api/v1/announcements/${announcementId}/acknowledgements`)).status, 403);
    assert.equal((await org.author('GET', `/api/v1/announcements/${randomUUID()}/acknowledgements`)).status, 404);
    assert.equal((await org.author('GET', '/api/v1/announcements/nope/acknowledgements')).status, 400);
  });

  it('refuses an acknowledgement the announcement did not ask for, a bad id, or another tenant\'s, and stores nothing', async () => {
    const org = await organisation();
    const other = await organisation();
    const plain = await org.author('POST', '/api/v1/announcements', { title: 'Cafeteria menu', body: 'Soup.', audience: { channels: [CHANNEL] } });
    const asked = await other.author('POST', '/api/v1/announcements', { title: 'Other tenant', body: 'Theirs.', audience: { channels: [CHANNEL] }, acknowledge: true });
    const cases: Array<[unknown, RegExp]> = [
      [{ announcementId: plain.body.id }, /does not ask for acknowledgement/],
      [{ announcementId: 'preview' }, /not an announcement id|announcementId/],
      [{ announcementId: asked.body.id }, /no longer available/],
    ];
    for (const [data, message] of cases) {
      const answer = await org.click(data, clicker(5));
      assert.match(JSON.stringify(answer), message);
      assert.doesNotMatch(JSON.stringify(answer), /Acknowledged ✓/);
    }
    assert.equal((await org.author('GET', `/api/v1/announcements/${plain.body.id}/acknowledgements`)).body.count, 0);
    assert.equal((await other.author('GET', `/api/v1/announcements/${asked.body.id}/acknowledgements`)).body.count, 0);
  });

  it('describes the report route in the OpenAPI document', async () => {
    const document = (await (await fetch(`${app.commons.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, any> };
    assert.ok(document.paths['/api/v1/announcements/{id}/acknowledgements'].get);
  });
});
