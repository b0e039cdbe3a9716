import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';

const ADMIN = DEMO_PEOPLE[0].userId; // Alex Wilber, admin
const MEMBER = DEMO_PEOPLE[5].userId; // Lynne Robbins, Software Engineer, no roles
const ENGINEERS = DEMO_PEOPLE.filter((p) => /engineer/i.test(`${p.jobTitle} ${p.department}`)).map((p) => p.displayName).sort();
const headers = (userId: string) => ({ 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': userId });

interface PeopleBody {
  people: Array<Record<string, unknown> & { userId: string; displayName: string }>;
  continuation?: string;
  error?: { code: string; message: string };
}

describe('people API: search, directory pages and roles', function () {
  this.timeout(30_000);
  let commons: TestCommons;

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
  });
  after(() => commons?.dispose());

  const get = async (userId: string, query: Record<string, string>) => {
    const response = await fetch(`${commons.url}/api/v1/people?${new URLSearchParams(query)}`, { headers: headers(userId) });
    return { status: response.status, body: (await response.json()) as PeopleBody };
  };
  const putRoles = (userId: string, target: string, body: unknown) =>
    fetch(`${commons.url}/api/v1/people/${target}/roles`, { method: 'PUT', headers: headers(userId), body: JSON.stringify(body) });

  it('searches by any word prefix of name, title or department, and shows a member only what a picker needs', async () => {
    const { status, body } = await get(MEMBER, { search: 'eng' });
    assert.equal(status, 200);
    assert.deepEqual(body.people.map((p) => p.displayName), ENGINEERS);
    for (const person of body.people) assert.deepEqual(Object.keys(person).sort(), ['department', 'displayName', 'jobTitle', 'userId'], 'no email, manager or roles');
    assert.deepEqual((await get(MEMBER, { search: 'ADELE va' })).body.people.map((p) => p.displayName), ['Adele Vance']);
  });

  it('shows admins roles, manager and account state in the same search', async () => {
    const { body } = await get(ADMIN, { search: 'grady' });
    assert.equal(body.people.length, 1);
    assert.deepEqual(body.people[0].roles, ['manager']);
    assert.equal(body.people[0].managerName, 'Joni Sherman');
    assert.equal(body.people[0].accountEnabled, true);
  });

  it('pages a search and the directory by continuation token, each person once', async () => {
    for (const query of [{ search: 'eng' }, {}] as Array<Record<string, string>>) {
      const names: string[] = [];
      let continuation: string | undefined;
      do {
        const { status, body } = await get(MEMBER, { ...query, limit: '2', ...(continuation && { continuation }) });
        assert.equal(status, 200);
        assert.ok(body.people.length <= 2);
        names.push(...body.people.map((p) => p.displayName));
        continuation = body.continuation;
      } while (continuation);
      const expected = query.search ? ENGINEERS : DEMO_PEOPLE.map((p) => p.displayName);
      assert.deepEqual([...names].sort(), [...expected].sort(), JSON.stringify(query));
    }
  });

  it('refuses a one-letter search, a foreign continuation and an over-large page with a clear 400', async () => {
    const bad: Array<Record<string, string>> = [{ search: "a" }, { search: "eng", continuation: "bm90LW91cnM" }, { continuation: "x" }, { limit: "26" }, { search: "x".repeat(101) }];
    for (const query of bad) {
      const { status, body } = await get(MEMBER, query);
      assert.equal(status, 400, JSON.stringify(query));
      assert.equal(body.error?.code, 'bad_request');
    }
  });

  it('lets an admin assign roles, recording who and when; refuses members, unknown roles and people, and self-demotion', async () => {
    const target = DEMO_PEOPLE[10].userId; // Nestor Wilke, no roles
    assert.equal((await putRoles(MEMBER, target, { roles: ['admin'] })).status, 403);
    assert.equal((await putRoles(ADMIN, target, { roles: ['overlord'] })).status, 400);
    assert.equal((await putRoles(ADMIN, target, { roles: ['author'], tenantId: 'x' })).status, 400);
    assert.equal((await putRoles(ADMIN, '00000000-0000-4000-8000-000000000000', { roles: ['author'] })).status, 404);
    assert.equal((await putRoles(ADMIN, ADMIN, { roles: ['author'] })).status, 409);
    assert.deepEqual((await get(ADMIN, { search: 'nestor' })).body.people[0].roles, [], 'nothing changed by the refusals');

    const response = await putRoles(ADMIN, target, { roles: ['moderator', 'author'] });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { person: { roles: string[] }; change: { changedBy: string; changedAt: string } };
    assert.deepEqual(body.person.roles, ['author', 'moderator']);
    assert.equal(body.change.changedBy, ADMIN);
    const me = await (await fetch(`${commons.url}/api/v1/me`, { headers: headers(target) })).json() as { roles: string[] };
    assert.deepEqual(me.roles, ['author', 'moderator'], 'the new roles take effect');
    const history = await (await fetch(`${commons.url}/api/v1/people/${target}/roles/history`, { headers: headers(ADMIN) })).json() as { changes: Array<{ changedBy: string; roles: string[]; previousRoles: string[] }> };
    assert.deepEqual(history.changes.map((c) => [c.changedBy, c.roles, c.previousRoles]), [[ADMIN, ['author', 'moderator'], []]]);
    assert.equal((await fetch(`${commons.url}/api/v1/people/${target}/roles/history`, { headers: headers(MEMBER) })).status, 403);
  });

  it('describes the people routes in the OpenAPI document, parameters from their zod schemas', async () => {
    const document = await (await fetch(`${commons.url}/api/v1/openapi.json`)).json() as { paths: Record<string, any> };
    const parameters = document.paths['/api/v1/people'].get.parameters.map((p: { name: string; schema: { maximum?: number } }) => [p.name, p.schema.maximum]);
    assert.deepEqual(parameters, [['search', undefined], ['continuation', undefined], ['limit', 25]]);
    assert.deepEqual(document.paths['/api/v1/people/{userId}/roles'].put.requestBody.content['application/json'].schema.properties.roles.items.enum, ['admin', 'author', 'approver', 'moderator', 'manager']);
  });
});
