import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_POSTS, DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, BOT, botInstalled, botRemoved, installationUpdate, invoke, mentioning, message, postActivity, taskFetch, taskSubmit } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { rankOf } from '../../src/store/member-lists';

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
  /** An open and a secret community of A's. */
  communityIds: string[];
  /** An ask-me-anything event in A's open community, with one question. */
  amaId: string;
  questionId: string;
  /** A Studio draft of A's, waiting for approval. */
  draftIds: string[];
}

interface ApiRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (a: TenantA) => string;
  body?: (a: TenantA) => unknown;
  /** Statuses that count as refusal for this row; by default anything below 500. */
  expect?: number[];
  /** Tried from tenant B only: inside A, an admin may do it for real (erasing a person), so "as for a missing post" does not apply. */
  crossTenantOnly?: boolean;
}

interface BotRow {
  name: string;
  /** The activity tenant B's Teams would send; `serviceUrl` is the mock connector. */
  activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) => object;
  expect?: number[];
  /** Install and uninstall events: Teams sends them only from inside the place, so they have no "not a member" form. */
  lifecycle?: true;
}

const API_ROUTES: ApiRow[] = [
  { method: 'GET', path: () => '/api/v1/me' },
  { method: 'GET', path: () => '/api/v1/feed' },
  { method: 'GET', path: () => '/api/v1/people' },
  { method: 'GET', path: (a) => `/api/v1/people/${a.adminUserId}/profile`, expect: [404] },
  { method: 'GET', path: (a) => `/api/v1/people/${a.userIds[5]}/profile`, expect: [404] },
  { method: 'GET', path: () => '/api/v1/people/me/profile', expect: [404] },
  { method: 'PUT', path: () => '/api/v1/me/profile', body: () => ({ skills: ['Borrowed'], interests: [] }), expect: [404] },
  { method: 'GET', path: () => '/api/v1/people?search=engineer' },
  { method: 'GET', path: () => '/api/v1/conversations' },
  { method: 'GET', path: () => '/api/v1/dev/identities', expect: [200] },
  { method: 'GET', path: () => '/api/v1/settings/reactions', expect: [200] },
  { method: 'POST', path: (a) => `/api/v1/posts/${a.postIds[0]}/repair`, expect: [403, 404] },
  { method: 'PUT', path: () => '/api/v1/settings/reactions', body: () => ({ reactions: [{ type: 'b', emoji: '🅱️', label: 'B' }] }), expect: [403] },
  { method: 'GET', path: () => '/api/v1/kudos/wall' },
  { method: 'GET', path: () => '/api/v1/kudos/wall?scope=department&department=Engineering' },
  { method: 'GET', path: () => '/api/v1/kudos/wall?scope=team' },
  { method: 'GET', path: () => '/api/v1/kudos/mine?direction=given' },
  { method: 'GET', path: () => '/api/v1/kudos/leaderboard?period=quarter' },
  { method: 'GET', path: (a) => `/api/v1/kudos/people/${a.userIds[1]}`, expect: [404] },
  { method: 'GET', path: () => '/api/v1/kudos/settings', expect: [200] },
  { method: 'GET', path: () => '/api/v1/kudos/notices', expect: [403] },
  { method: 'PUT', path: () => '/api/v1/kudos/settings', body: () => ({ sendPolicy: 'everyone', weeklyAllowance: null, notifyManagers: false, badges: [{ id: 'b', name: 'B', emoji: '🅱️', colour: 'red' }] }), expect: [403] },
  { method: 'GET', path: () => '/api/v1/audit?action=roles.change', expect: [403] },
  { method: 'GET', path: () => '/api/v1/audit.csv?action=roles.change', expect: [403] },
  { method: 'GET', path: () => '/api/v1/analytics/scopes', expect: [200] },
  { method: 'GET', path: () => '/api/v1/analytics?format=csv' },
  { method: 'GET', path: (a) => `/api/v1/analytics?community=${a.communityIds[0]}`, expect: [403] },
  { method: 'GET', path: (a) => `/api/v1/analytics?community=${a.communityIds[1]}&format=csv`, expect: [403] },
  { method: 'GET', path: () => '/api/v1/communities', expect: [200] },
  { method: 'GET', path: () => `/api/v1/communities?q=${encodeURIComponent(A_COMMUNITIES[0])}`, expect: [200] },
  { method: 'GET', path: () => '/api/v1/communities/mine', expect: [200] },
  ...[0, 1].flatMap((n): ApiRow[] => [
    { method: 'GET', path: (a) => `/api/v1/communities/${a.communityIds[n]}`, expect: [404] },
    { method: 'GET', path: (a) => `/api/v1/communities/${a.communityIds[n]}/members`, expect: [404] },
    { method: 'GET', path: (a) => `/api/v1/communities/${a.communityIds[n]}/requests`, expect: [404] },
    { method: 'POST', path: (a) => `/api/v1/communities/${a.communityIds[n]}/join`, expect: [404] },
    { method: 'POST', path: (a) => `/api/v1/communities/${a.communityIds[n]}/leave`, expect: [404] },
    { method: 'POST', path: (a) => `/api/v1/communities/${a.communityIds[n]}/archive`, expect: [404] },
    { method: 'POST', path: (a) => `/api/v1/communities/${a.communityIds[n]}/members`, body: (a) => ({ userId: a.adminUserId }), expect: [404] },
    { method: 'PUT', path: (a) => `/api/v1/communities/${a.communityIds[n]}/members/${a.adminUserId}`, body: () => ({ role: 'member' }), expect: [404] },
    { method: 'DELETE', path: (a) => `/api/v1/communities/${a.communityIds[n]}/members/${a.adminUserId}`, expect: [404] },
    { method: 'POST', path: (a) => `/api/v1/communities/${a.communityIds[n]}/requests/${a.adminUserId}/approve`, expect: [404] },
    { method: 'POST', path: (a) => `/api/v1/communities/${a.communityIds[n]}/requests/${a.adminUserId}/decline`, expect: [404] },
    { method: 'GET', path: (a) => `/api/v1/communities/${a.communityIds[n]}/feed`, expect: [404] },
    { method: 'POST', path: (a) => `/api/v1/communities/${a.communityIds[n]}/posts`, body: () => ({ kind: 'discussion', text: 'from outside' }), expect: [404] },
    { method: 'GET', path: (a) => `/api/v1/communities/${a.communityIds[n]}/feed?kind=question&unanswered=true`, expect: [404] },
    { method: 'GET', path: (a) => `/api/v1/communities/${a.communityIds[n]}/amas`, expect: [404] },
    { method: 'POST', path: (a) => `/api/v1/communities/${a.communityIds[n]}/amas`, body: () => ({ title: 'from outside', endsAt: new Date(Date.now() + 3_600_000).toISOString() }), expect: [404] },
  ]),
  { method: 'GET', path: (a) => `/api/v1/amas/${a.amaId}`, expect: [404] },
  { method: 'POST', path: (a) => `/api/v1/amas/${a.amaId}/questions`, body: () => ({ text: 'from outside' }), expect: [404] },
  { method: 'PUT', path: (a) => `/api/v1/amas/${a.amaId}/questions/${a.questionId}/upvote`, expect: [404] },
  { method: 'DELETE', path: (a) => `/api/v1/amas/${a.amaId}/questions/${a.questionId}/upvote`, expect: [404] },
  { method: 'PUT', path: (a) => `/api/v1/amas/${a.amaId}/questions/${a.questionId}/answer`, body: () => ({ text: 'from outside' }), expect: [404] },
  { method: 'POST', path: (a) => `/api/v1/posts/${a.postIds[0]}/best-answer`, body: () => ({ commentId: '00000000-0000-4000-8000-00000000c0de' }), expect: [404] },
  { method: 'POST', path: (a) => `/api/v1/posts/${a.postIds[0]}/reports`, body: () => ({ reason: 'spam', note: 'from outside' }), expect: [404] },
  { method: 'POST', path: (a) => `/api/v1/posts/${a.postIds[0]}/comments/00000000-0000-4000-8000-00000000c0de/reports`, body: () => ({ reason: 'spam' }), expect: [404] },
  // Reacting, commenting and acknowledging from the tab: the post gate answers as for a post that does not exist.
  { method: 'PUT', path: (a) => `/api/v1/posts/${a.postIds[0]}/reaction`, body: () => ({ reaction: 'like' }), expect: [404] },
  { method: 'GET', path: (a) => `/api/v1/posts/${a.postIds[0]}/comments`, expect: [404] },
  { method: 'POST', path: (a) => `/api/v1/posts/${a.postIds[0]}/comments`, body: () => ({ text: 'from outside' }), expect: [404] },
  { method: 'POST', path: (a) => `/api/v1/announcements/${a.postIds[0]}/acknowledge`, expect: [404] },
  // A poll's results and a vote from the tab: the same gate (A's post is not found, whatever B chooses).
  { method: 'GET', path: (a) => `/api/v1/posts/${a.postIds[0]}/poll`, expect: [404] },
  { method: 'PUT', path: (a) => `/api/v1/posts/${a.postIds[0]}/poll/vote`, body: () => ({ choices: ['1'] }), expect: [404] },
  { method: 'GET', path: () => '/api/v1/moderation/queue', expect: [200, 403] },
  { method: 'POST', path: () => '/api/v1/moderation/queue/decisions', body: (a) => ({ items: [{ itemKey: `post:${a.postIds[0]}`, action: 'remove' }] }), expect: [200, 403] },
  { method: 'GET', path: () => '/api/v1/settings/word-list', expect: [200, 403] },
  // A has published guidelines (A_GUIDELINES): B sees none, and has none to accept.
  { method: 'GET', path: () => '/api/v1/guidelines', expect: [200] },
  { method: 'POST', path: () => '/api/v1/guidelines/accept', body: () => ({ version: 1 }), expect: [404] },
  { method: 'GET', path: () => '/api/v1/settings/guidelines', expect: [200, 403] },
  // Following: nothing of A can be followed from B (as if it did not exist); B's own list and settings hold nothing of A.
  { method: 'PUT', path: (a) => `/api/v1/me/follows/community/${a.communityIds[0]}`, expect: [404] },
  { method: 'PUT', path: (a) => `/api/v1/me/follows/community/${a.communityIds[1]}`, expect: [404] },
  { method: 'PUT', path: (a) => `/api/v1/me/follows/thread/${a.postIds[0]}`, expect: [404] },
  // 400 for the caller whose object id equals A's admin's (themself), 404 for anyone else.
  { method: 'PUT', path: (a) => `/api/v1/me/follows/person/${a.userIds[0]}`, expect: [400, 404] },
  { method: 'DELETE', path: (a) => `/api/v1/me/follows/community/${a.communityIds[0]}`, expect: [200] },
  { method: 'GET', path: () => '/api/v1/me/follows', expect: [200] },
  { method: 'GET', path: () => '/api/v1/me/digest', expect: [200] },
  { method: 'PUT', path: () => '/api/v1/me/digest', body: () => ({ frequency: 'daily' }), expect: [200] },
  // Erasing one of A's people from B: nobody of that id in B (404), or not an admin there (403).
  { method: 'POST', path: (a) => `/api/v1/people/${a.userIds[1]}/erasure`, expect: [403, 404], crossTenantOnly: true },
  { method: 'POST', path: (a) => `/api/v1/people/${a.adminUserId}/erasure`, crossTenantOnly: true },
  // An erasure job is found under the caller's tenant only.
  { method: 'GET', path: () => `/api/v1/erasures/erased:${'0'.repeat(32)}`, expect: [403, 404] },
  { method: 'GET', path: () => '/api/v1/settings/privacy', expect: [200, 403] },
  { method: 'GET', path: () => '/api/v1/announcements' },
  { method: 'GET', path: () => '/api/v1/announcements?state=scheduled&from=2031-01-01T00:00:00Z&to=2031-12-31T00:00:00Z' },
];

