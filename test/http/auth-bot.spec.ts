import { strict as assert } from 'assert';
import { SignJWT } from 'jose';
import sinon from 'sinon';
import { installationUpdate, message, postActivity } from '../support/activities';
import { CloudCommons, startCloudCommons, stubOutboundTokenAcquisition } from '../support/cloud';
import { MockConnector } from '../support/connector';
import { BOT_APP_ID, BOT_APP_PASSWORD, createSigningKey, SigningKey } from '../support/openid';

/**
 * Cloud mode: every activity's JWT goes through botbuilder's real validation,
 * configured (BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER, BOT_LOGIN_URL) to trust the
 * loopback OpenID server instead of login.botframework.com.
 */
describe('bot endpoint authentication (cloud mode, real JWT validation)', () => {
  const sandbox = sinon.createSandbox();
  let cloud: CloudCommons;
  let connector: MockConnector;
  let rogueKey: SigningKey;
  const connectorAuthorizations: Array<string | undefined> = [];

  before(async () => {
    // Botbuilder reports every refusal with console.error; keep the test output readable.
    sandbox.stub(console, 'error');
    stubOutboundTokenAcquisition(sandbox);
    connector = await new MockConnector().start();
    connector['server']!.on('request', (req) => connectorAuthorizations.push(req.headers.authorization));
    cloud = await startCloudCommons();
    rogueKey = await createSigningKey({ endorsements: ['msteams'] });
  });
  after(async () => {
    await cloud?.stop();
    await connector?.stop();
    sandbox.restore();
  });
  beforeEach(() => {
    connector.reset();
    connectorAuthorizations.length = 0;
  });

  const install = () => installationUpdate('add', { serviceUrl: connector.url });
  const storedConversations = async () => (await cloud.commons.store.containers.conversations.items.readAll().fetchAll()).resources.length;

  async function assertRefused(headers: Record<string, string>, activity: object = install()): Promise<void> {
    const before = await storedConversations();
    const response = await postActivity(cloud.commons.url, activity, headers);
    const text = await response.text();
    assert.equal(response.status, 401, `status, body: ${text.slice(0, 200)}`);
    assert.deepEqual(JSON.parse(text).error.code, 'unauthenticated');
    assert.doesNotMatch(text, /\bat .+:\d+:\d+|Error:|jsonwebtoken|Unauthorized\./, 'no stack trace or library message');
    assert.equal(await storedConversations(), before, 'nothing stored');
    assert.equal(connector.calls.length, 0, 'nothing sent to the connector');
  }

  describe('refuses with 401 and stores nothing', () => {
    it('when the Authorization header is missing', async () => {
      await assertRefused({});
    });

    it('when the scheme is not Bearer or the token is garbage', async () => {
      await assertRefused({ authorization: `Basic ${Buffer.from(`${BOT_APP_ID}:${BOT_APP_PASSWORD}`).toString('base64')}` });
      await assertRefused({ authorization: 'Bearer not.a.jwt' });
      await assertRefused({ authorization: 'Bearer' });
    });

    it('when the audience is another bot', async () => {
      const token = await cloud.openid.botToken(connector.url, { claims: { aud: '00000000-1111-2222-3333-444444444444' } });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the audience claim is missing', async () => {
      const token = await cloud.openid.botToken(connector.url, { claims: { aud: undefined } });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the issuer is not the Bot Framework', async () => {
      const token = await cloud.openid.botToken(connector.url, { claims: { iss: 'https://sts.evil.example/' } });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the token has expired (beyond the five-minute clock skew)', async () => {
      const token = await cloud.openid.botToken(connector.url, { expiresIn: -600 });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the token is not yet valid', async () => {
      const inAnHour = Math.floor(Date.now() / 1000) + 3600;
      const token = await cloud.openid.botToken(connector.url, { claims: { nbf: inAnHour, exp: inAnHour + 600 } });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the signing key is unknown (a kid the metadata does not publish)', async () => {
      const token = await cloud.openid.botToken(connector.url, { key: rogueKey });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the signature is forged under a published kid (botbuilder says 500; we say 401)', async () => {
      const forged = { ...rogueKey, kid: cloud.openid.channelKey.kid };
      const token = await cloud.openid.botToken(connector.url, { key: forged });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the token is unsigned (alg "none")', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: cloud.openid.channelKey.kid })).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const body = Buffer.from(JSON.stringify({ iss: 'https://api.botframework.test', aud: BOT_APP_ID, serviceurl: connector.url, exp: now + 600 })).toString('base64url');
      await assertRefused({ authorization: `Bearer ${header}.${body}.` });
    });

    it('when the token is signed with a shared secret (HS256) naming a published kid', async () => {
      const token = await new SignJWT({ iss: 'https://api.botframework.test', aud: BOT_APP_ID, serviceurl: connector.url })
        .setProtectedHeader({ alg: 'HS256', kid: cloud.openid.channelKey.kid })
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(BOT_APP_PASSWORD));
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it("when the serviceurl claim differs from the activity's serviceUrl", async () => {
      const token = await cloud.openid.botToken('https://smba.trafficmanager.net/emea/');
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the token carries no serviceurl claim', async () => {
      const token = await cloud.openid.botToken(connector.url, { claims: { serviceurl: undefined } });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when the signing key is not endorsed for the msteams channel', async () => {
      const token = await cloud.openid.botToken(connector.url, { key: cloud.openid.webChatOnlyKey });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when a valid token for Teams is replayed with an activity claiming another channel', async () => {
      const token = await cloud.openid.botToken(connector.url);
      await assertRefused({ authorization: `Bearer ${token}` }, { ...install(), channelId: 'webchat' });
    });

    it('and the conversations container is still empty after all of the above', async () => {
      assert.equal(await storedConversations(), 0);
    });
  });

  describe('accepts a token from the Bot Framework', () => {
    it('saves the installation and welcomes, replying with the outbound token from BOT_LOGIN_URL', async () => {
      const token = await cloud.openid.botToken(connector.url);
      const response = await postActivity(cloud.commons.url, install(), { authorization: `Bearer ${token}` });
      assert.equal(response.status, 200);
      assert.equal(await storedConversations(), 1);
      const [welcome] = connector.sentActivities();
      assert.match(JSON.stringify(welcome.attachments?.[0]?.content), /Welcome to Commons/);
      const request = cloud.openid.tokenRequests.at(-1)!;
      assert.equal(request.form.client_id, BOT_APP_ID);
      assert.equal(request.form.client_secret, BOT_APP_PASSWORD);
      assert.equal(request.form.scope, 'https://api.botframework.com/.default');
      assert.equal(request.path, '/botframework.com/oauth2/v2.0/token');
      assert.ok(connectorAuthorizations.length > 0);
      assert.ok(connectorAuthorizations.every((value) => value === `Bearer ${request.accessToken}`), 'replies carry the outbound token');
    });

    it('answers "help" with the help card', async () => {
      const token = await cloud.openid.botToken(connector.url);
      const response = await postActivity(cloud.commons.url, message('help', { serviceUrl: connector.url }), { authorization: `Bearer ${token}` });
      assert.equal(response.status, 200);
      const [reply] = connector.sentActivities();
      assert.match(JSON.stringify(reply.attachments?.[0]?.content), /What Commons can do/);
    });

    it('within the five-minute clock skew botbuilder allows', async () => {
      const token = await cloud.openid.botToken(connector.url, { expiresIn: -120 });
      const response = await postActivity(cloud.commons.url, message('help', { serviceUrl: connector.url }), { authorization: `Bearer ${token}` });
      assert.equal(response.status, 200);
    });
  });
});
