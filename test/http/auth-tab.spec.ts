import { strict as assert } from 'assert';
import { SignJWT } from 'jose';
import sinon from 'sinon';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { CloudCommons, startCloudCommons } from '../support/cloud';
import { createSigningKey, TAB_APP_ID_URI, TAB_CLIENT_ID } from '../support/openid';

const TENANT = 'a1b2c3d4-0000-4000-8000-00000000a001';
const OTHER_TENANT = 'b1b2c3d4-0000-4000-8000-00000000b001';
const USER = 'c1c2c3c4-0000-4000-8000-00000000c001';
const DEV_HEADER = 'x-commons-dev-identity';

/** Tab SSO in cloud mode: EntraTokenAuthenticator against a loopback JWKS (ENTRA_JWKS_URL). */
describe('tab API authentication (cloud mode, Entra SSO tokens)', () => {
  let cloud: CloudCommons;

  before(async () => {
    cloud = await startCloudCommons({ ALLOWED_TENANTS: `${TENANT},${DEMO_TENANT_ID}` });
  });
  after(async () => {
    await cloud?.stop();
  });

  const me = (headers: Record<string, string> = {}) => fetch(`${cloud.commons.url}/api/v1/me`, { headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function assertUnauthenticated(response: Response): Promise<void> {
    const text = await response.text();
    assert.equal(response.status, 401, text.slice(0, 200));
    assert.equal(JSON.parse(text).error.code, 'unauthenticated');
    assert.doesNotMatch(text, /\bat .+:\d+:\d+|ERR_JW|JOSE/, 'no stack or library internals');
    assert.equal(response.headers.get(DEV_HEADER), null);
  }

  describe('accepts', () => {
    it('a valid token, taking tenant and user from its tid and oid only', async () => {
      const response = await me(bearer(await cloud.openid.entraToken(TENANT.toUpperCase(), USER.toUpperCase())));
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.tenantId, TENANT);
      assert.equal(body.userId, USER);
      assert.equal(body.devIdentity, false);
      assert.deepEqual(body.roles, []);
      assert.equal(response.headers.get(DEV_HEADER), null, 'no dev-identity notice in cloud mode');
    });

    it('the api://…/clientId audience', async () => {
      const response = await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { aud: TAB_APP_ID_URI } })));
      assert.equal(response.status, 200);
    });

    it('a v1 token whose issuer is sts.windows.net/<tid>/', async () => {
      const response = await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0' } })));
      assert.equal(response.status, 200);
    });

    it('access_as_user among other scopes', async () => {
      const response = await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { scp: 'User.Read access_as_user openid' } })));
      assert.equal(response.status, 200);
    });

    it('a token from a key Entra published after our first fetch (key rotation)', async () => {
      // jose refetches the key set on an unknown kid at most every 30 s: move the clock past that.
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      try {
        assert.equal((await me(bearer(await cloud.openid.entraToken(TENANT, USER)))).status, 200, 'the key set is cached');
        const fetchesBefore = cloud.openid.hits.get('/entra/keys') ?? 0;
        const rotated = await cloud.openid.rotateEntraKey();
        clock.tick(31_000);
        const response = await me(bearer(await cloud.openid.entraToken(TENANT, USER, { key: rotated })));
        assert.equal(response.status, 200);
        assert.equal(cloud.openid.hits.get('/entra/keys'), fetchesBefore + 1, 'refetched once for the new kid');
      } finally {
        clock.restore();
      }
    });
  });

  describe('refuses with 401 {error:{code:"unauthenticated"}}', () => {
    it('a request without a token', async () => {
      await assertUnauthenticated(await me());
      await assertUnauthenticated(await me({ authorization: 'Bearer' }));
      await assertUnauthenticated(await me({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }));
    });

    it('a token for another audience', async () => {
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { aud: '00000003-0000-0000-c000-000000000000' } }))));
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { aud: `api://evil.example/${TAB_CLIENT_ID}` } }))));
    });

    it('a token from an issuer that is not Entra', async () => {
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { iss: 'https://login.evil.example/v2.0' } }))));
    });

    it("a token whose issuer is another tenant's than its tid", async () => {
      const token = await cloud.openid.entraToken(TENANT, USER, { claims: { iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` } });
      await assertUnauthenticated(await me(bearer(token)));
    });

    it('an expired token (beyond the one-minute clock skew)', async () => {
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { expiresIn: -120 }))));
    });

    it('a token with no expiry', async () => {
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { exp: undefined } }))));
    });

    it('a token signed by a key that is not published (unknown kid)', async () => {
      const stranger = await createSigningKey();
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { key: stranger }))));
    });

    it('a token with a forged signature under a published kid', async () => {
      const stranger = await createSigningKey();
      const forged = { ...stranger, kid: cloud.openid.entraKeys[0].kid };
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { key: forged }))));
    });

    it('an unsigned (alg none) or HS256 token', async () => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const claims = { iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, aud: TAB_CLIENT_ID, tid: TENANT, oid: USER, scp: 'access_as_user', exp: Math.floor(Date.now() / 1000) + 600 };
      await assertUnauthenticated(await me(bearer(`${part({ alg: 'none', kid: cloud.openid.entraKeys[0].kid })}.${part(claims)}.`)));
      const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: cloud.openid.entraKeys[0].kid }).sign(new TextEncoder().encode(TAB_CLIENT_ID));
      await assertUnauthenticated(await me(bearer(hs256)));
    });

    it('a token without the access_as_user scope', async () => {
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { scp: undefined } }))));
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { scp: 'User.Read' } }))));
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { scp: 'access_as_user_extra' } }))));
      // An app-only token carries roles, not scp: no user behind it.
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { scp: undefined, roles: ['access_as_user'] } }))));
    });

    it('a token without tid or oid', async () => {
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { oid: undefined } }))));
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { tid: undefined } }))));
      await assertUnauthenticated(await me(bearer(await cloud.openid.entraToken(TENANT, USER, { claims: { oid: 'not-a-guid' } }))));
    });

    it('every /api/v1 read route, not only /me', async () => {
      for (const path of ['/api/v1/me', '/api/v1/feed', '/api/v1/people', '/api/v1/conversations']) {
        await assertUnauthenticated(await fetch(`${cloud.commons.url}${path}`));
      }
    });
  });

  describe('dev identity does not exist in cloud mode', () => {
    it('ignores X-Dev-Tenant and X-Dev-User without a token', async () => {
      await assertUnauthenticated(await me({ 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': DEMO_PEOPLE[0].userId }));
    });

    it('ignores X-Dev-Tenant and X-Dev-User beside a valid token: the token wins', async () => {
      const token = await cloud.openid.entraToken(TENANT, USER);
      const response = await me({ ...bearer(token), 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': DEMO_PEOPLE[0].userId });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.tenantId, TENANT);
      assert.equal(body.userId, USER);
    });

    it('answers /api/v1/dev/identities with 404, signed in or not', async () => {
      for (const headers of [{}, bearer(await cloud.openid.entraToken(TENANT, USER))]) {
        const response = await fetch(`${cloud.commons.url}/api/v1/dev/identities`, { headers });
        assert.equal(response.status, 404);
        assert.equal((await response.json()).error.code, 'not_found');
        assert.equal(response.headers.get(DEV_HEADER), null);
      }
    });
  });
});

describe('dev identity in local mode', () => {
  let commons: TestCommons;

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
  });
  after(async () => {
    await commons?.dispose();
  });

  const dev = { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': DEMO_PEOPLE[0].userId };
  const cases: Array<[string, string, Record<string, string>]> = [
    ['GET', '/api/v1/me', dev],
    ['GET', '/api/v1/feed', dev],
    ['GET', '/api/v1/people', dev],
    ['GET', '/api/v1/conversations', dev],
    ['GET', '/api/v1/dev/identities', {}],
    ['GET', '/api/v1/me', {}],
    ['GET', '/api/v1/no-such-route', dev],
    ['DELETE', '/api/v1/me', dev],
  ];

  it('marks every /api/v1 response with X-Commons-Dev-Identity, errors included', async () => {
    for (const [method, path, headers] of cases) {
      const response = await fetch(`${commons.url}${path}`, { method, headers });
      assert.match(response.headers.get(DEV_HEADER) ?? '', /local mode only/, `${method} ${path} (${response.status})`);
    }
  });

  it('trusts the dev headers, and only GUIDs', async () => {
    const ok = await fetch(`${commons.url}/api/v1/me`, { headers: dev });
    assert.equal((await ok.json()).displayName, DEMO_PEOPLE[0].displayName);
    const bad = await fetch(`${commons.url}/api/v1/me`, { headers: { 'x-dev-tenant': 'contoso', 'x-dev-user': 'alex' } });
    assert.equal(bad.status, 401);
  });

  it('lists the demo identities', async () => {
    const response = await fetch(`${commons.url}/api/v1/dev/identities`);
    assert.equal(response.status, 200);
    assert.equal((await response.json()).users.length, DEMO_PEOPLE.length);
  });
});
