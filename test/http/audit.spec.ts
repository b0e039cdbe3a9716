import { strict as assert } from 'assert';
import { readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { AuditRepository } from '../../src/store/audit';
import { actionExecute, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';

const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const ALEX = person('Alex Wilber'); // admin
const LYNNE = person('Lynne Robbins'); // no roles
const PATTI = person('Patti Fernandez'); // moderator
const ISAIAH = person('Isaiah Langer');
const teams = (p: typeof ALEX) => ({ id: `29:${p.givenName.toLowerCase()}`, name: p.displayName, aadObjectId: p.userId });

interface RouteInfo { path: string; method: string }

describe('audit log: every admin, moderator and role action, append-only', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;

  const call = async (method: string, route: string, as: string, body?: unknown) => {
    const response = await fetch(`${commons.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': as, 'user-agent': 'audit-spec/1.0' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
    return { status: response.status, body: json, text };
  };
  const list = async (query: Record<string, string> = {}, as = ALEX.userId) => call('GET', `/api/v1/audit?${new URLSearchParams(query)}`, as);
  const setRoles = (target: string, roles: string[]) => call('PUT', `/api/v1/people/${target}/roles`, ALEX.userId, { roles });

  before(async () => {
    [connector, commons] = await Promise.all([new MockConnector().start(), startTestCommons({ SEED: 'true' })]);
  });
  after(() => Promise.all([commons?.dispose(), connector?.stop()]));

  it('records a role change with who, what, when and from where', async () => {
    const before = new Date().toISOString();
    assert.equal((await setRoles(LYNNE.userId, ['moderator'])).status, 200);
    const { status, body } = await list({ action: 'roles.change', targetId: LYNNE.userId });
    assert.equal(status, 200);
    const [entry] = body.entries;
    assert.equal(entry.actorId, ALEX.userId);
    assert.ok(entry.actorRoles.includes('admin'));
    assert.deepEqual(entry.target, { kind: 'person', id: LYNNE.userId });
    assert.deepEqual(entry.details, { roles: ['moderator'], previousRoles: [] });
    assert.ok(entry.at >= before);
    assert.equal(entry.source.channel, 'api');
    assert.equal(entry.source.userAgent, 'audit-spec/1.0');
    assert.match(entry.source.address, /127\.0\.0\.1|::1/);
  });

  it('records settings changes and announcement controls', async () => {
    assert.equal((await call('PUT', '/api/v1/settings/reactions', ALEX.userId, { reactions: [{ type: 'like', emoji: '👍', label: 'Like' }] })).status, 200);
    assert.deepEqual((await list({ action: 'settings.reactions' })).body.entries[0].details, { reactions: ['like'] });
    const created = await call('POST', '/api/v1/announcements', ALEX.userId, { title: 'Town hall', body: 'Friday', audience: { everyone: true }, scheduledAt: new Date(Date.now() + 86_400_000).toISOString() });
    assert.equal(created.status, 201, created.text);
    assert.equal((await call('POST', `/api/v1/announcements/${created.body.id}/cancel`, ALEX.userId)).status, 200);
    const [entry] = (await list({ targetId: created.body.id })).body.entries;
    assert.equal(entry.action, 'announcement.cancel');
    assert.equal(entry.details.title, 'Town hall');
  });

  it('records a moderator removing someone else\'s post from Teams, with the conversation', async () => {
    const inGeneral = (p: typeof ALEX) => ({ serviceUrl: connector.url, place: 'channel' as const, from: teams(p) });
    await postActivity(commons.url, mentioning('post Audit me please', inGeneral(ISAIAH)));
    const { resources } = await commons.store.containers.posts.items.readAll().fetchAll();
    const post = resources.find((doc) => doc.body === 'Audit me please')!;
    assert.ok(post, 'the post was stored');
    assert.equal((await postActivity(commons.url, actionExecute('post.delete', { postId: post.postId }, inGeneral(PATTI)))).status, 200);
    const [entry] = (await list({ action: 'post.remove', targetId: post.postId })).body.entries;
    assert.equal(entry.actorId, PATTI.userId);
    assert.equal(entry.details.authorId, ISAIAH.userId);
    assert.equal(entry.source.channel, 'teams');
    assert.match(entry.source.conversationId, /^19:/);
  });

  it('pages newest first by continuation token, each entry once, and filters by actor and time', async () => {
    const start = new Date().toISOString();
    for (const roles of [['author'], ['approver'], ['author', 'approver'], [], ['manager']]) assert.equal((await setRoles(ISAIAH.userId, roles)).status, 200);
    const seen: any[] = [];
    let token: string | undefined;
    do {
      const { status, body } = await list({ targetId: ISAIAH.userId, limit: '2', ...(token && { continuationToken: token }) });
      assert.equal(status, 200);
      assert.ok(body.entries.length <= 2);
      seen.push(...body.entries);
      token = body.continuationToken;
    } while (token);
    assert.deepEqual(seen.map((e) => e.details.roles.join('+')), ['manager', '', 'author+approver', 'approver', 'author']);
    assert.equal(new Set(seen.map((e) => e.entryId)).size, 5);
    assert.equal((await list({ actorId: ALEX.userId, from: start, action: 'roles.change' })).body.entries.length, 5);
    assert.equal((await list({ actorId: PATTI.userId, from: start })).body.entries.length, 0);
    assert.equal((await list({ to: start, targetId: ISAIAH.userId })).body.entries.length, 0);
  });

  it('refuses non-admins (403), bad filters and forged tokens (400)', async () => {
    assert.equal((await list({}, LYNNE.userId)).status, 403, 'a moderator is not an admin');
    assert.equal((await list({}, PATTI.userId)).status, 403);
    assert.equal((await call('GET', '/api/v1/audit.csv', PATTI.userId)).status, 403);
    assert.equal((await list({ action: 'nothing.real' })).status, 400);
    assert.equal((await list({ from: 'yesterday' })).status, 400);
    assert.equal((await list({ continuationToken: 'forged' })).status, 400);
    const otherTenant = Buffer.from(JSON.stringify({ before: '0b0b0b0b-0000-4000-8000-00000000000b|audit|z' })).toString('base64url');
    assert.equal((await list({ continuationToken: otherTenant })).status, 400);
  });

  it('exports the filtered log as spreadsheet-safe CSV, and records the export', async () => {
    const response = await call('GET', `/api/v1/audit.csv?${new URLSearchParams({ targetId: ISAIAH.userId })}`, ALEX.userId);
    assert.equal(response.status, 200);
    const lines = response.text.trim().split('\r\n');
    assert.equal(lines[0], 'at,action,actorId,actorRoles,targetKind,targetId,details,channel,address,forwardedFor,userAgent,conversationId');
    assert.equal(lines.length, 6);
    assert.ok(lines.slice(1).every((line) => line.includes('"roles.change"') && line.includes(ISAIAH.userId)));
    const [exported] = (await list({ action: 'audit.export' })).body.entries;
    assert.equal(exported.details.rows, 5);
  });

  it('has no route and no repository method that alters an entry', async () => {
    const snapshot = async () => new Map((await commons.store.containers.audit.items.readAll().fetchAll()).resources.map((d) => [d.id, String(d._etag)]));
    const before = await snapshot();
    assert.ok(before.size >= 8);
    const registered = Object.values((commons.server as unknown as { router: { getRoutes(): Record<string, RouteInfo> } }).router.getRoutes());
    const auditPaths = [...new Set(registered.map((r) => r.path).filter((p) => p.startsWith('/api/v1/audit')))];
    assert.deepEqual(auditPaths.sort(), ['/api/v1/audit', '/api/v1/audit.csv']);
    assert.deepEqual(registered.filter((r) => r.path.startsWith('/api/v1/audit')).map((r) => r.method).sort(), ['GET', 'GET']);
    const anEntry = [...before.keys()][0] as string;
    for (const route of [...auditPaths, `/api/v1/audit/${encodeURIComponent(anEntry)}`]) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const { status } = await call(method, route, ALEX.userId, { details: { roles: ['admin'] } });
        assert.ok(status === 404 || status === 405, `${method} ${route}: ${status}`);
      }
    }
    // Every other write route, as an admin with an empty body: none may touch an existing entry.
    for (const route of registered.filter((r) => r.path.startsWith('/api/v1') && r.method !== 'GET')) {
      await call(route.method, route.path.replace(/:[A-Za-z]+/g, encodeURIComponent(anEntry)), ALEX.userId, {});
    }
    const after = await snapshot();
    for (const [id, etag] of before) assert.equal(after.get(id), etag, `entry ${id} unchanged`);
    // The repository can only append and read.
    assert.deepEqual(Object.getOwnPropertyNames(AuditRepository.prototype).sort(), ['append', 'constructor', 'page']);
    // And nothing else in src/ holds the audit container.
    const holders = sourceFiles(path.resolve(__dirname, '../../src')).filter((file) => /containers\.audit\b/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(holders.map((file) => path.relative(path.resolve(__dirname, '../..'), file)), ['src/store/index.ts']);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') || file.endsWith('.tsx') ? [file] : [];
  });
}
