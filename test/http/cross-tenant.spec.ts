import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_POSTS, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, botRemoved, installationUpdate, message, postActivity, taskFetch, taskSubmit } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';

/**
 * Tenant isolation, route by route and action by action.
 *
 * Tenant A is the seeded demo tenant, with Commons installed in a channel, a group chat
 * and a personal chat. Every row below is tried as tenant B (local mode's dev identity
 * for the API, `channelData.tenant` for the bot), by two callers: a stranger, and a
 * user of B whose object id equals A's admin's (ids must never be trusted without
 * their tenant). For each attempt the test asserts:
 *   - no 5xx, and the row's expected status when it names one;
 *   - nothing of A in the response or in anything the bot sent: A's tenant id, people's
 *     ids, names and e-mail addresses, post ids, titles and bodies, conversation ids (values the caller
 *     itself sent are allowed to come back);
 * and, after all rows, that every one of A's documents is byte-for-byte unchanged
 * (`_etag` included: any write, even of the same values, changes it).
 *
 * How to add a row: when a route or card action lands, append it to API_ROUTES or
 * BOT_ACTIONS. Aim it at A's objects through the `a` argument (A's post ids, user ids,
 * conversation ids), e.g. for reactions:
 *   { method: 'POST', path: (a) => `/api/v1/posts/${a.postIds[0]}/reactions`, body: () => ({ reaction: 'like' }), expect: [403, 404] }
 * and for an Adaptive Card Action.Execute, an `invoke` activity whose `value.action.data`
 * names A's post id. If the feature stores a new kind of document, add its container to
 * the store declaration and it is covered by the unchanged check automatically.
 */

const TENANT_B = '0b0b0b0b-0000-4000-8000-00000000000b';
const STRANGER_B = '0b0b0b0b-0000-4000-8000-0000000000a1';
const A_ADMIN = DEMO_PEOPLE.find((person) => person.roles.includes('admin'))!;

/** A's objects, for rows that aim at them. */
interface TenantA {
  tenantId: string;
  userIds: string[];
  adminUserId: string;
  postIds: string[];
  conversationIds: string[];
}

interface ApiRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (a: TenantA) => string;
  body?: (a: TenantA) => unknown;
  /** Statuses that count as refusal for this row; by default anything below 500. */
  expect?: number[];
}

interface BotRow {
  name: string;
  /** The activity tenant B's Teams would send; `serviceUrl` is the mock connector. */
  activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) => object;
  expect?: number[];
}

const API_ROUTES: ApiRow[] = [
  { method: 'GET', path: () => '/api/v1/me' },
  { method: 'GET', path: () => '/api/v1/feed' },
  { method: 'GET', path: () => '/api/v1/people' },
  { method: 'GET', path: () => '/api/v1/conversations' },
  { method: 'GET', path: () => '/api/v1/dev/identities', expect: [200] },
  { method: 'GET', path: () => '/api/v1/settings/reactions', expect: [200] },
  { method: 'POST', path: (a) => `/api/v1/posts/${a.postIds[0]}/repair`, expect: [403, 404] },
  { method: 'PUT', path: () => '/api/v1/settings/reactions', body: () => ({ reactions: [{ type: 'b', emoji: '🅱️', label: 'B' }] }), expect: [403] },
];

