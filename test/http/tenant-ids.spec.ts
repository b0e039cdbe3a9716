import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, installationUpdate, invoke, message, postActivity, taskFetch } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { countDocuments } from '../support/cloud';
import { MockConnector } from '../support/connector';

/**
 * Issue 10.7: a tenant id from an activity forms partition keys and document ids, so it
 * is checked to be a GUID before anything reads it: every kind of activity (message,
 * invoke, conversation update, installation update), wherever the tenant sits
 * (conversation.tenantId, channelData.tenant.id). On d147545 these were stored under
 * keys built from whatever text came in.
 */
describe('tenant ids from activities are GUIDs before they form any key', () => {
  let commons: TestCommons;
  let connector: MockConnector;
  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons();
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });
  beforeEach(() => connector.reset());

  const serviceUrl = () => connector.url;
  const BAD_TENANTS = ['contoso', 'x'.repeat(300), `${DEMO_TENANT_ID}|posts`, '../../etc', `${DEMO_TENANT_ID} `, ''];
  const kinds = (tenantId: string) => [
    { name: 'message', activity: message('help', { serviceUrl: serviceUrl(), tenantId }) },
    { name: 'invoke (adaptiveCard/action)', activity: actionExecute('post.react', { postId: 'p1', reaction: 'like' }, { serviceUrl: serviceUrl(), tenantId }) },
    { name: 'invoke (task/fetch)', activity: taskFetch({ verb: 'post.comments', postId: 'p1' }, { serviceUrl: serviceUrl(), tenantId }) },
    { name: 'invoke (composeExtension/fetchTask)', activity: invoke('composeExtension/fetchTask', { commandId: 'shareToCommons' }, { serviceUrl: serviceUrl(), tenantId }) },
    { name: 'conversation update (bot added)', activity: botInstalled({ serviceUrl: serviceUrl(), tenantId, place: 'groupChat' }) },
    { name: 'installation update', activity: installationUpdate('add', { serviceUrl: serviceUrl(), tenantId }) },
  ];
  /** Puts `tenantId` in one of the two places Teams uses, leaving the other out. */
  const placed = (activity: any, where: 'conversation' | 'channelData', tenantId: string) => {
    const copy = JSON.parse(JSON.stringify(activity));
    delete copy.conversation.tenantId;
    delete copy.channelData.tenant;
    if (where === 'conversation') copy.conversation.tenantId = tenantId;
    else copy.channelData.tenant = { id: tenantId };
    return copy;
  };

  for (const where of ['conversation', 'channelData'] as const) {
    it(`refuses every kind of activity with 400 when ${where === 'conversation' ? 'conversation.tenantId' : 'channelData.tenant.id'} is not a GUID, storing and sending nothing`, async () => {
      const before = await countDocuments(commons.store);
      for (const tenantId of BAD_TENANTS) {
        for (const { name, activity } of kinds(DEMO_TENANT_ID)) {
          const response = await postActivity(commons.url, placed(activity, where, tenantId));
          const body = await response.text();
          assert.equal(response.status, 400, `${name} with tenant ${JSON.stringify(tenantId.slice(0, 40))}: ${body.slice(0, 200)}`);
          assert.equal(JSON.parse(body).error.code, 'bad_request');
          assert.match(JSON.parse(body).error.message, /tenant/i);
        }
      }
      assert.deepEqual(await countDocuments(commons.store), before, 'nothing stored');
      assert.equal(connector.calls.length, 0, 'nothing sent');
    });
  }

  it('refuses an activity whose two tenant fields name different tenants', async () => {
    const activity = message('help', { serviceUrl: serviceUrl() });
    const response = await postActivity(commons.url, { ...activity, channelData: { tenant: { id: 'b1b2c3d4-0000-4000-8000-00000000b001' } } });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error.message, /different tenants/);
    assert.equal(connector.calls.length, 0);
  });

  it('refuses a person whose Entra object id is not a GUID (it keys memberships and roles)', async () => {
    const before = await countDocuments(commons.store);
    const response = await postActivity(commons.url, message('help', { serviceUrl: serviceUrl(), from: { id: '29:x', name: 'X', aadObjectId: 'not-an-id|rosters' } }));
    assert.equal(response.status, 400);
    assert.deepEqual(await countDocuments(commons.store), before);
  });

  it('takes a GUID in capitals as the same tenant, in lower case', async () => {
    const tenantId = 'c0ffee00-0000-4000-8000-00000000c0de';
    const response = await postActivity(commons.url, installationUpdate('add', { serviceUrl: serviceUrl(), tenantId: tenantId.toUpperCase() }));
    assert.equal(response.status, 200);
    const stored = await commons.repositories.conversations.get(tenantId, `a:personal-${tenantId.toUpperCase()}`);
    assert.equal(stored?.tenantId, tenantId);
  });
});
