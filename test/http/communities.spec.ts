import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Role } from '../../src/domain/identity';
import { startTestCommons, TestCommons } from '../support/app';

/**
 * Communities through the API: each privacy level, each route, as owner, member and
 * "same tenant, not a member". A closed or secret community's content answers 404 to a
 * non-member; a secret one is 404 in every route and absent from discovery and search.
 */
describe('communities API', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  // Each test has its own tenant and people (the write limit is per person).
  let TENANT: string, OWNER: string, MEMBER: string, STRANGER: string, ADMIN: string;
  const somebody = async (name: string, roles: Role[] = []) => {
    const userId = randomUUID();
    await commons.repositories.people.upsert({ tenantId: TENANT, userId, displayName: name, roles });
    return userId;
  };
  beforeEach(async () => {
    TENANT = randomUUID();
    [OWNER, MEMBER, STRANGER, ADMIN] = await Promise.all([somebody('Megan Bowen'), somebody('Lynne Robbins'), somebody('Nestor Wilke'), somebody('Joni Sherman', ['admin'])]);
  });

  const call = async (as: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${commons.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'X-Dev-Tenant': TENANT, 'X-Dev-User': as },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const create = async (privacy: string, name = `${privacy} ${randomUUID().slice(0, 8)}`, as = OWNER) => {
    const { status, body } = await call(as, 'POST', '/api/v1/communities', { name, description: `About ${name}`, emoji: '🏃', colour: 'teal', privacy });
    assert.equal(status, 201, JSON.stringify(body));
    return body;
  };
  const names = async (as: string, q?: string) => {
    const { body } = await call(as, 'GET', `/api/v1/communities${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    return body.communities.map((c: any) => c.name) as string[];
  };

  before(async () => {
    commons = await startTestCommons();
  });
  after(() => commons.dispose());

  it('creates a community with its creator as owner, and refuses a duplicate name in any case or spacing', async () => {
    const name = `Running club ${randomUUID().slice(0, 6)}`;
    const created = await create('open', name);
    assert.deepEqual([created.memberCount, created.myStanding, created.isOwner, created.hex], [1, 'owner', true, '#00777B']);
    const again = await call(MEMBER, 'POST', '/api/v1/communities', { name: `  ${name.toUpperCase().replace(' ', '   ')} `, privacy: 'open' });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already exists/);
    for (const bad of [{ name: '', privacy: 'open' }, { name: 'x', privacy: 'public' }, { name: 'x'.repeat(81), privacy: 'open' }, { name: 'x', privacy: 'open', colour: 'beige' }, { name: 'x', privacy: 'open', extra: 1 }, { name: 'x', privacy: 'open', emoji: 'abc' }]) {
      assert.equal((await call(MEMBER, 'POST', '/api/v1/communities', bad)).status, 400, JSON.stringify(bad));
    }
    assert.deepEqual((await call(MEMBER, 'GET', '/api/v1/communities/mine')).body.communities, []);
  });

  it('open: anyone joins and reads; joining twice counts once; leaving gives the place back', async () => {
    const open = await create('open');
    assert.equal((await call(STRANGER, 'GET', `/api/v1/communities/${open.id}/members`)).status, 200);
    const joined = await call(MEMBER, 'POST', `/api/v1/communities/${open.id}/join`);
    assert.deepEqual([joined.status, joined.body.myStanding, joined.body.memberCount], [200, 'member', 2]);
    assert.equal((await call(MEMBER, 'POST', `/api/v1/communities/${open.id}/join`)).body.memberCount, 2);
    const members = (await call(STRANGER, 'GET', `/api/v1/communities/${open.id}/members`)).body.members;
    assert.deepEqual(members.map((m: any) => [m.userId, m.role]), [[OWNER, 'owner'], [MEMBER, 'member']]);
    assert.ok((await call(MEMBER, 'GET', '/api/v1/communities/mine')).body.communities.some((c: any) => c.id === open.id));
    const left = await call(MEMBER, 'POST', `/api/v1/communities/${open.id}/leave`);
    assert.deepEqual([left.status, left.body.memberCount, left.body.myStanding], [200, 1, 'none']);
    assert.equal((await call(MEMBER, 'POST', `/api/v1/communities/${open.id}/leave`)).status, 409);
    assert.equal((await call(OWNER, 'POST', `/api/v1/communities/${open.id}/leave`)).status, 409, 'the last owner stays');
  });

  it('closed: everyone sees its about; non-members get 404 for its content; joining asks, an owner approves once', async () => {
    const closed = await create('closed');
    const about = await call(STRANGER, 'GET', `/api/v1/communities/${closed.id}`);
    assert.deepEqual([about.status, about.body.canRead, about.body.linkedChannelCount], [200, false, undefined]);
    assert.ok((await names(STRANGER)).includes(closed.name));
    assert.equal((await call(STRANGER, 'GET', `/api/v1/communities/${closed.id}/members`)).status, 404);
    const asked = await call(MEMBER, 'POST', `/api/v1/communities/${closed.id}/join`);
    assert.deepEqual([asked.body.myStanding, asked.body.memberCount], ['requested', 1]);
    assert.equal((await call(MEMBER, 'GET', `/api/v1/communities/${closed.id}/members`)).status, 404, 'a request is not membership');
    assert.equal((await call(MEMBER, 'GET', `/api/v1/communities/${closed.id}/requests`)).status, 403);
    assert.equal((await call(MEMBER, 'POST', `/api/v1/communities/${closed.id}/requests/${MEMBER}/approve`)).status, 403, 'not their own');
    const requests = (await call(OWNER, 'GET', `/api/v1/communities/${closed.id}/requests`)).body.requests;
    assert.deepEqual(requests.map((r: any) => r.userId), [MEMBER]);
    const approvals = await Promise.all([1, 2, 3].map(() => call(OWNER, 'POST', `/api/v1/communities/${closed.id}/requests/${MEMBER}/approve`)));
    assert.deepEqual(approvals.map((a) => a.status), [200, 200, 200]);
    assert.equal((await call(OWNER, 'GET', `/api/v1/communities/${closed.id}`)).body.memberCount, 2, 'approved three times, counted once');
    assert.deepEqual((await call(OWNER, 'GET', `/api/v1/communities/${closed.id}/requests`)).body.requests, []);
    assert.equal((await call(MEMBER, 'GET', `/api/v1/communities/${closed.id}/members`)).status, 200);
    // Declining: the request goes, nothing else changes.
    await call(STRANGER, 'POST', `/api/v1/communities/${closed.id}/join`);
    assert.equal((await call(OWNER, 'POST', `/api/v1/communities/${closed.id}/requests/${STRANGER}/decline`)).status, 200);
    assert.equal((await call(OWNER, 'POST', `/api/v1/communities/${closed.id}/requests/${STRANGER}/decline`)).status, 404);
    assert.equal((await call(STRANGER, 'GET', `/api/v1/communities/${closed.id}`)).body.myStanding, 'none');
  });

  it('secret: 404 through every route and absent from discovery and search for non-members, even admins; members added by an owner', async () => {
    const secret = await create('secret', `Secret reorg ${randomUUID().slice(0, 6)}`);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/communities/${secret.id}`],
      ['GET', `/api/v1/communities/${secret.id}/members`],
      ['GET', `/api/v1/communities/${secret.id}/requests`],
      ['POST', `/api/v1/communities/${secret.id}/join`],
      ['POST', `/api/v1/communities/${secret.id}/leave`],
      ['POST', `/api/v1/communities/${secret.id}/archive`],
      ['POST', `/api/v1/communities/${secret.id}/members`, { userId: STRANGER }],
      ['PUT', `/api/v1/communities/${secret.id}/members/${OWNER}`, { role: 'member' }],
      ['DELETE', `/api/v1/communities/${secret.id}/members/${OWNER}`],
      ['POST', `/api/v1/communities/${secret.id}/requests/${STRANGER}/approve`],
      ['POST', `/api/v1/communities/${secret.id}/requests/${STRANGER}/decline`],
    ];
    for (const as of [STRANGER, ADMIN]) {
      for (const [method, path, body] of routes) {
        const { status, body: answer } = await call(as, method, path, body);
        assert.equal(status, 404, `${method} ${path} as ${as}`);
        assert.ok(!JSON.stringify(answer).includes('Secret reorg'), 'nothing of it in the answer');
      }
      assert.ok(!(await names(as)).includes(secret.name));
      assert.deepEqual(await names(as, 'reorg'), []);
    }
    assert.equal((await call(OWNER, 'GET', `/api/v1/communities/${secret.id}/members`)).body.members.length, 1, 'nothing changed');
    assert.equal((await call(OWNER, 'POST', `/api/v1/communities/${secret.id}/members`, { userId: MEMBER })).status, 201);
    assert.equal((await call(OWNER, 'POST', `/api/v1/communities/${secret.id}/members`, { userId: 'not-a-person' })).status, 400);
    assert.ok((await names(MEMBER, 'secret reorg')).includes(secret.name), 'members find it');
    assert.equal((await call(MEMBER, 'GET', `/api/v1/communities/${secret.id}/members`)).body.members.length, 2);
    assert.equal((await call(MEMBER, 'POST', `/api/v1/communities/${secret.id}/members`, { userId: STRANGER })).status, 403, 'members do not invite');
    const left = await call(MEMBER, 'POST', `/api/v1/communities/${secret.id}/leave`);
    assert.deepEqual(left.body, { id: secret.id, left: true });
    assert.equal((await call(MEMBER, 'GET', `/api/v1/communities/${secret.id}`)).status, 404, 'gone once you leave');
  });

  it('roles: owners promote and demote, moderators approve and remove members but not owners; the last owner stays', async () => {
    const community = await create('closed');
    await call(OWNER, 'POST', `/api/v1/communities/${community.id}/members`, { userId: MEMBER });
    await call(OWNER, 'POST', `/api/v1/communities/${community.id}/members`, { userId: STRANGER });
    assert.equal((await call(MEMBER, 'PUT', `/api/v1/communities/${community.id}/members/${MEMBER}`, { role: 'owner' })).status, 403);
    assert.equal((await call(OWNER, 'PUT', `/api/v1/communities/${community.id}/members/${MEMBER}`, { role: 'moderator' })).body.member.role, 'moderator');
    assert.equal((await call(OWNER, 'PUT', `/api/v1/communities/${community.id}/members/${MEMBER}`, { role: 'king' })).status, 400);
    assert.equal((await call(MEMBER, 'DELETE', `/api/v1/communities/${community.id}/members/${OWNER}`)).status, 403, 'moderators do not remove owners');
    assert.equal((await call(OWNER, 'PUT', `/api/v1/communities/${community.id}/members/${OWNER}`, { role: 'member' })).status, 409, 'the last owner');
    assert.equal((await call(MEMBER, 'DELETE', `/api/v1/communities/${community.id}/members/${STRANGER}`)).status, 200);
    assert.equal((await call(STRANGER, 'GET', `/api/v1/communities/${community.id}/members`)).status, 404);
    assert.equal((await call(OWNER, 'PUT', `/api/v1/communities/${community.id}/members/${MEMBER}`, { role: 'owner' })).status, 200);
    assert.equal((await call(OWNER, 'PUT', `/api/v1/communities/${community.id}/members/${OWNER}`, { role: 'member' })).status, 200, 'another owner now');
    const members = (await call(MEMBER, 'GET', `/api/v1/communities/${community.id}/members`)).body.members;
    assert.deepEqual(members.map((m: any) => [m.userId, m.role]), [[MEMBER, 'owner'], [OWNER, 'member']]);
  });

  it('archive: owners only; an archived community is read, never joined', async () => {
    const community = await create('open');
    assert.equal((await call(MEMBER, 'POST', `/api/v1/communities/${community.id}/archive`)).status, 403);
    assert.equal((await call(OWNER, 'POST', `/api/v1/communities/${community.id}/archive`)).body.archived, true);
    assert.equal((await call(OWNER, 'POST', `/api/v1/communities/${community.id}/archive`)).status, 409);
    const join = await call(MEMBER, 'POST', `/api/v1/communities/${community.id}/join`);
    assert.equal(join.status, 409);
    assert.match(join.body.error.message, /archived/);
    assert.equal((await call(MEMBER, 'GET', `/api/v1/communities/${community.id}`)).body.memberCount, 1);
  });

  it('discovers newest first, searches names and descriptions, pages by continuation token', async () => {
    const tag = `q${randomUUID().replace(/[^a-f]/g, '').slice(0, 8)}`; // letters only: a number in it would match other names
    const made = [];
    for (let i = 0; i < 23; i++) made.push(await create('open', `Guild ${tag} ${i}`, await somebody(`Guild founder ${i}`)));
    const first = (await call(STRANGER, 'GET', `/api/v1/communities?q=guild%20${tag}`)).body;
    assert.equal(first.communities.length, 20);
    assert.equal(first.communities[0].name, `Guild ${tag} 22`);
    const second = (await call(STRANGER, 'GET', `/api/v1/communities?q=guild%20${tag}&continuationToken=${first.continuationToken}`)).body;
    assert.deepEqual(second.communities.map((c: any) => c.name), [`Guild ${tag} 2`, `Guild ${tag} 1`, `Guild ${tag} 0`]);
    assert.equal(second.continuationToken, undefined);
    assert.deepEqual(await names(STRANGER, `about guild ${tag} 22`), [`Guild ${tag} 22`], 'the description matches too');
    assert.equal((await call(STRANGER, 'GET', '/api/v1/communities?continuationToken=abc')).status, 400);
  });

  it('describes every community route in the OpenAPI document', async () => {
    const { body } = await call(STRANGER, 'GET', '/api/v1/openapi.json');
    for (const path of ['/api/v1/communities', '/api/v1/communities/mine', '/api/v1/communities/{id}', '/api/v1/communities/{id}/members', '/api/v1/communities/{id}/members/{userId}', '/api/v1/communities/{id}/join', '/api/v1/communities/{id}/leave', '/api/v1/communities/{id}/archive', '/api/v1/communities/{id}/requests', '/api/v1/communities/{id}/requests/{userId}/approve', '/api/v1/communities/{id}/requests/{userId}/decline']) {
      assert.ok(body.paths[path], path);
    }
    assert.deepEqual(body.paths['/api/v1/communities'].post.requestBody.content['application/json'].schema.properties.privacy.enum, ['open', 'closed', 'secret']);
  });
});
