import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually, FAST_TIMINGS, installChannel } from '../support/delivery';
import { devApi } from '../support/dev-api';

const CHANNEL = '19:list-general@thread.tacv2';

/**
 * GET /api/v1/announcements (issue 14, item 5): Studio's list and week calendar read
 * the tenant's announcements by scheduled time, filtered by state and date range, a
 * page at a time; only authors and approvers, only their own tenant.
 */
describe('the announcements list', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({}, { deliveryTimings: FAST_TIMINGS });
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  /** A tenant with an author, an approver and a reader; five posts in March 2031 and one sent now. */
  async function tenantWithPosts() {
    const tenant = randomUUID();
    const people = { author: randomUUID(), approver: randomUUID(), reader: randomUUID() };
    await commons.repositories.people.upsert({ tenantId: tenant, userId: people.author, displayName: 'Ada Author', roles: ['author'] });
    await commons.repositories.people.upsert({ tenantId: tenant, userId: people.approver, displayName: 'Alan Approver', roles: ['approver'] });
    await commons.repositories.people.upsert({ tenantId: tenant, userId: people.reader, displayName: 'Rosa Reader', roles: [] });
    await installChannel(commons.repositories, connector.url, CHANNEL, tenant);
    const author = devApi(commons.url, tenant, people.author);
    const ids: Record<string, string> = {};
    for (const [title, scheduledAt] of [['Mon', '2031-03-03T09:00:00Z'], ['Wed', '2031-03-05T12:00:00Z'], ['Sun', '2031-03-09T22:30:00Z'], ['Next Mon', '2031-03-10T08:00:00Z'], ['Before', '2031-03-02T23:59:00Z']]) {
      const created = await author('POST', '/api/v1/announcements', { title, body: `${title} post`, audience: { channels: [CHANNEL] }, scheduledAt });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      ids[title] = created.body.id;
    }
    const now = await author('POST', '/api/v1/announcements', { title: 'Now', body: 'Sent now', audience: { channels: [CHANNEL] } });
    ids.Now = now.body.id;
    await eventually(async () => (await author('GET', `/api/v1/announcements/${now.body.id}`)).body.status === 'completed', 20_000, 'the post sent now to complete', 500);
    await commons.repositories.announcements.update(tenant, ids.Wed, (a) => ({ ...a, status: 'cancelled', work: undefined }));
    return { tenant, author, approver: devApi(commons.url, tenant, people.approver), reader: devApi(commons.url, tenant, people.reader), ids };
  }
  const titles = (body: { announcements: Array<{ title: string }> }) => body.announcements.map((a) => a.title);

  it('lists one week by scheduled time, the posts of that week only, with their state and author', async () => {
    const org = await tenantWithPosts();
    const week = await org.approver('GET', `/api/v1/announcements?from=${encodeURIComponent('2031-03-03T00:00:00Z')}&to=${encodeURIComponent('2031-03-10T00:00:00Z')}`);
    assert.equal(week.status, 200, JSON.stringify(week.body));
    assert.deepEqual(titles(week.body), ['Mon', 'Wed', 'Sun']);
    assert.deepEqual(week.body.announcements.map((a: { status: string }) => a.status), ['scheduled', 'cancelled', 'scheduled']);
    assert.equal(week.body.announcements[0].authorName, 'Ada Author');
    assert.equal(week.body.announcements[0].id, org.ids.Mon);
    assert.equal(week.body.continuation, null);
    // An offset is read as the instant it names: 01:00+01:00 is midnight UTC.
    const offset = await org.author('GET', `/api/v1/announcements?from=${encodeURIComponent('2031-03-03T01:00:00+01:00')}&to=${encodeURIComponent('2031-03-04T00:00:00Z')}`);
    assert.deepEqual(titles(offset.body), ['Mon']);
  });

  it('filters by state and pages through everything with its continuation', async () => {
    const org = await tenantWithPosts();
    assert.deepEqual(titles((await org.author('GET', '/api/v1/announcements?state=completed')).body), ['Now']);
    assert.deepEqual(titles((await org.author('GET', '/api/v1/announcements?state=cancelled,completed')).body).sort(), ['Now', 'Wed']);
    const seen: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const query: string = `state=scheduled&limit=2${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`;
      const page = await org.author('GET', `/api/v1/announcements?${query}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.announcements.length <= 2);
      seen.push(...titles(page.body));
      continuation = page.body.continuation;
      pages++;
    } while (continuation && pages < 10);
    assert.deepEqual(seen, ['Before', 'Mon', 'Sun', 'Next Mon']);
    assert.ok(pages >= 2, 'more than one page');
    // Recent first, paged the same way.
    const latest = await org.author('GET', '/api/v1/announcements?state=scheduled&order=desc&limit=3');
    assert.deepEqual(titles(latest.body), ['Next Mon', 'Sun', 'Mon']);
    const rest = await org.author('GET', `/api/v1/announcements?state=scheduled&order=desc&limit=3&continuation=${encodeURIComponent(latest.body.continuation)}`);
    assert.deepEqual(titles(rest.body), ['Before']);
  });

  it('refuses bad filters with a message naming the field, people without a Studio role, and shows nothing of another tenant', async () => {
    const org = await tenantWithPosts();
    const other = await tenantWithPosts();
    for (const [query, field] of [['state=done', 'state'], ['from=yesterday', 'from'], ['from=2031-03-10T00:00:00Z&to=2031-03-03T00:00:00Z', 'to'], ['from=2030-01-01T00:00:00Z&to=2032-01-01T00:00:00Z', 'to'], ['limit=500', 'limit'], ['order=newest', 'order'], ['tenantId=x', 'tenantId']]) {
      const refused = await org.author('GET', `/api/v1/announcements?${query}`);
      assert.equal(refused.status, 400, query);
      assert.match(JSON.stringify(refused.body), new RegExp(field), query);
    }
    assert.equal((await org.reader('GET', '/api/v1/announcements')).status, 403);
    const mine = (await org.author('GET', '/api/v1/announcements?limit=100')).body.announcements.map((a: { id: string }) => a.id);
    assert.equal(mine.length, 6);
    for (const id of Object.values(other.ids)) assert.ok(!mine.includes(id), 'nothing of the other tenant');
  });

  it('is described in the OpenAPI document from its zod schema', async () => {
    const document = (await (await fetch(`${commons.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, any> };
    const list = document.paths['/api/v1/announcements'].get;
    assert.deepEqual(list.parameters.map((p: { name: string }) => p.name), ['state', 'from', 'to', 'order', 'limit', 'continuation']);
    assert.equal(list.parameters.find((p: { name: string }) => p.name === 'limit').schema.maximum, 100);
    assert.ok(document.paths['/api/v1/announcements'].post, 'creating is still described');
  });
});
