import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { managementChain } from '../../src/domain/people';
import { matches, PEOPLE_PAGE_MAX, tokensOf } from '../../src/domain/people-search';
import { createRepositories, Repositories } from '../../src/store';
import { decodeCursor, SEARCH_INDEX_SHARDS } from '../../src/store/people-index';
import type { ProfileUpdate } from '../../src/store/people';
import { CountingStore, openCountingStore } from '../support/counting-store';
import { SyntheticPerson, syntheticOrganisation } from '../support/directory-people';

const NOW = '2026-12-02T10:00:00.000Z';

const updateOf = (person: SyntheticPerson): ProfileUpdate => ({
  userId: person.id,
  source: 'graph',
  profile: { displayName: person.displayName, jobTitle: person.jobTitle, department: person.department, officeLocation: person.officeLocation, email: person.mail, managerId: person.managerId, accountEnabled: true },
});

async function saveAll(repositories: Repositories, tenantId: string, people: SyntheticPerson[]): Promise<void> {
  for (let i = 0; i < people.length; i += 500) await repositories.people.save(tenantId, people.slice(i, i + 500).map(updateOf), NOW);
}

async function searchAll(repositories: Repositories, tenantId: string, query: string) {
  const found: string[] = [];
  let after;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await repositories.people.search(tenantId, query, PEOPLE_PAGE_MAX, after);
    assert.ok(page.people.length <= PEOPLE_PAGE_MAX);
    found.push(...page.people.map((p) => p.userId));
    if (!page.continuation) return found;
    after = decodeCursor(page.continuation);
  }
  throw new Error('search never ended');
}

describe('people directory and search index', function () {
  this.timeout(120_000);
  let counting: CountingStore;
  let repositories: Repositories;
  const tenantId = randomUUID();
  const people = syntheticOrganisation(3000);

  before(async () => {
    counting = await openCountingStore();
    repositories = createRepositories(counting.store);
    await saveAll(repositories, tenantId, people);
  });
  after(() => counting?.stop());

  it('finds exactly the people with a word starting with every query word, by name, across pages', async () => {
    for (const query of ['eng', 'ma', 'maria ros', 'Élo', 'elodie', 'hum res', 'zz']) {
      const expected = people.filter((p) => matches({ userId: p.id, displayName: p.displayName, jobTitle: p.jobTitle, department: p.department }, tokensOf(query)));
      const found = await searchAll(repositories, tenantId, query);
      assert.equal(new Set(found).size, found.length, `${query}: no person twice`);
      assert.deepEqual([...found].sort(), expected.map((p) => p.id).sort(), `${query}: the same people as a full scan`);
    }
  });

  it('answers a search in SEARCH_INDEX_SHARDS point reads, the same for 3,000 people as for 10', async () => {
    const small = randomUUID();
    await saveAll(repositories, small, people.slice(0, 10));
    for (const [tenant, query] of [[tenantId, 'ma'], [tenantId, 'senior eng'], [small, 'ma']]) {
      const before = counting.requests();
      const page = await repositories.people.search(tenant, query, PEOPLE_PAGE_MAX);
      assert.ok(page.people.length > 0, `${query} finds someone`);
      assert.equal(counting.requests() - before, SEARCH_INDEX_SHARDS, `${query} in ${tenant === small ? 10 : 3000} people`);
    }
  });

  it('refuses to search by one letter (no bucket), costing no round trip', async () => {
    const before = counting.requests();
    assert.deepEqual(await repositories.people.search(tenantId, 'a', PEOPLE_PAGE_MAX), { people: [] });
    assert.equal(counting.requests(), before);
  });

  it('follows renames, and drops disabled and deleted people from search', async () => {
    const [renamed, disabled, deleted] = [people[100], people[101], people[102]];
    await repositories.people.save(tenantId, [
      { userId: renamed.id, source: 'graph', profile: { displayName: 'Quillon Brightwater' } },
      { userId: disabled.id, source: 'graph', profile: { accountEnabled: false } },
      { userId: deleted.id, source: 'graph', profile: { deleted: true } },
    ], NOW);
    assert.deepEqual(await searchAll(repositories, tenantId, 'quillon'), [renamed.id]);
    assert.ok(!(await searchAll(repositories, tenantId, renamed.displayName)).includes(renamed.id), 'the old name no longer finds them');
    assert.ok(!(await searchAll(repositories, tenantId, disabled.displayName)).includes(disabled.id));
    assert.ok(!(await searchAll(repositories, tenantId, deleted.displayName)).includes(deleted.id));
    assert.equal((await repositories.people.get(tenantId, deleted.id))?.deleted, true, 'the person is kept, marked');
  });

  it('saving the same page again writes nothing (a retried sync page is harmless)', async () => {
    const page = people.slice(1000, 1500).map(updateOf);
    const before = counting.requests();
    const result = await repositories.people.save(tenantId, page, NOW);
    assert.deepEqual(result, { created: 0, updated: 0, unchanged: 500 });
    assert.equal(counting.requests() - before, 500, 'one point read a person, no writes');
  });

  it('keeps assigned roles through directory updates, and records who changed them and when', async () => {
    const person = people[200];
    const change = await repositories.people.setRoles(tenantId, person.id, ['author', 'moderator'], 'admin-1', NOW);
    assert.deepEqual(change?.previousRoles, []);
    await repositories.people.save(tenantId, [{ userId: person.id, source: 'graph', profile: { jobTitle: 'Principal Engineer' } }], NOW);
    const stored = await repositories.people.get(tenantId, person.id);
    assert.deepEqual(stored?.roles, ['author', 'moderator']);
    assert.equal(stored?.jobTitle, 'Principal Engineer');
    await repositories.people.setRoles(tenantId, person.id, ['author'], 'admin-2', '2026-12-02T11:00:00.000Z');
    const history = await repositories.people.roleChanges(tenantId, person.id);
    assert.deepEqual(history.map((h) => [h.changedBy, h.roles, h.previousRoles]), [['admin-2', ['author'], ['author', 'moderator']], ['admin-1', ['author', 'moderator'], []]]);
    assert.equal(await repositories.people.setRoles(tenantId, randomUUID(), ['admin'], 'admin-1', NOW), undefined, 'an unknown person gets no roles');
  });

  it('lists the active people in pages by continuation token, each once', async () => {
    const seen = new Set<string>();
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = await repositories.people.listPage(tenantId, 100, continuation);
      assert.ok(page.people.length <= 100);
      for (const p of page.people) {
        assert.ok(!seen.has(p.userId));
        seen.add(p.userId);
      }
      continuation = page.continuation;
      pages++;
    } while (continuation && pages < 100);
    assert.equal(seen.size, people.length - 1, 'everyone but the deleted person');
  });

  it('walks a management chain nearest first and stops at a cycle', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const cycleTenant = randomUUID();
    await repositories.people.save(cycleTenant, [
      { userId: a, source: 'graph', profile: { displayName: 'A', managerId: b } },
      { userId: b, source: 'graph', profile: { displayName: 'B', managerId: c } },
      { userId: c, source: 'graph', profile: { displayName: 'C', managerId: a } },
    ], NOW);
    const lookup = (id: string) => repositories.people.get(cycleTenant, id);
    assert.deepEqual(await managementChain(a, lookup), [b, c]);
    assert.deepEqual(await managementChain(people[9].id, (id) => repositories.people.get(tenantId, id)), [people[1].id, people[0].id]);
  });
});
