import { strict as assert } from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { loadConfig } from '../../src/config';
import { RunningCommons, startCommons } from '../../src/index';
import { createRepositories, Repositories } from '../../src/store';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';
import { eventually, FAST_TIMINGS, installChannel, installPersonalChats, OTHER_TENANT, TENANT, userIdOf } from '../support/delivery';

// Several authors: the API's per-user write limit (20 in a burst) would otherwise throttle this file's writes.
const AUTHORS = Array.from({ length: 10 }, (_, i) => `0a0a0a0a-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`);
const READER = '0b0b0b0b-0000-4000-8000-00000000b0b0';

describe('announcements API', function () {
  this.timeout(30_000);
  let commons: RunningCommons;
  let repositories: Repositories;
  let connector: MockConnector;
  let dataDir: string;
  let author = AUTHORS[0];
  let nextAuthor = 0;

  const call = (method: string, route: string, body?: unknown, as: { tenant?: string; user?: string } = {}) =>
    fetch(`${commons.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-tenant': as.tenant ?? TENANT, 'x-dev-user': as.user ?? author },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });
  const create = async (body: Record<string, unknown>) => json(await call('POST', '/api/v1/announcements', { title: 'Town hall', body: 'See you **there**', ...body }));
  const view = async (id: string) => (await json(await call('GET', `/api/v1/announcements/${id}`))).body;
  /** Waits until the instance driving a send has stopped and handed its lease back. */
  const letGo = (id: string) => eventually(async () => (await repositories.deliveries.readLease(TENANT, id))?.expiresAt === 0, 10_000, 'the run to stop');
  const until = (id: string, check: (v: any) => boolean, what: string) => eventually(async () => { const v = await view(id); return check(v) ? v : undefined; }, 15_000, what, 500);

  before(async () => {
    connector = await new MockConnector().start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'commons-announcements-'));
    const config = loadConfig({ PORT: '0', SEED: 'false', SNAPSHOT_INTERVAL_SECONDS: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DATA_DIR: dataDir, COMMONS_ADMINS: AUTHORS.join(','), DELIVERY_MAX_RPS: '40' });
    commons = await startCommons(config, { tabDir: dataDir, deliveryTimings: FAST_TIMINGS });
    repositories = createRepositories(commons.store);
    await installPersonalChats(repositories, connector.url, 60);
    await installChannel(repositories, connector.url, '19:general@thread.tacv2');
    await installPersonalChats(repositories, connector.url, 2, OTHER_TENANT, 500);
  });
  after(async () => {
    await commons.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    connector.reset();
    author = AUTHORS[nextAuthor++ % AUTHORS.length];
  });

  it('lets only authors in: 401 without an identity, 403 without the role', async () => {
    const anonymous = await fetch(`${commons.url}/api/v1/announcements`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(anonymous.status, 401);
    const reader = await json(await call('POST', '/api/v1/announcements', { title: 't', body: 'b', audience: { everyone: true } }, { user: READER }));
    assert.equal(reader.status, 403);
    assert.equal(reader.body.error.code, 'forbidden');
    assert.equal((await call('GET', '/api/v1/announcements/00000000-0000-4000-8000-000000000000', undefined, { user: READER })).status, 403);
  });

  it('refuses bad input with a 400 a person can act on, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ title: '' }, /title/],
      [{ audience: { everyone: true }, tenantId: OTHER_TENANT }, /tenantId|Unrecognized/i],
      [{ audience: { everyone: true }, scheduledAt: 'next tuesday' }, /scheduledAt/],
      [{ audience: { everyone: true }, scheduledAt: '2030-01-01T09:00', timeZone: 'Europe/Atlantis' }, /IANA/],
      [{ audience: {} }, /at least one/i],
      [{ audience: { channels: [] } }, /at least one/i],
      [{ audience: { communities: ['engineering'] } }, /not available yet/],
      [{ audience: { channels: ['19:nowhere@thread.tacv2'] } }, /could not find.*19:nowhere/],
      [{ audience: { people: [userIdOf(4242)] } }, /could not find/],
      [{ audience: { people: ['not-a-guid'] } }, /GUID/],
    ];
    for (const [body, message] of cases) {
      const response = await create(body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.code, 'bad_request');
      assert.match(response.body.error.message, message, JSON.stringify(body));
    }
    const { resources } = await commons.store.containers.announcements.items.readAll().fetchAll();
    assert.equal(resources.length, 0);
  });

  it('stores a time zone\'s wall time as UTC, and sends a past time now with a note', async () => {
    const later = await create({ audience: { everyone: true }, scheduledAt: '2099-07-01T09:00', timeZone: 'Europe/Paris' });
    assert.equal(later.status, 201);
    assert.equal(later.body.scheduledAt, '2099-07-01T07:00:00.000Z');
    assert.equal(later.body.note, undefined);
    assert.equal((await view(later.body.id)).timeZone, 'Europe/Paris');
    await call('POST', `/api/v1/announcements/${later.body.id}/cancel`);

    const past = await create({ audience: { channels: ['19:general@thread.tacv2'] }, scheduledAt: '2020-01-01T09:00:00Z' });
    assert.equal(past.status, 201);
    assert.match(past.body.note, /sent now/);
    await until(past.body.id, (v) => v.status === 'completed', 'the send');
    assert.equal(connector.stats().delivered, 1);
  });

  it('sends to everyone, reports progress by state and exports one CSV row per recipient', async () => {
    const created = await create({ audience: { everyone: true, people: [userIdOf(1)] } });
    assert.equal(created.status, 201);
    const done = await until(created.body.id, (v) => v.status === 'completed', 'completion');
    assert.equal(done.progress.total, 60, 'the named person is in "everyone" too, and counted once');
    assert.equal(done.progress.sent, 60);
    assert.deepEqual([done.progress.pending, done.progress.failed, done.progress.etaSeconds], [0, 0, 0]);
    assert.equal(connector.stats().delivered, 60);

    const csv = await call('GET', `/api/v1/announcements/${created.body.id}/deliveries.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines.length, 61);
    assert.match(lines[0], /^seq,conversationId,kind,userId,state,reason/);
    assert.ok(lines.slice(1).every((line) => line.includes('"sent"')));
  });

  it('pauses, resumes and cancels a send; a finished send cannot be cancelled', async () => {
    const created = await create({ audience: { everyone: true } });
    await eventually(() => connector.stats().delivered >= 10, 10_000, 'some deliveries');
    const paused = await json(await call('POST', `/api/v1/announcements/${created.body.id}/pause`));
    assert.equal(paused.status, 200);
    assert.equal(paused.body.status, 'paused');
    await letGo(created.body.id);
    const atPause = connector.stats().delivered;
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(connector.stats().delivered, atPause, 'nothing is sent while paused');
    assert.ok(atPause < 60);
    const whilePaused = await view(created.body.id);
    assert.deepEqual([whilePaused.progress.ratePerSecond, whilePaused.progress.etaSeconds], [0, null], 'no rate or ETA while paused');
    const pausedStates = (await (await call('GET', `/api/v1/announcements/${created.body.id}/deliveries.csv`)).text()).trim().split('\r\n').slice(1).map((row) => row.split(',')[4]);
    assert.ok(pausedStates.every((state) => state === '"sent"' || state === '"paused"'), `rows read sent or paused: ${[...new Set(pausedStates)]}`);

    assert.equal((await json(await call('POST', `/api/v1/announcements/${created.body.id}/resume`))).body.status, 'sending');
    const done = await until(created.body.id, (v) => v.status === 'completed', 'completion');
    assert.equal(done.progress.sent, 60);
    assert.equal(connector.stats().duplicates, 0, 'resuming continues where it stopped');

    const cancel = await json(await call('POST', `/api/v1/announcements/${created.body.id}/cancel`));
    assert.equal(cancel.status, 409);
    assert.equal(cancel.body.error.code, 'conflict');

    const stopped = await create({ audience: { everyone: true } });
    await eventually(() => connector.stats().delivered >= 70, 10_000, 'some deliveries of the second send');
    assert.equal((await json(await call('POST', `/api/v1/announcements/${stopped.body.id}/cancel`))).body.status, 'cancelled');
    await letGo(stopped.body.id);
    const reached = connector.stats().delivered - 60;
    const rows = (await (await call('GET', `/api/v1/announcements/${stopped.body.id}/deliveries.csv`)).text()).trim().split('\r\n').slice(1);
    const states = rows.map((row) => row.split(',')[4]);
    assert.equal(states.filter((state) => state === '"sent"').length, reached, 'each copy that went out is recorded as sent');
    assert.ok(reached < 60 && states.every((state) => state === '"sent"' || state === '"cancelled"'), `the rest read cancelled: ${[...new Set(states)]}`);

    const scheduled = await create({ audience: { everyone: true }, scheduledAt: '2099-01-01T00:00:00Z' });
    assert.equal((await json(await call('POST', `/api/v1/announcements/${scheduled.body.id}/cancel`))).body.status, 'cancelled');
    assert.equal((await call('POST', `/api/v1/announcements/${scheduled.body.id}/resume`)).status, 409);
  });

  it('edits every delivered copy, recalls them all, and refuses to edit a recalled post', async function () {
    const created = await create({ audience: { channels: ['19:general@thread.tacv2'], people: [userIdOf(3), userIdOf(4)] } });
    await until(created.body.id, (v) => v.status === 'completed', 'completion');
    connector.reset();

    const edited = await json(await call('PATCH', `/api/v1/announcements/${created.body.id}`, { title: 'Town hall (moved to 11:00)' }));
    assert.equal(edited.status, 200);
    assert.equal(edited.body.version, 2);
    await until(created.body.id, (v) => v.followUp?.kind === 'update' && v.followUp.finished, 'the update');
    const updates = connector.calls.filter((c) => c.method === 'PUT');
    assert.equal(updates.length, 3);
    assert.ok(updates.some((u) => u.conversationId?.startsWith('19:general@thread.tacv2;messageid=')), 'the channel post is updated in its thread');
    assert.match(JSON.stringify(updates[0].body), /moved to 11:00/);
    assert.match(JSON.stringify(updates[0].body), /Edited/);

    const schedule = await json(await call('PATCH', `/api/v1/announcements/${created.body.id}`, { scheduledAt: '2099-01-01T00:00:00Z' }));
    assert.equal(schedule.status, 409, 'the schedule cannot change after sending');

    assert.equal((await call('POST', `/api/v1/announcements/${created.body.id}/recall`)).status, 200);
    const recalled = await until(created.body.id, (v) => v.status === 'recalled', 'the recall');
    assert.equal(recalled.followUp.kind, 'recall');
    assert.equal(connector.stats().deletes, 3);
    const again = await json(await call('PATCH', `/api/v1/announcements/${created.body.id}`, { body: 'too late' }));
    assert.equal(again.status, 409);
    assert.equal((await call('POST', `/api/v1/announcements/${created.body.id}/recall`)).status, 409);
    requireSchemas(this);
    assertValidCard(updates[0].body.attachments[0].content);
  });

  it('shows another tenant\'s author a 404 and lets them change nothing', async () => {
    const created = await create({ audience: { everyone: true }, scheduledAt: '2099-01-01T00:00:00Z' });
    const outsider = { tenant: OTHER_TENANT, user: author };
    for (const [method, route, body] of [
      ['GET', `/api/v1/announcements/${created.body.id}`],
      ['GET', `/api/v1/announcements/${created.body.id}/deliveries.csv`],
      ['PATCH', `/api/v1/announcements/${created.body.id}`, { title: 'hijacked' }],
      ['POST', `/api/v1/announcements/${created.body.id}/cancel`],
      ['POST', `/api/v1/announcements/${created.body.id}/pause`],
      ['POST', `/api/v1/announcements/${created.body.id}/recall`],
    ] as const) {
      const response = await json(await call(method, route, body, outsider));
      assert.equal(response.status, 404, `${method} ${route}`);
      assert.equal(response.body.error.code, 'not_found');
    }
    const untouched = await view(created.body.id);
    assert.equal(untouched.title, 'Town hall');
    assert.equal(untouched.status, 'scheduled');
    await call('POST', `/api/v1/announcements/${created.body.id}/cancel`);
  });

  it('describes itself in an OpenAPI document', async () => {
    const { status, body } = await json(await fetch(`${commons.url}/api/v1/openapi.json`));
    assert.equal(status, 200);
    assert.equal(body.openapi, '3.0.3');
    for (const route of ['/api/v1/announcements', '/api/v1/announcements/{id}', '/api/v1/announcements/{id}/pause', '/api/v1/announcements/{id}/resume', '/api/v1/announcements/{id}/cancel', '/api/v1/announcements/{id}/recall', '/api/v1/announcements/{id}/deliveries.csv']) {
      assert.ok(body.paths[route], route);
    }
    assert.ok(body.paths['/api/v1/announcements/{id}'].patch);
  });
});
