import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { FOLLOWS_MAX } from '../../src/domain/follows';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';

/**
 * Following through the API: you may follow only what you may see (a secret
 * community, a hidden thread or an unknown person answer 404, as if they did not
 * exist), never yourself; following is idempotent however many ask at once; the
 * reverse index knows each follower once; digest settings are validated and saved.
 */
describe('follows API', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let TENANT: string, OWNER: string, READER: string, STRANGER: string;
  const somebody = async (name: string) => {
    const userId = randomUUID();
    await commons.repositories.people.upsert({ tenantId: TENANT, userId, displayName: name, roles: [] });
    return userId;
  };
  const call = (as: string, method: string, path: string, body?: unknown) => devApi(commons.url, TENANT, as)(method, path, body);
  const community = async (privacy: string, as = OWNER) => {
    const { status, body } = await call(as, 'POST', '/api/v1/communities', { name: `${privacy} ${randomUUID().slice(0, 8)}`, privacy });
    assert.equal(status, 201, JSON.stringify(body));
    return body.id as string;
  };

  before(async () => {
    commons = await startTestCommons();
  });
  after(() => commons.dispose());
  beforeEach(async () => {
    TENANT = randomUUID();
    [OWNER, READER, STRANGER] = await Promise.all([somebody('Megan Bowen'), somebody('Lynne Robbins'), somebody('Nestor Wilke')]);
  });

  it('follows an open community, a thread in it and a person, lists them, and unfollows', async () => {
    const open = await community('open');
    const started = await call(OWNER, 'POST', `/api/v1/communities/${open}/posts`, { kind: 'discussion', text: 'Which trail for Saturday?' });
    assert.equal(started.status, 201);
    assert.equal((await call(READER, 'PUT', `/api/v1/me/follows/community/${open}`)).status, 200);
    const thread = await call(READER, 'PUT', `/api/v1/me/follows/thread/${started.body.id}`);
    assert.equal(thread.status, 200);
    assert.equal(thread.body.name, 'Which trail for Saturday?');
    const person = await call(READER, 'PUT', `/api/v1/me/follows/person/${OWNER.toUpperCase()}`);
    assert.deepEqual([person.status, person.body.name, person.body.id], [200, 'Megan Bowen', OWNER]);
    const mine = await call(READER, 'GET', '/api/v1/me/follows');
    assert.deepEqual(mine.body.follows.map((f: any) => f.kind).sort(), ['community', 'person', 'thread']);
    assert.deepEqual(await commons.repositories.follows.followersOf(TENANT, { kind: 'person', id: OWNER }), [READER]);

    const gone = await call(READER, 'DELETE', `/api/v1/me/follows/community/${open}`);
    assert.deepEqual([gone.status, gone.body.removed], [200, true]);
    assert.equal((await call(READER, 'DELETE', `/api/v1/me/follows/community/${open}`)).body.removed, false, 'unfollowing twice changes nothing');
    assert.deepEqual(await commons.repositories.follows.followersOf(TENANT, { kind: 'community', id: open }), []);
    assert.equal((await call(READER, 'GET', '/api/v1/me/follows')).body.follows.length, 2);
    // Their download of their own data names what they follow.
    const exported = (await call(READER, 'GET', '/api/v1/me/export')).body;
    assert.deepEqual(exported.following.follows.map((f: any) => f.kind).sort(), ['person', 'thread']);
    assert.deepEqual(exported.following.digest, { frequency: 'hourly', weekly: true });
  });

  it('answers 404 to a stranger following a secret community, a closed one they cannot read, or its thread, and stores nothing', async () => {
    const secret = await community('secret');
    const closed = await community('closed');
    const post = await call(OWNER, 'POST', `/api/v1/communities/${secret}/posts`, { kind: 'discussion', text: 'Reorg plans' });
    assert.equal(post.status, 201);
    for (const path of [`/api/v1/me/follows/community/${secret}`, `/api/v1/me/follows/community/${closed}`, `/api/v1/me/follows/thread/${post.body.id}`, `/api/v1/me/follows/community/${randomUUID()}`, `/api/v1/me/follows/person/${randomUUID()}`]) {
      const answer = await call(STRANGER, 'PUT', path);
      assert.equal(answer.status, 404, path);
    }
    assert.deepEqual((await call(STRANGER, 'GET', '/api/v1/me/follows')).body.follows, []);
    assert.deepEqual(await commons.repositories.follows.followersOf(TENANT, { kind: 'community', id: secret }), []);
    // A member of the secret community may follow it.
    assert.equal((await call(OWNER, 'PUT', `/api/v1/me/follows/community/${secret}`)).status, 200);
  });

  it('refuses following yourself, an unknown kind and a malformed id with a 400', async () => {
    const self = await call(READER, 'PUT', `/api/v1/me/follows/person/${READER}`);
    assert.equal(self.status, 400);
    assert.match(self.body.error.message, /cannot follow yourself/);
    assert.equal((await call(READER, 'PUT', `/api/v1/me/follows/team/${randomUUID()}`)).status, 400);
    assert.equal((await call(READER, 'PUT', `/api/v1/me/follows/person/${encodeURIComponent('a b<c>')}`)).status, 400);
    assert.deepEqual((await call(READER, 'GET', '/api/v1/me/follows')).body.follows, []);
  });

  it('counts twenty concurrent follows of the same community once, in the list and in the reverse index', async () => {
    const open = await community('open');
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(READER, 'PUT', `/api/v1/me/follows/community/${open}`)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    const follows = (await call(READER, 'GET', '/api/v1/me/follows')).body.follows;
    assert.equal(follows.length, 1);
    assert.deepEqual(await commons.repositories.follows.followersOf(TENANT, { kind: 'community', id: open }), [READER]);
  });

  it('finds every follower of one target across its shards, each once', async () => {
    const open = await community('open');
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => somebody(`Follower ${i}`)));
    await Promise.all(people.map((p) => call(p, 'PUT', `/api/v1/me/follows/community/${open}`)));
    const followers = await commons.repositories.follows.followersOf(TENANT, { kind: 'community', id: open });
    assert.deepEqual([...followers].sort(), [...people].sort());
  });

  it(`stops at ${FOLLOWS_MAX} follows with a clear 409, and changes nothing`, async () => {
    const { repositories } = commons;
    const since = new Date().toISOString();
    // Fill the list directly (the cap is the rule under test, not 500 HTTP calls).
    for (let i = 0; i < FOLLOWS_MAX; i += 50) {
      const batch = Array.from({ length: 50 }, (_, j) => ({ kind: 'thread' as const, id: `post-${i + j}`, name: `Thread ${i + j}`, since }));
      for (const follow of batch) await repositories.follows.follow(TENANT, READER, follow);
    }
    const more = await call(READER, 'PUT', `/api/v1/me/follows/person/${OWNER}`);
    assert.equal(more.status, 409);
    assert.match(more.body.error.message, /500/);
    assert.equal((await call(READER, 'GET', '/api/v1/me/follows')).body.follows.length, FOLLOWS_MAX);
    assert.deepEqual(await repositories.follows.followersOf(TENANT, { kind: 'person', id: OWNER }), []);
  });

  it('saves digest settings, validates them, and defaults to hourly with the weekly digest on', async () => {
    assert.deepEqual((await call(READER, 'GET', '/api/v1/me/digest')).body, { frequency: 'hourly', weekly: true });
    for (const bad of [{}, { frequency: 'weekly' }, { weekly: 'yes' }, { frequency: 'daily', extra: 1 }]) {
      const answer = await call(READER, 'PUT', '/api/v1/me/digest', bad);
      assert.equal(answer.status, 400, JSON.stringify(bad));
    }
    assert.deepEqual((await call(READER, 'PUT', '/api/v1/me/digest', { frequency: 'daily' })).body, { frequency: 'daily', weekly: true });
    assert.deepEqual((await call(READER, 'PUT', '/api/v1/me/digest', { weekly: false })).body, { frequency: 'daily', weekly: false });
    assert.deepEqual((await call(READER, 'GET', '/api/v1/me/digest')).body, { frequency: 'daily', weekly: false });
    assert.equal(await commons.repositories.heldNotices.get(TENANT, READER, 'weeklyDigest'), undefined, 'no weekly digest scheduled while it is off');
    await call(READER, 'PUT', '/api/v1/me/digest', { weekly: true });
    assert.ok(await commons.repositories.heldNotices.get(TENANT, READER, 'weeklyDigest'), 'scheduled once on');
  });
});
