import { strict as assert } from 'assert';
import sinon from 'sinon';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, installationUpdate, mentioning, message, postActivity, taskFetch } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { CloudCommons, countDocuments, startCloudCommons, stubOutboundTokenAcquisition } from '../support/cloud';
import { MockConnector } from '../support/connector';

/**
 * Issue 10.2: ALLOWED_TENANTS binds the deployment to its organisations. On d147545 an
 * activity or an SSO token from any tenant was served (a stranger's tenant got its own
 * data, welcome cards and all).
 */
const ALLOWED = DEMO_TENANT_ID;
const FOREIGN = 'f0e1d2c3-0000-4000-8000-0000000f0e1d';
const USER = '0b0b0b0b-0000-4000-8000-00000000a11c';

describe('ALLOWED_TENANTS in cloud mode (real bot JWT and SSO validation)', () => {
  const sandbox = sinon.createSandbox();
  let cloud: CloudCommons;
  let connector: MockConnector;

  before(async () => {
    stubOutboundTokenAcquisition(sandbox);
    connector = await new MockConnector().start();
    cloud = await startCloudCommons({ ALLOWED_TENANTS: ALLOWED });
  });
  after(async () => {
    await cloud?.stop();
    await connector?.stop();
    sandbox.restore();
  });
  beforeEach(() => connector.reset());

  const signed = async (activity: object) => postActivity(cloud.commons.url, activity, { authorization: `Bearer ${await cloud.openid.botToken(connector.url)}` });
  const from = (tenantId: string) => ({ serviceUrl: connector.url, tenantId });

  it('acknowledges every kind of activity from another tenant with 200 and does nothing with it', async () => {
    const before = await countDocuments(cloud.commons.store);
    const foreign = [
      installationUpdate('add', from(FOREIGN)),
      botInstalled({ ...from(FOREIGN), place: 'groupChat' }),
      message('help', from(FOREIGN)),
      mentioning('post Hello from elsewhere', { ...from(FOREIGN), place: 'channel' }),
      actionExecute('post.react', { postId: 'p1', reaction: 'like' }, from(FOREIGN)),
      taskFetch({ verb: 'post.comments', postId: 'p1' }, from(FOREIGN)),
    ];
    for (const activity of foreign) {
      const response = await signed(activity);
      assert.equal(response.status, 200, `${(activity as { type: string }).type}: ${await response.text()}`);
    }
    assert.deepEqual(await countDocuments(cloud.commons.store), before, 'nothing stored');
    assert.equal(connector.calls.length, 0, 'nothing sent to Teams');
  });

  it('ignores an activity that names no tenant at all', async () => {
    const activity = message('help', from(ALLOWED)) as any;
    delete activity.conversation.tenantId;
    delete activity.channelData.tenant;
    assert.equal((await signed(activity)).status, 200);
    assert.equal(connector.calls.length, 0);
  });

  it('serves its own tenant as before', async () => {
    const response = await signed(installationUpdate('add', from(ALLOWED)));
    assert.equal(response.status, 200);
    assert.match(JSON.stringify(connector.sentActivities()[0]?.attachments?.[0]?.content), /Welcome to Commons/);
  });

  it('API: a valid SSO token from another tenant is 403 tenant_not_allowed, on reads and writes alike', async () => {
    const token = await cloud.openid.entraToken(FOREIGN, USER);
    for (const [method, path] of [['GET', '/api/v1/me'], ['GET', '/api/v1/feed'], ['GET', '/api/v1/people'], ['POST', '/api/v1/announcements']]) {
      const response = await fetch(`${cloud.commons.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal((await response.json()).error.code, 'tenant_not_allowed');
    }
    const own = await fetch(`${cloud.commons.url}/api/v1/me`, { headers: { authorization: `Bearer ${await cloud.openid.entraToken(ALLOWED, USER)}` } });
    assert.equal(own.status, 200);
  });
});

describe('ALLOWED_TENANTS in local mode', () => {
  let open: TestCommons;
  let closed: TestCommons;
  before(async () => {
    [open, closed] = await Promise.all([startTestCommons(), startTestCommons({ ALLOWED_TENANTS: ALLOWED })]);
  });
  after(async () => {
    await Promise.all([open?.dispose(), closed?.dispose()]);
  });
  const me = (commons: TestCommons, tenantId: string) => fetch(`${commons.url}/api/v1/me`, { headers: { 'x-dev-tenant': tenantId, 'x-dev-user': DEMO_PEOPLE[0].userId } });

  it('allows every tenant unless it is set (tests and the Playground use several)', async () => {
    assert.equal((await me(open, FOREIGN)).status, 200);
    assert.equal((await me(open, ALLOWED)).status, 200);
  });

  it('refuses other tenants once it is set', async () => {
    const response = await me(closed, FOREIGN);
    assert.equal(response.status, 403);
    assert.equal((await response.json()).error.code, 'tenant_not_allowed');
    assert.equal((await me(closed, ALLOWED)).status, 200);
  });
});
