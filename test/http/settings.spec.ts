import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';

const ADMIN = '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001';
const MEMBER = '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4006';
const headers = (userId: string) => ({ 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': userId });
const KUDOS_SET = { reactions: [{ type: 'thanks', emoji: '🙏', label: 'Thanks' }, { type: 'rocket', emoji: '🚀', label: 'Ship it' }] };

describe('tenant reaction set', function () {
  this.timeout(30_000);
  let commons: TestCommons;
  let connector: MockConnector;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  const put = (userId: string, body: unknown) => fetch(`${commons.url}/api/v1/settings/reactions`, { method: 'PUT', headers: headers(userId), body: JSON.stringify(body) });

  it('starts with the default five reactions', async () => {
    const body = (await (await fetch(`${commons.url}/api/v1/settings/reactions`, { headers: headers(MEMBER) })).json()) as { reactions: Array<{ emoji: string }> };
    assert.deepEqual(body.reactions.map((r) => r.emoji), ['👍', '🎉', '❤️', '💡', '😄']);
  });

  it('refuses a non-admin, and invalid sets, changing nothing', async () => {
    assert.equal((await put(MEMBER, KUDOS_SET)).status, 403);
    for (const bad of [{ reactions: [] }, { reactions: [{ type: 'Bad Type', emoji: '👍', label: 'x' }] }, { reactions: [{ type: 'a', emoji: '👍', label: 'x' }, { type: 'a', emoji: '👍', label: 'y' }] }, { reactions: KUDOS_SET.reactions, extra: 1 }]) {
      const response = await put(ADMIN, bad);
      assert.equal(response.status, 400, JSON.stringify(bad));
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'bad_request');
    }
    const { resources } = await commons.store.containers.tenants.items.query('SELECT * FROM c WHERE c.type = "reactionSet"').fetchAll();
    assert.equal(resources.length, 0);
  });

  it('lets an admin choose the set, which new cards then offer and reactions obey', async () => {
    const response = await put(ADMIN, KUDOS_SET);
    assert.equal(response.status, 200);
    const options = { serviceUrl: connector.url, place: 'channel' as const };
    await postActivity(commons.url, botInstalled(options));
    await postActivity(commons.url, mentioning('post Custom reactions', options));
    const sent = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('Custom reactions'));
    const card = sent.body.attachments[0].content;
    const set = card.body.find((e: any) => e.type === 'ActionSet');
    assert.deepEqual(set.actions.map((a: any) => a.title), ['🙏', '🚀']);

    const postId = set.actions[0].data.postId;
    const liked = await (await postActivity(commons.url, actionExecute('post.react', { postId, reaction: 'like' }, options))).json() as any;
    assert.match(JSON.stringify(liked.value), /Something went wrong/, '"like" is no longer offered');
    const thanked = await (await postActivity(commons.url, actionExecute('post.react', { postId, reaction: 'thanks' }, options))).json() as any;
    assert.ok(JSON.stringify(thanked.value).includes('🙏 1'));
  });
});
