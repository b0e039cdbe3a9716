import { strict as assert } from 'assert';
import { SignJWT } from 'jose';
import sinon from 'sinon';
import { ToBotFromBotOrEmulatorTokenValidationParameters } from 'botframework-connector';
import { BOT_TOKEN_LIMITS } from '../../src/auth/bot-token';
import { installationUpdate, message, postActivity } from '../support/activities';
import { CloudCommons, startCloudCommons, stubOutboundTokenAcquisition } from '../support/cloud';
import { MockConnector } from '../support/connector';
import { captureProcessOutput } from '../support/output';
import { BOT_APP_ID, BOT_APP_PASSWORD, BOT_TOKEN_ISSUER, createSigningKey, SigningKey } from '../support/openid';

/** botbuilder's module-level list of accepted emulator and skill issuers. */
const libraryIssuers = () => ToBotFromBotOrEmulatorTokenValidationParameters.issuer as string[];

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

  /** What reached stdout and stderr while the tests ran (botbuilder's console.error would). */
  let printed: ReturnType<typeof captureProcessOutput>;

  before(async () => {
    printed = captureProcessOutput();
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
    printed.restore();
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

    it('when the token is validly signed but with RS384 (only RS256 is accepted)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ iss: BOT_TOKEN_ISSUER, aud: BOT_APP_ID, serviceurl: connector.url, nbf: now - 10, exp: now + 600 })
        .setProtectedHeader({ alg: 'RS384', kid: cloud.openid.channelKey.kid, typ: 'JWT' })
        .sign(cloud.openid.channelKey.privateKey);
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it("when the token takes botbuilder's emulator path (an Entra issuer, ver and appid; no serviceurl check there)", async () => {
      const emulatorIssuer = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';
      const token = await cloud.openid.botToken(connector.url, { claims: { iss: emulatorIssuer, ver: '1.0', appid: BOT_APP_ID, serviceurl: undefined } });
      await assertRefused({ authorization: `Bearer ${token}` });
    });

    it('when a validly signed token names a tenant that is not a lower-case GUID', async () => {
      for (const tid of ['not-a-tenant', 'x'.repeat(1024), '1A2B3C4D-0000-4000-8000-000000000000']) {
        const token = await cloud.openid.botToken(connector.url, { claims: { tid } });
        await assertRefused({ authorization: `Bearer ${token}` });
      }
    });

    it(`when a validly signed token has a claim over ${BOT_TOKEN_LIMITS.maxClaimLength} characters or more than ${BOT_TOKEN_LIMITS.maxClaims} claims`, async () => {
      const long = await cloud.openid.botToken(connector.url, { claims: { padding: 'p'.repeat(BOT_TOKEN_LIMITS.maxClaimLength + 1) } });
      await assertRefused({ authorization: `Bearer ${long}` });
      const many = Object.fromEntries(Array.from({ length: BOT_TOKEN_LIMITS.maxClaims }, (_, i) => [`c${i}`, i]));
      await assertRefused({ authorization: `Bearer ${await cloud.openid.botToken(connector.url, { claims: many })}` });
    });

    it(`when the Authorization header is over ${BOT_TOKEN_LIMITS.maxHeaderLength / 1024} KB`, async () => {
      const padded = await cloud.openid.botToken(connector.url, { claims: { a: 'a'.repeat(2000), b: 'b'.repeat(2000), c: 'c'.repeat(2000), d: 'd'.repeat(2000) } });
      assert.ok(padded.length > BOT_TOKEN_LIMITS.maxHeaderLength);
      await assertRefused({ authorization: `Bearer ${padded}` });
    });

    it("leaves botbuilder's module-level issuer list as it was, whatever tid the refused tokens carried", async () => {
      const issuers = [...libraryIssuers()];
      const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      for (let n = 0; n < 20; n++) {
        const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: `https://sts.attacker.example/${n}/`, tid: `${n}-${'t'.repeat(512)}` })}.c2ln`;
        await assertRefused({ authorization: `Bearer ${unsigned}` });
      }
      assert.deepEqual(libraryIssuers(), issuers);
    });

    it("prints nothing of botbuilder's on stdout or stderr (it would print the key set for every bad signature)", () => {
      const output = printed.text();
      assert.doesNotMatch(output, /Available keys|BEGIN PUBLIC KEY|TokenExpiredError|invalid signature/);
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