/** Names of A's communities (open, secret): created through the API before the snapshot. */
const A_COMMUNITIES = ['Fabrikam bid team', 'Project Falcon leads'];
/** Titles of A's Studio draft (submitted for approval) and of an announcement scheduled for 2031. */
const A_STUDIO = ['Reorganisation of the Falcon team', 'Falcon quarterly numbers'];
/** A's published community guidelines: never shown to, or asked of, tenant B. */
const A_GUIDELINES = 'Fabrikam conduct: only for tenant A.';
/** The visibility rows are about posts: their Studio rows aim at a draft that does not exist. */
const NO_DRAFT = '00000000-0000-4000-8000-00000000d0af';

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
    lifecycle: true,
  },
  {
    name: "an installationUpdate remove for A's group chat",
    activity: (a, serviceUrl, from) => installationUpdate('remove', { serviceUrl, tenantId: TENANT_B, from, place: 'groupChat' }),
    lifecycle: true,
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
      taskSubmit({ verb, postId: a.postIds[0], text: 'from B', reason: 'spam', body: 'from B' }, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
    expect: [200],
  })),
  {
    name: 'digest.off from B (names A\'s tenant in its data)',
    activity: (a, serviceUrl, from) => actionExecute('digest.off', { digest: 'activity', tenantId: a.tenantId, userId: a.adminUserId }, { serviceUrl, tenantId: TENANT_B, from, place: 'personal' }),
    expect: [200],
  },
  {
    name: "kudos.join on A's post",
    activity: (a, serviceUrl, from) => actionExecute('kudos.join', { postId: a.postIds[0], tenantId: a.tenantId }, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
    expect: [200],
  },
  ...(['ama.ask', 'ama.upvote', 'ama.host', 'ama.answer'] as const).map((verb) => ({
    name: `${verb} on A's ask-me-anything event`,
    activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) =>
      actionExecute(verb, { postId: a.amaId, questionId: a.questionId, question: 'from outside', [`answer_${a.questionId}`]: 'from outside', tenantId: a.tenantId }, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
    expect: [200],
  })),
  ...(['poll.vote', 'poll.close'] as const).map((verb) => ({
    name: `${verb} on A's post`,
    activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) =>
      actionExecute(verb, { postId: a.postIds[0], choices: '1', tenantId: a.tenantId }, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
    expect: [200],
  })),
  {
    // Refused (one option) before anything is stored: B's own conversation with A's channel id would list as B's.
    name: 'a refused poll command in B\'s channel',
    activity: (a, serviceUrl, from) => mentioning('poll Which of A\'s posts? | One', { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
  },
  // Commands that start something (discuss, ask, poll) create B's own posts; linking names A's communities.
  ...['community link Fabrikam bid team', 'community link Project Falcon leads'].map((text) => ({
    name: `"${text}" in B's channel`,
    activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) => mentioning(text, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' }),
  })),
  {
    name: "a kudos command naming A's people",
    activity: (a, serviceUrl, from) => {
      const base = mentioning(`kudos <at>A</at> Mentor thanks from B`, { serviceUrl, tenantId: TENANT_B, from, place: 'channel' });
      return { ...base, entities: [...base.entities, { type: 'mention', text: '<at>A</at>', mentioned: { id: '29:a', name: 'A', aadObjectId: a.userIds[1] } }] };
    },
  },
  ...(['studio.approve', 'studio.reject'] as const).map((verb) => ({
    name: `${verb} on A's submitted draft`,
    activity: (a: TenantA, serviceUrl: string, from: { id: string; name: string; aadObjectId: string }) =>
      actionExecute(verb, { draftId: a.draftIds[0], comment: 'from B' }, { serviceUrl, tenantId: TENANT_B, from, place: 'personal' }),
    expect: [200],
  })),
  {
    name: "post.publish into A's channel",
    activity: (a, serviceUrl, from) => actionExecute('post.publish', { body: 'from B', target: a.conversationIds[0] }, { serviceUrl, tenantId: TENANT_B, from, place: 'personal' }),
    expect: [200],
  },
  {
    name: "post.publish into A's second place",
    activity: (a, serviceUrl, from) => actionExecute('post.publish', { body: 'from B', target: a.conversationIds[1] }, { serviceUrl, tenantId: TENANT_B, from, place: 'personal' }),
    expect: [200],
  },
  {
    name: "Share to Commons submitted into A's place",
    activity: (a, serviceUrl, from) =>
      invoke('composeExtension/submitAction', { commandId: 'shareToCommons', commandContext: 'message', data: { body: 'from B', target: a.conversationIds[0], sharedFromName: 'B' } }, { serviceUrl, tenantId: TENANT_B, from, place: 'personal' }),
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
    // Each caller of B tries every row, more writes than a person makes: the limits are not under test here.
    const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 100 };
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    for (const place of ['channel', 'groupChat', 'personal'] as const) {
      const response = await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place }));
      assert.equal(response.status, 200);
    }
    const communityIds: string[] = [];
    for (const [name, privacy] of [[A_COMMUNITIES[0], 'open'], [A_COMMUNITIES[1], 'secret']]) {
      const response = await fetch(`${commons.url}/api/v1/communities`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': A_ADMIN.userId }, body: JSON.stringify({ name, privacy }) });
      assert.equal(response.status, 201);
      communityIds.push(((await response.json()) as { id: string }).id);
    }
    const asA = { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': A_ADMIN.userId };
    const ama = await fetch(`${commons.url}/api/v1/communities/${communityIds[0]}/amas`, { method: 'POST', headers: asA, body: JSON.stringify({ title: 'A town hall', endsAt: new Date(Date.now() + 3_600_000).toISOString() }) });
    assert.equal(ama.status, 201);
    const amaId = ((await ama.json()) as { id: string }).id;
    const asked = await fetch(`${commons.url}/api/v1/amas/${amaId}/questions`, { method: 'POST', headers: asA, body: JSON.stringify({ text: 'A question of A' }) });
    assert.equal(asked.status, 201);
    const questionId = ((await asked.json()) as { id: string }).id;
    const asAdmin = (path: string, body: unknown) => fetch(`${commons.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': A_ADMIN.userId }, body: JSON.stringify(body) });
    const channelId = DEMO_TEAM.channels[0].channelId;
    const draft = (await (await asAdmin('/api/v1/studio/drafts', { content: { title: A_STUDIO[0], body: 'Only for tenant A.' }, audience: { channels: [channelId] } })).json()) as { id: string };
    assert.equal((await asAdmin(`/api/v1/studio/drafts/${draft.id}/submit`, {})).status, 200);
    assert.equal((await asAdmin('/api/v1/announcements', { title: A_STUDIO[1], body: 'Only for tenant A.', audience: { channels: [channelId] }, scheduledAt: '2031-06-02T09:00:00Z' })).status, 201);
    const guidelines = await fetch(`${commons.url}/api/v1/settings/guidelines`, { method: 'PUT', headers: asA, body: JSON.stringify({ markdown: A_GUIDELINES, publish: true }) });
    assert.equal(guidelines.status, 200);
    // The approvers' cards go out before the snapshot (a held notice, swept within a second or so).
    await eventually(async () => !(await commons.repositories.heldNotices.get(DEMO_TENANT_ID, draft.id, 'studioReview')), 20_000, "A's review notice swept", 200);
    const documents = await documentsOf(commons, DEMO_TENANT_ID);
    const of = (container: string) => [...documents.entries()].filter(([key]) => key.startsWith(`${container}/`)).map(([, doc]) => doc as Record<string, any>);
    a = {
      communityIds,
      amaId,
      questionId,
      draftIds: [draft.id],
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
      ...a.communityIds,
      ...A_COMMUNITIES,
      draft.id,
      ...A_STUDIO,
      A_GUIDELINES,
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
        it(`${row.method} ${row.path({ tenantId: 'A', userIds: [], adminUserId: '<A admin>', postIds: ['<A post>'], conversationIds: [], communityIds: ['<A open community>', '<A secret community>'], amaId: '<A event>', questionId: '<A question>', draftIds: ['<A draft>'] })} shows nothing of A`, async () => {
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

/**
 * The "same tenant, not a member" column: the same rows, sent by people of tenant A
 * who are not in a group chat or a private channel, aimed at the posts made there.
 * Each answer must be exactly the answer for a post (or place) that does not exist,
 * must show nothing of those posts, and nothing of them may change. Members, for
 * contrast, do see them (so the refusals are not vacuous).
 */
const GROUP_CHAT = '19:group-chat@thread.v2';
const PRIVATE_CHANNEL = '19:leadership-private@thread.tacv2';
const MEGAN = DEMO_PEOPLE.find((person) => person.displayName === 'Megan Bowen')!;
const ALEX_PERSON = DEMO_PEOPLE.find((person) => person.displayName === 'Alex Wilber')!;
const STRANGERS = ['Isaiah Langer', 'Adele Vance', 'Patti Fernandez', 'Joni Sherman'].map((name) => DEMO_PEOPLE.find((person) => person.displayName === name)!);
const SECRETS = ['Secret merger plans for Fabrikam', 'Leadership offsite budget', 'Only for the six of us'];
const SECRET_COMMUNITY = 'Project Nightingale steering';

/** A row's activity as tenant A's Teams would send it from the stranger's own chat or a channel they are in. */
function fromInsideTenantA(activity: any, userId: string): any {
  const moved = JSON.parse(JSON.stringify(activity).split(TENANT_B).join(DEMO_TENANT_ID));
  if (moved.conversation?.conversationType === 'personal') moved.conversation.id = `a:personal-${userId}`;
  return moved;
}

function privateChannelActivity(type: string, from: object, serviceUrl: string, extra: object) {
  return {
    type,
    id: `pc-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl,
    from,
    recipient: BOT,
    conversation: { id: PRIVATE_CHANNEL, conversationType: 'channel', isGroup: true, tenantId: DEMO_TENANT_ID },
    locale: 'en-US',
    channelData: { tenant: { id: DEMO_TENANT_ID }, team: { id: DEMO_TEAM.teamId, name: DEMO_TEAM.name }, channel: { id: PRIVATE_CHANNEL, name: 'Leadership', type: 'private' } },
    ...extra,
  };
}

describe('same tenant, not a member: a stranger to a group chat or private channel cannot see or change its posts', () => {
  let commons: TestCommons;
  let connector: MockConnector;
  let secret: TenantA;
  let ghost: TenantA;
  let snapshotBefore: Map<string, unknown>;
  const alex = { id: '29:alex', name: 'Alex Wilber', aadObjectId: ALEX_PERSON.userId };
  const megan = { id: '29:megan', name: 'Megan Bowen', aadObjectId: MEGAN.userId };

  const postIdsOf = async () => {
    const documents = await documentsOf(commons, DEMO_TENANT_ID);
    return [...documents.entries()].filter(([key]) => key.startsWith('posts/')).map(([, doc]) => doc as Record<string, any>).filter((doc) => doc.type === 'post');
  };

  before(async () => {
    connector = await new MockConnector({ members: { [GROUP_CHAT]: [ALEX_PERSON.userId, MEGAN.userId], [PRIVATE_CHANNEL]: [ALEX_PERSON.userId, MEGAN.userId] } }).start();
    // Each stranger makes far more writes than a person would: the limits are not under test here.
    const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 100 };
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    const send = async (activity: object) => assert.equal((await postActivity(commons.url, activity)).status, 200);
    await send(botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    await send({ ...botInstalled({ serviceUrl: connector.url, place: 'groupChat', from: alex }), membersAdded: [BOT, megan] });
    await send(privateChannelActivity('conversationUpdate', alex, connector.url, { membersAdded: [BOT] }));
    await send(mentioning(`post ${SECRETS[0]}`, { serviceUrl: connector.url, place: 'groupChat', from: alex }));
    await send(privateChannelActivity('message', alex, connector.url, { text: `post ${SECRETS[1]}`, entities: mentioning('', { serviceUrl: connector.url }).entities }));
    const posts = await postIdsOf();
    const inGroupChat = posts.find((post) => post.body === SECRETS[0])!;
    const inPrivateChannel = posts.find((post) => post.body === SECRETS[1])!;
    assert.deepEqual(inGroupChat.visibility, { kind: 'members', conversationId: GROUP_CHAT });
    assert.deepEqual(inPrivateChannel.visibility, { kind: 'members', conversationId: PRIVATE_CHANNEL });
    await send(taskSubmit({ verb: 'post.comments', postId: inGroupChat.postId, text: SECRETS[2] }, { serviceUrl: connector.url, place: 'groupChat', from: megan }));
    // A secret community of Alex and Megan's: to everyone else it does not exist.
    const community = await fetch(`${commons.url}/api/v1/communities`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ALEX_PERSON.userId }, body: JSON.stringify({ name: SECRET_COMMUNITY, privacy: 'secret' }) });
    const communityId = ((await community.json()) as { id: string }).id;
    assert.equal((await fetch(`${commons.url}/api/v1/communities/${communityId}/members`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ALEX_PERSON.userId }, body: JSON.stringify({ userId: MEGAN.userId }) })).status, 201);
    // And an ask-me-anything event in it, with a question.
    const asAlex = { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ALEX_PERSON.userId };
    const ama = await fetch(`${commons.url}/api/v1/communities/${communityId}/amas`, { method: 'POST', headers: asAlex, body: JSON.stringify({ title: 'Secret town hall', endsAt: new Date(Date.now() + 3_600_000).toISOString() }) });
    const amaId = ((await ama.json()) as { id: string }).id;
    const asked = await fetch(`${commons.url}/api/v1/amas/${amaId}/questions`, { method: 'POST', headers: asAlex, body: JSON.stringify({ text: 'A secret question' }) });
    const questionId = ((await asked.json()) as { id: string }).id;
    secret = { tenantId: DEMO_TENANT_ID, userIds: [], adminUserId: MEGAN.userId, postIds: [inGroupChat.postId, inPrivateChannel.postId], conversationIds: [GROUP_CHAT, PRIVATE_CHANNEL], communityIds: [communityId, communityId], amaId, questionId, draftIds: [NO_DRAFT] };
    ghost = { tenantId: DEMO_TENANT_ID, userIds: [], adminUserId: MEGAN.userId, postIds: ['00000000-0000-4000-8000-00000000dead'], conversationIds: ['19:no-such-chat@thread.v2', '19:no-such-channel@thread.tacv2'], communityIds: ['00000000-0000-4000-8000-0000000c0de5', '00000000-0000-4000-8000-0000000c0de5'], amaId: '00000000-0000-4000-8000-0000000a0a0a', questionId: 'q000000000dead', draftIds: [NO_DRAFT] };
    connector.reset();
    snapshotBefore = await documentsOf(commons, DEMO_TENANT_ID);
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('members see them: Megan (told by a member event) in her feed, and through the roster when she acts from elsewhere', async () => {
    const feed = await (await fetch(`${commons.url}/api/v1/feed`, { headers: { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': MEGAN.userId } })).json();
    assert.ok(feed.posts.some((post: { body: string }) => post.body === SECRETS[0]), 'the group chat post is in a member\'s feed');
    const opened = await (await postActivity(commons.url, fromInsideTenantA(taskFetch({ verb: 'post.comments', postId: secret.postIds[1] }, { serviceUrl: connector.url, place: 'personal', from: megan }), MEGAN.userId))).text();
    assert.match(opened, /Leadership offsite budget/, 'the roster says Megan is in the private channel');
    assert.ok(connector.calls.some((call) => call.method === 'GET' && call.path.includes(`/members/${MEGAN.userId}`)), 'asked the Bot Connector');
  });

  for (const stranger of STRANGERS) {
    describe(`as ${stranger.displayName} (${stranger.roles.join(', ') || 'no roles'})`, () => {
      const headers = { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': stranger.userId };
      const from = { id: `29:${stranger.userId}`, name: stranger.displayName, aadObjectId: stranger.userId };
      const normalise = (text: string, aim: TenantA) => [...aim.postIds, ...aim.conversationIds, ...aim.communityIds, aim.amaId, aim.questionId].reduce((t, id) => t.split(id).join('<id>'), text);
      const leaks = (text: string) => [...SECRETS, SECRET_COMMUNITY, 'Secret town hall', 'A secret question', ...secret.postIds, ...secret.communityIds, secret.amaId, ...(stranger.roles.includes('admin') ? [] : ['Leadership'])].filter((value) => text.includes(value));

      const placeholder: TenantA = { tenantId: 'A', userIds: [], adminUserId: '<member>', postIds: ['<post>'], conversationIds: [], communityIds: ['<secret community>', '<secret community>'], amaId: '<secret event>', questionId: '<question>', draftIds: ['<draft>'] };
      for (const row of API_ROUTES.filter((r) => !r.path(placeholder).includes('/dev/') && !r.crossTenantOnly)) {
        it(`${row.method} ${row.path(placeholder)}: as for a post that does not exist`, async () => {
          const call = async (aim: TenantA) => {
            const response = await fetch(`${commons.url}${row.path(aim)}`, { method: row.method, headers, body: row.body ? JSON.stringify(row.body(aim)) : undefined });
            return { status: response.status, text: normalise(await response.text(), { ...aim, conversationIds: [] }) };
          };
          const answer = await call(secret);
          assert.deepEqual(leaks(answer.text), [], 'shows nothing of the private posts');
          assert.deepEqual(answer, await call(ghost), 'the same answer as for a missing post');
        });
      }

      for (const row of BOT_ACTIONS.filter((r) => !r.lifecycle)) {
        for (const which of [0, 1]) {
          it(`bot: ${row.name} (${which ? 'private channel' : 'group chat'} post): as for a post that does not exist`, async () => {
            const aimAt = (aim: TenantA) => ({ ...aim, postIds: aim === ghost ? ghost.postIds : [aim.postIds[which]], conversationIds: which ? [aim.conversationIds[1], aim.conversationIds[0]] : aim.conversationIds });
            const call = async (aim: TenantA) => {
              connector.reset();
              const response = await postActivity(commons.url, fromInsideTenantA(row.activity(aimAt(aim), connector.url, from), stranger.userId));
              const sent = JSON.stringify(connector.calls.filter((c) => c.method !== 'GET'));
              const unique = /"at":\d+|act-\d+|"id":"[^"]*"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
              // Cards carry the time they were drawn: two calls a second apart on a loaded machine differ only there.
              const time = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
              return { status: response.status, text: normalise(await response.text(), aimAt(aim)).replace(time, '<time>'), sent: normalise(sent, aimAt(aim)).replace(unique, '').replace(time, '<time>') };
            };
            const answer = await call(secret);
            assert.ok(answer.status < 500, `status ${answer.status}`);
            assert.deepEqual(leaks(answer.text + answer.sent), [], 'shows and sends nothing of the private posts');
            assert.deepEqual(answer, await call(ghost), 'the same answer as for a missing post');
          });
        }
      }
    });
  }

  it('changed none of those posts, their reactions, comments, timelines or places (only what Teams said about the strangers themselves)', async () => {
    const now = await documentsOf(commons, DEMO_TENANT_ID);
    const strangerIds = new Set(STRANGERS.map((p) => p.userId));
    const theirOwn = (doc: any) => doc?.type === 'membership' && ((strangerIds.has(doc.userId) && !secret.conversationIds.includes(doc.conversationId)) || doc.userId === MEGAN.userId);
    const strangerNoes = (doc: any) => doc?.type === 'membership' && strangerIds.has(doc.userId) && doc.member === false;
    // A chat's member list (store/member-lists.ts) may take in the strangers' "no" and what the pair documents already said, nothing else.
    const pairRank = (conversationId: string, userId: string) => {
      const pair = [...snapshotBefore.values()].find((d: any) => d?.type === 'membership' && d.conversationId === conversationId && d.userId === userId) as any;
      return pair && rankOf(pair.member, pair.version);
    };
    const listOnlyLearnt = (doc: any, before: any) =>
      doc?.type === 'conversationMembers' &&
      Object.entries(doc.members as Record<string, number>).every(([userId, rank]) =>
        strangerIds.has(userId) ? rank % 2 === 1 || !secret.conversationIds.includes(doc.conversationId) : userId === MEGAN.userId || rank === before?.members?.[userId] || rank === pairRank(doc.conversationId, userId),
      );
    for (const [key, doc] of now) {
      if (key.startsWith('tenants/')) continue; // an admin stranger may change the reaction set: not these posts
      if (listOnlyLearnt(doc, snapshotBefore.get(key))) continue;
      if ((doc as any)?.type === 'outbound' || (doc as any)?.type === 'senders') continue; // the bot's own sending budgets (a member's reaction refreshes cards): no content
      if (!snapshotBefore.has(key)) assert.ok(theirOwn(doc) || strangerNoes(doc), `${key} was created`);
      else if (!theirOwn(doc) && !strangerNoes(doc)) assert.deepEqual(doc, snapshotBefore.get(key), `${key} changed`);
    }
    for (const key of snapshotBefore.keys()) assert.ok(now.has(key), `${key} was deleted`);
  });
});
