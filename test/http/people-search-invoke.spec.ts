import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { PEOPLE_DATASET } from '../../src/bot/people-search';
import { PEOPLE_PAGE_MAX } from '../../src/domain/people-search';
import { invoke, message, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { syntheticOrganisation } from '../support/directory-people';

/**
 * Issue 13.4: people pickers in cards (`Data.Query`, the `application/search` invoke)
 * are answered from the search index of the caller's own tenant; and a person seen in
 * an activity is in the directory (name and id) before any sync.
 */
describe('people pickers in cards (Data.Query, application/search)', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const tenantId = randomUUID();
  const otherTenant = randomUUID();
  const people = syntheticOrganisation(300);
  const caller = { id: '29:caller', name: 'Caller Person', aadObjectId: people[0].id };

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons();
    await commons.repositories.people.save(tenantId, people.map((p) => ({ userId: p.id, source: 'graph' as const, profile: { displayName: p.displayName, jobTitle: p.jobTitle, department: p.department, accountEnabled: true } })), new Date().toISOString());
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  const search = async (value: unknown, tenant = tenantId) => {
    const response = await postActivity(commons.url, invoke('application/search', value, { serviceUrl: connector.url, tenantId: tenant, from: caller }));
    return { status: response.status, body: await response.json() };
  };

  it('answers a typed prefix with matching people of the tenant: name as title, Entra id as value', async () => {
    const { status, body } = await search({ queryText: 'ada', dataset: PEOPLE_DATASET, queryOptions: { top: 10, skip: 0 }, kind: 'search' });
    assert.equal(status, 200);
    assert.equal(body.type, 'application/vnd.microsoft.search.searchResponse');
    const expected = people.filter((p) => /(^|\s)ada/i.test(p.displayName)).map((p) => p.id);
    assert.ok(expected.length > 0);
    assert.ok(body.value.results.length > 0 && body.value.results.length <= 10);
    for (const result of body.value.results) {
      assert.ok(expected.includes(result.value), `${result.title} matches`);
      assert.equal(result.title, people.find((p) => p.id === result.value)!.displayName);
    }
  });

  it('pages with skip and top, never more than a page', async () => {
    const first = await search({ queryText: 'en', dataset: PEOPLE_DATASET, queryOptions: { top: 5, skip: 0 } });
    const second = await search({ queryText: 'en', dataset: PEOPLE_DATASET, queryOptions: { top: 5, skip: 5 } });
    const ids = [...first.body.value.results, ...second.body.value.results].map((r: { value: string }) => r.value);
    assert.equal(ids.length, 10);
    assert.equal(new Set(ids).size, 10, 'no one twice');
    const all = await search({ queryText: 'en', dataset: PEOPLE_DATASET });
    assert.ok(all.body.value.results.length <= PEOPLE_PAGE_MAX);
  });

  it('answers fewer than two letters with no one, and another tenant with none of these people', async () => {
    assert.deepEqual((await search({ queryText: 'a', dataset: PEOPLE_DATASET })).body.value.results, []);
    const foreign = await search({ queryText: 'ada', dataset: PEOPLE_DATASET }, otherTenant);
    assert.equal(foreign.status, 200);
    assert.deepEqual(foreign.body.value.results, []);
  });

  it('refuses a malformed query with a 400 error body', async () => {
    for (const value of [{ queryText: 'x'.repeat(101), dataset: PEOPLE_DATASET }, { queryText: 42, dataset: PEOPLE_DATASET }, { queryText: 'ada', dataset: PEOPLE_DATASET, queryOptions: { top: 1000 } }]) {
      const { status, body } = await search(value);
      assert.equal(status, 400, JSON.stringify(value).slice(0, 80));
      assert.doesNotMatch(JSON.stringify(body), /\bat .+:\d+:\d+/);
    }
  });

  it('records a person seen in an activity (name and id) before any sync, and never over the directory', async () => {
    const newcomer = { id: '29:newcomer', name: 'Nadia Newcomer', aadObjectId: randomUUID() };
    const fresh = randomUUID();
    assert.equal((await postActivity(commons.url, message('help', { serviceUrl: connector.url, tenantId: fresh, from: newcomer }))).status, 200);
    const seen = await commons.repositories.people.get(fresh, newcomer.aadObjectId);
    assert.equal(seen?.displayName, 'Nadia Newcomer');
    assert.equal(seen?.source, 'seen');
    const found = await postActivity(commons.url, invoke('application/search', { queryText: 'nad', dataset: PEOPLE_DATASET }, { serviceUrl: connector.url, tenantId: fresh, from: newcomer }));
    assert.deepEqual((await found.json()).value.results, [{ title: 'Nadia Newcomer', value: newcomer.aadObjectId }]);

    const renamed = { ...caller, name: 'Someone Else Entirely' };
    await postActivity(commons.url, message('help', { serviceUrl: connector.url, tenantId, from: renamed }));
    assert.equal((await commons.repositories.people.get(tenantId, caller.aadObjectId))?.displayName, people[0].displayName, 'the directory wins');
  });
});