const BOT_ACTIONS: BotRow[] = [
  {
    name: 'a "help" message in B\'s personal chat',
    activity: (a, serviceUrl, from) => message('help', { serviceUrl, tenantId: TENANT_B, from }),
  },
  {
    name: "a message naming A's channel as its conversation",
    activity: (a, serviceUrl, from) => message(`help ${a.postIds[0]}`, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
  },
  {
    name: "an uninstall from A's channel (same conversation id, tenant B)",
    activity: (a, serviceUrl, from) => botRemoved({ serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
  },
  {
    name: "an installationUpdate remove for A's group chat",
    activity: (a, serviceUrl, from) => installationUpdate('remove', { serviceUrl, tenantId: TENANT_B, from, place: 'groupChat' }),
  },
  {
    name: "an invoke naming A's post in its data",
    activity: (a, serviceUrl, from) => ({
      ...message('', { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'react', data: { postId: a.postIds[0], tenantId: a.tenantId } } },
    }),
  },
  ...(['post.react', 'post.refresh', 'post.delete'] as const).map((verb) => ({
    name: `${verb} on A's post`,
    activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) =>
      actionExecute(verb, { postId: a.postIds[0], reaction: 'like', tenantId: a.tenantId }, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
    expect: [200],
  })),
  ...(['post.comments', 'post.report', 'post.edit'] as const).map((verb) => ({
    name: `${verb} dialog on A's post`,
    activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) =>
      taskFetch({ verb, postId: a.postIds[0] }, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
    expect: [200],
  })),
  ...(['post.comments', 'post.report', 'post.edit'] as const).map((verb) => ({
    name: `${verb} submitted on A's post`,
    activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) =>
      taskSubmit({ verb, postId: a.postIds[0], text: 'from B', reason: 'from B', body: 'from B' }, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
    expect: [200],
  })),
  {
    name: "post.publish into A's channel",
    activity: (a, serviceUrl, from) => actionExecute('post.publish', { body: 'from B', target: a.conversationIds[0] }, { serviceUrl, tenantId: TENANT_B, from, place: 'personal' }),
    expect: [200],
  },
];

const CALLERS_OF_B = [
  { label: 'a stranger in tenant B', userId: STRANGER_B },
  { label: "a tenant B user whose object id equals A's admin's", userId: A_ADMIN.userId },
];

/** Every document of tenant A, keyed by container and id. */
async function documentsOf(commons: TestCommons, tenantId: string): Promise<Map<string, unknown>> {
  const documents = new Map<string, unknown>();
  for (const [name, container] of Object.entries(commons.store.containers)) {
    const { resources } = await container.items.readAll().fetchAll();
    for (const doc of resources) {
      if (doc.tenantId === tenantId || String(doc.pk ?? '').startsWith(tenantId)) documents.set(`${name}/${doc.id}`, doc);
    }
  }
  return documents;
}

describe('cross-tenant isolation: tenant B cannot see or change tenant A', () => {
  let commons: TestCommons;
  let connector: MockConnector;
  let a: TenantA;
  let snapshot: Map<string, unknown>;
  let fingerprints: string[];

  const leaksIn = (text: string, sent: string) =>
    fingerprints.filter((value) => !sent.toLowerCase().includes(value.toLowerCase()) && text.toLowerCase().includes(value.toLowerCase()));

  async function assertNoLeak(label: string, status: number, text: string, sent: string, expect?: number[]): Promise<void> {
    assert.ok(status < 500, `${label}: status ${status}`);
    if (expect) assert.ok(expect.includes(status), `${label}: status ${status}, expected one of ${expect.join(', ')}`);
    assert.deepEqual(leaksIn(text, sent), [], `${label}: response shows tenant A's data`);
    const sentByBot = JSON.stringify(connector.calls);
    assert.deepEqual(leaksIn(sentByBot, sent), [], `${label}: the bot sent tenant A's data`);
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    for (const place of ['channel', 'groupChat', 'personal'] as const) {
      const response = await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place }));
      assert.equal(response.status, 200);
    }
    const documents = await documentsOf(commons, DEMO_TENANT_ID);
    const of = (container: string) => [...documents.entries()].filter(([key]) => key.startsWith(`${container}/`)).map(([, doc]) => doc as Record<string, any>);
    a = {
      tenantId: DEMO_TENANT_ID,
      userIds: DEMO_PEOPLE.map((person) => person.userId),
      adminUserId: A_ADMIN.userId,
      postIds: of('posts').map((post) => String(post.postId ?? post.id)),
      conversationIds: of('conversations').filter((doc) => doc.type === 'conversation').map((conversation) => String(conversation.conversationId)),
    };
    assert.ok(a.postIds.length >= DEMO_POSTS.length && a.conversationIds.length === 3, 'tenant A is seeded and installed');
    fingerprints = [
      DEMO_TENANT_ID,
      ...DEMO_PEOPLE.flatMap((person) => [person.userId, person.displayName, person.email]),
      ...DEMO_POSTS.flatMap((post) => [post.title, post.body.slice(0, 40)]),
      ...a.postIds,
      ...a.conversationIds,
    ];
    connector.reset();
    snapshot = await documentsOf(commons, DEMO_TENANT_ID);
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });
  beforeEach(() => connector.reset());

  for (const caller of CALLERS_OF_B) {
    describe(`as ${caller.label}`, () => {
      const headers = () => ({ 'content-type': 'application/json', 'x-dev-tenant': TENANT_B, 'x-dev-user': caller.userId });

      for (const row of API_ROUTES) {
        it(`${row.method} ${row.path({ tenantId: 'A', userIds: [], adminUserId: '', postIds: ['<A post>'], conversationIds: [] })} shows nothing of A`, async () => {
          const path = row.path(a);
          const body = row.body ? JSON.stringify(row.body(a)) : undefined;
          const response = await fetch(`${commons.url}${path}`, { method: row.method, headers: headers(), body });
          const text = await response.text();
          const sent = `${path} ${body ?? ''} ${JSON.stringify(headers())}`;
          // The local-mode switcher lists the demo tenant by design: it is the one place A is named.
          if (path === '/api/v1/dev/identities') {
            assert.equal(response.status, 200);
            return;
          }
          await assertNoLeak(`${row.method} ${path}`, response.status, text, sent, row.expect);
        });
      }

      it('/api/v1/me gives tenant B, the caller, and no roles borrowed from A', async () => {
        const response = await fetch(`${commons.url}/api/v1/me`, { headers: headers() });
        const body = await response.json();
        assert.equal(body.tenantId, TENANT_B);
        assert.equal(body.userId, caller.userId);
        assert.deepEqual(body.roles, []);
        assert.equal(body.displayName, '');
      });

      for (const row of BOT_ACTIONS) {
        it(`bot: ${row.name} shows and changes nothing of A`, async () => {
          const from = { id: `29:${caller.userId}`, name: 'Tenant B user', aadObjectId: caller.userId };
          const activity = row.activity(a, connector.url, from);
          const response = await postActivity(commons.url, activity);
          const text = await response.text();
          await assertNoLeak(`bot ${row.name}`, response.status, text, JSON.stringify(activity), row.expect);
        });
      }
    });
  }

  it("leaves every one of tenant A's documents unchanged", async () => {
    const now = await documentsOf(commons, DEMO_TENANT_ID);
    assert.deepEqual([...now.keys()].sort(), [...snapshot.keys()].sort(), 'no document of A created or deleted');
    for (const [key, doc] of snapshot) assert.deepEqual(now.get(key), doc, `${key} changed`);
  });
});
