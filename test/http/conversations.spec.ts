import { strict as assert } from 'assert';
import { startTestCommons, TestCommons } from '../support/app';
import { installChannel, installPersonalChats, TENANT } from '../support/delivery';

/**
 * GET /api/v1/conversations (issue 10, item 4): paged by continuation token (at most
 * 100 a page), filtered in the query, no reference or personal chat id ever in the
 * answer, chats for admins only; and every GET under /api/v1 spends a per-user read
 * bucket (driven by a fake clock here, no sleeps).
 */
const ADMIN = '0c0c0c0c-0000-4000-8000-0000000000ad';
const READER = '0c0c0c0c-0000-4000-8000-0000000000e1';

describe('conversations list: paged, redacted, filtered by who asks', () => {
  let commons: TestCommons;
  let clock = 0;
  const get = (user: string, query = '') => fetch(`${commons.url}/api/v1/conversations${query}`, { headers: { 'x-dev-tenant': TENANT, 'x-dev-user': user } });

  before(async function () {
    this.timeout(60_000);
    commons = await startTestCommons({ COMMONS_ADMINS: ADMIN }, { rateLimits: { read: { burst: 1000, refillPerSecond: 1, maxTrackedUsers: 100, now: () => clock } } });
    await installPersonalChats(commons.repositories, 'http://127.0.0.1:9/', 130);
    await installChannel(commons.repositories, 'http://127.0.0.1:9/', '19:team@thread.tacv2');
    const private_ = { ...(await commons.repositories.conversations.get(TENANT, '19:team@thread.tacv2'))!, conversationId: '19:secret-private@thread.tacv2', channelId: '19:secret-private@thread.tacv2', channelName: 'Secret project', channelType: 'private' as const };
    await commons.repositories.conversations.save(private_);
    const unknownType = { ...private_, conversationId: '19:untyped@thread.tacv2', channelId: '19:untyped@thread.tacv2', channelName: 'Untyped', channelType: undefined };
    await commons.repositories.conversations.save(unknownType);
    await commons.repositories.conversations.save({ ...private_, conversationId: '19:chat@thread.v2', kind: 'groupChat', channelId: undefined, channelName: undefined, channelType: undefined, teamId: undefined });
  });
  after(() => commons?.dispose());

  it('gives admins every personal chat in pages of at most 100, without ids or references', async () => {
    const first = await (await get(ADMIN, '?kind=personal')).json();
    assert.equal(first.conversations.length, 100);
    assert.ok(first.continuationToken, 'a token for the next page');
    const second = await (await get(ADMIN, `?kind=personal&continuationToken=${encodeURIComponent(first.continuationToken)}`)).json();
    assert.equal(second.conversations.length, 30);
    assert.equal(second.continuationToken, undefined);
    const all = [...first.conversations, ...second.conversations];
    assert.equal(new Set(all.map((c: any) => c.userId)).size, 130, 'each person once');
    const text = JSON.stringify(all);
    assert.doesNotMatch(text, /a:personal-|serviceUrl|127\.0\.0\.1|reference|botId/, 'no conversation ids or references');
  });

  it('gives everyone else standard channels only: no chats, no private or untyped channels', async () => {
    const response = await get(READER);
    assert.equal(response.status, 200);
    const { conversations } = await response.json();
    assert.deepEqual(conversations.map((c: any) => c.conversationId), ['19:team@thread.tacv2']);
    for (const kind of ['personal', 'groupChat']) assert.equal((await get(READER, `?kind=${kind}`)).status, 403, kind);
    const admin = await (await get(ADMIN, '?kind=channel')).json();
    assert.equal(admin.conversations.length, 3, 'admins see every channel');
  });

  it('refuses page sizes above 100 and unknown parameters with a 400', async () => {
    assert.equal((await get(ADMIN, '?limit=101')).status, 400);
    assert.equal((await get(ADMIN, '?tenantId=x')).status, 400);
  });

  it('limits reads per user: 429 with Retry-After beyond the bucket, others unaffected, refilled with time', async () => {
    const limited = await startTestCommons({}, { rateLimits: { read: { burst: 3, refillPerSecond: 1, maxTrackedUsers: 100, now: () => clock } } });
    try {
      const read = (user: string) => fetch(`${limited.url}/api/v1/feed`, { headers: { 'x-dev-tenant': TENANT, 'x-dev-user': user } });
      for (let i = 0; i < 3; i++) assert.equal((await read(READER)).status, 200);
      const refused = await read(READER);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.equal((await refused.json()).error.code, 'rate_limited');
      assert.equal((await read(ADMIN)).status, 200, 'another person has their own bucket');
      clock += 1_000;
      assert.equal((await read(READER)).status, 200, 'a token back after a second');
    } finally {
      await limited.dispose();
    }
  });
});
