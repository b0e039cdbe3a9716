import { strict as assert } from 'assert';
import { once } from 'events';
import { randomUUID } from 'crypto';
import { GraphClient } from '../../src/directory/graph-client';
import { DirectorySync } from '../../src/directory/sync';
import { managementChain } from '../../src/domain/people';
import { createLogger } from '../../src/log';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { SYNC_LEASE_MS } from '../../src/directory/sync';
import { FakeGraph, FakeGraphUser } from '../support/fake-graph';
import { syntheticOrganisation } from '../support/directory-people';
import { openTestStore } from '../support/store';

const logger = createLogger('silent');
const usersOf = (count: number): FakeGraphUser[] =>
  syntheticOrganisation(count).map(({ id, displayName, jobTitle, department, officeLocation, mail, managerId }) => ({ id, displayName, jobTitle, department, officeLocation, mail, accountEnabled: true, managerId }));

describe('directory sync against a loopback Microsoft Graph', function () {
  this.timeout(60_000);
  let store: Store;
  let repositories: Repositories;
  let graph: FakeGraph;
  let tenantId: string;
  let sleeps: number[];
  let clock: number;

  const syncer = (options: { onPage?: ConstructorParameters<typeof DirectorySync>[0]['onPage'] } = {}) =>
    new DirectorySync({
      people: repositories.people,
      states: repositories.directorySync,
      graphFor: () => new GraphClient({ baseUrl: graph.url, token: async () => 'app-token', sleep: async (ms) => void sleeps.push(ms) }),
      logger,
      now: () => new Date(clock),
      ...options,
    });
  const syncOnce = async (sync = syncer()) => {
    await sync.request(tenantId, 'admin');
    await sync.settled(tenantId);
    return (await repositories.directorySync.get(tenantId))!;
  };
  const names = async (query: string) => (await repositories.people.search(tenantId, query, 25)).people.map((p) => p.displayName);

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store?.close());
  beforeEach(async () => {
    tenantId = randomUUID();
    sleeps = [];
    clock = Date.parse('2026-12-02T10:00:00Z');
    graph = await new FakeGraph(usersOf(250)).start();
    graph.requiredToken = 'app-token';
  });
  afterEach(() => graph.stop());

  it('runs a full sync over every page, then applies a delta of adds, updates, disables and deletes', async () => {
    const full = await syncOnce();
    assert.equal(full.status, 'completed');
    assert.equal(full.mode, 'full');
    assert.equal(full.pages, 3, '250 users in pages of 100');
    assert.deepEqual(full.counts, { received: 250, created: 250, updated: 0, unchanged: 0, removed: 0 });
    assert.match(full.deltaLink ?? '', /deltatoken=/);
    const [first, second] = usersOf(250);
    assert.equal((await repositories.people.get(tenantId, second.id))?.managerId, first.id, 'managers from manager@delta');
    assert.ok((await names(first.displayName!)).includes(first.displayName!));

    const added = { id: randomUUID(), displayName: 'Zephyrine Okonkwo', jobTitle: 'Actuary', accountEnabled: true };
    const [renamed, disabled, deleted] = usersOf(250).slice(10, 13);
    graph.upsert(added);
    graph.upsert({ ...renamed, displayName: 'Quillon Brightwater', managerId: added.id });
    graph.upsert({ ...disabled, accountEnabled: false });
    graph.remove(deleted.id);
    const delta = await syncOnce();
    assert.equal(delta.mode, 'delta');
    assert.equal(delta.pages, 1);
    assert.deepEqual(delta.counts, { received: 4, created: 1, updated: 3, unchanged: 0, removed: 1 });
    assert.deepEqual(await names('zephyr'), ['Zephyrine Okonkwo']);
    assert.deepEqual(await names('quillon'), ['Quillon Brightwater']);
    assert.equal((await repositories.people.get(tenantId, renamed.id))?.managerId, added.id);
    assert.ok(!(await repositories.people.search(tenantId, disabled.displayName!, 25)).people.some((p) => p.userId === disabled.id), 'a disabled account leaves search');
    assert.equal((await repositories.people.get(tenantId, deleted.id))?.deleted, true, 'a deleted user is marked, not erased');
    assert.ok(graph.requests.every((r) => r.authorization === 'Bearer app-token'));
  });

  it('waits what Graph asks on 429 and 503 (Retry-After) and completes', async () => {
    graph.fail({ status: 429, headers: { 'retry-after': '7' } }, { status: 503, headers: { 'retry-after': '2' } });
    const state = await syncOnce();
    assert.equal(state.status, 'completed');
    assert.deepEqual(sleeps, [7000, 2000]);
    assert.equal(state.counts.created, 250);
  });

  it('resumes from its page checkpoint on another instance after the first stops mid-way', async () => {
    let stopAfter2: DirectorySync | undefined;
    const first = syncer({ onPage: (_t, state) => void (state.pages === 2 && stopAfter2?.stop()) });
    stopAfter2 = first;
    await first.request(tenantId, 'admin');
    await first.settled(tenantId);
    const interrupted = (await repositories.directorySync.get(tenantId))!;
    assert.equal(interrupted.status, 'running');
    assert.equal(interrupted.pages, 2);
    assert.match(interrupted.nextLink ?? '', /page=3/);

    const second = syncer();
    await second.resumeAbandoned();
    await second.settled(tenantId);
    assert.equal((await repositories.directorySync.get(tenantId))?.pages, 2, 'the lease of the first instance is respected');

    const before = graph.requests.length;
    clock += SYNC_LEASE_MS + 1;
    await second.resumeAbandoned();
    await second.settled(tenantId);
    const resumed = (await repositories.directorySync.get(tenantId))!;
    assert.equal(resumed.status, 'completed');
    assert.deepEqual(graph.requests.slice(before).map((r) => r.page), [3], 'only the page not yet applied is read again');
    assert.deepEqual(resumed.counts, { received: 250, created: 250, updated: 0, unchanged: 0, removed: 0 });
  });

  it('accepts a manager cycle and people without department or manager', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    graph.upsert({ id: a, displayName: 'Cyclic A', managerId: b });
    graph.upsert({ id: b, displayName: 'Cyclic B', managerId: c });
    graph.upsert({ id: c, displayName: 'Cyclic C', managerId: a });
    graph.upsert({ id: randomUUID(), displayName: 'Solo Person' });
    const state = await syncOnce();
    assert.equal(state.status, 'completed');
    assert.deepEqual(await managementChain(a, (id) => repositories.people.get(tenantId, id)), [b, c]);
    assert.deepEqual(await names('solo'), ['Solo Person']);
  });

  it('starts a full resync when Graph has forgotten the delta link, marking whoever left meanwhile', async () => {
    await syncOnce();
    const gone = usersOf(250)[42];
    graph.remove(gone.id);
    graph.expireDeltaLinks();
    const state = await syncOnce();
    assert.equal(state.status, 'completed');
    assert.equal(state.mode, 'full');
    assert.equal(state.counts.removed, 1, 'the sweep found the one the full round did not list');
    assert.equal((await repositories.people.get(tenantId, gone.id))?.deleted, true);
    assert.match(state.deltaLink ?? '', /deltatoken=/);
  });

  it('stops on 403 with a message naming User.Read.All, writes no person, and resumes once permitted', async () => {
    graph.fail({ status: 403, body: JSON.stringify({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }) });
    const failed = await syncOnce();
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.code, 'graph_permission');
    assert.match(failed.error?.message ?? '', /User\.Read\.All/);
    assert.deepEqual(await repositories.people.listPage(tenantId, 10), { people: [] });
    const resumed = await syncOnce();
    assert.equal(resumed.status, 'completed');
    assert.equal(resumed.error, undefined);
  });

  it('keeps the applied pages of a sync that meets a malformed page, and resumes at that page', async () => {
    let release = graph.hold(2);
    const sync = syncer();
    await sync.request(tenantId, 'admin');
    await once(graph, 'request');
    graph.malformNextPage();
    release();
    await sync.settled(tenantId);
    const failed = (await repositories.directorySync.get(tenantId))!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.code, 'graph_malformed');
    assert.equal(failed.pages, 1, 'page 1 applied, page 2 not at all');
    assert.equal(failed.counts.created, 100);
    release = () => undefined;
    const resumed = await syncOnce();
    assert.equal(resumed.status, 'completed');
    assert.equal(resumed.pages, 3);
    assert.equal(resumed.counts.created, 250);
  });
});
