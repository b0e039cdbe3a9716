import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { message, postActivity } from '../support/activities';
import { startKeyModeCosmos } from '../support/cloud';
import { BOT_APP_ID, BOT_APP_PASSWORD, BOT_TOKEN_ISSUER, OpenIdServer, TAB_APP_ID_URI, TAB_CLIENT_ID } from '../support/openid';
import { CommonsProcess, startCommonsProcess } from '../support/measured-process';

/**
 * From outside, as an anonymous attacker would: a real Commons process in cloud mode
 * with the production heap cap (256 MB) receives many thousands of crafted, unsigned
 * bot tokens from several clients at once. botbuilder's emulator path used to append
 * issuer strings built from each token's `tid` to a list that never shrinks, until the
 * heap ran out; and its console.error printed key material for every bad signature.
 */
const REQUESTS = 15_000;
const WARM_UP = 1_000;
const CLIENTS = 8;
/** What the resident set may grow by over the flood once warmed up. */
const RSS_GROWTH_BOUND_KB = 40 * 1024;
/**
 * Lines besides the access log ("msg":"request", one a request by design) that the whole
 * flood may cause: a handful of throttled refusal notes, not one a request.
 */
const LOG_LINES_BOUND = 20;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('anonymous token flood on /api/messages (a real process, cloud mode, 256 MB heap)', function () {
  this.timeout(300_000);
  let openid: OpenIdServer;
  let cosmos: Awaited<ReturnType<typeof startKeyModeCosmos>>;
  let commons: CommonsProcess;

  before(async () => {
    openid = await new OpenIdServer().start();
    cosmos = await startKeyModeCosmos();
    commons = await startCommonsProcess({
      BOT_ID: BOT_APP_ID,
      BOT_PASSWORD: BOT_APP_PASSWORD,
      BOT_TENANT_ID: DEMO_TENANT_ID,
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: 'embedded-test-key',
      COSMOS_DATABASE: `flood-${process.pid}-${Date.now()}`,
      TAB_CLIENT_ID,
      TAB_APP_ID_URI,
      ...openid.env,
    });
  });
  after(async () => {
    await commons?.stop();
    await cosmos?.stop();
    await openid?.stop();
  });

  /**
   * Request n's token. Most look like the emulator's (an 8 KB `tid`, an arbitrary `iss`,
   * no `ver`); every tenth names the channel's published key with a bad signature,
   * which is what made botbuilder print the key set.
   */
  function craftedToken(n: number): string {
    if (n % 10 === 0) {
      const claims = { iss: BOT_TOKEN_ISSUER, aud: BOT_APP_ID, serviceurl: 'http://127.0.0.1:1/', exp: Math.floor(Date.now() / 1000) + 600 };
      return `${b64({ alg: 'RS256', typ: 'JWT', kid: openid.channelKey.kid })}.${b64(claims)}.${Buffer.from(`forged-${n}`).toString('base64url')}`;
    }
    // The distinct part leads, as an attacker would arrange it: every token is a new tenant.
    const claims = { iss: `https://sts.attacker.example/${n}/`, tid: `${n}-${'t'.repeat(8 * 1024)}`, aud: BOT_APP_ID };
    return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.c2lnbmF0dXJl`;
  }

  async function flood(from: number, to: number): Promise<Map<number, number>> {
    const statuses = new Map<number, number>();
    const activity = JSON.stringify(message('help', { serviceUrl: 'http://127.0.0.1:1/' }));
    let next = from;
    const client = async () => {
      while (next < to) {
        const n = next++;
        const response = await postActivity(commons.url, activity, { authorization: `Bearer ${craftedToken(n)}` }).catch(async (error) => {
          const exit = await Promise.race([commons.exited, new Promise((resolve) => setTimeout(resolve, 5_000, 'still running'))]);
          throw new Error(`request ${n} failed (${error.cause?.code ?? error.message}); the process: ${exit}; its last output: ${commons.output().slice(-400)}`);
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    return statuses;
  }

  it(`answers ${REQUESTS.toLocaleString('en')} crafted tokens with 401, keeps its memory flat and its logs quiet`, async () => {
    const warmUp = await flood(0, WARM_UP);
    assert.deepEqual([...warmUp], [[401, WARM_UP]], 'warm-up: every crafted token is refused with 401');
    const rssBefore = commons.residentKb();
    const linesBefore = commons.output().split('\n').length;

    const statuses = await flood(WARM_UP, REQUESTS);
    const rssAfter = commons.residentKb();
    const outputDuring = commons.output().split('\n').slice(linesBefore - 1).filter((line) => line && !line.includes('"msg":"request"'));

    assert.deepEqual([...statuses], [[401, REQUESTS - WARM_UP]], 'every crafted token is refused with 401');
    const growthKb = rssAfter - rssBefore;
    console.log(`      resident set ${Math.round(rssBefore / 1024)} MB → ${Math.round(rssAfter / 1024)} MB (${growthKb >= 0 ? '+' : ''}${Math.round(growthKb / 1024)} MB) over ${REQUESTS - WARM_UP} requests; ${outputDuring.length} lines besides the access log`);
    assert.ok(growthKb < RSS_GROWTH_BOUND_KB, `resident set grew by ${Math.round(growthKb / 1024)} MB (bound ${RSS_GROWTH_BOUND_KB / 1024} MB)`);
    assert.ok(outputDuring.length <= LOG_LINES_BOUND, `${outputDuring.length} lines of output besides the access log during the flood, e.g.:\n${outputDuring.slice(0, 3).join('\n').slice(0, 600)}`);
    assert.doesNotMatch(commons.output(), /BEGIN PUBLIC KEY|Available keys/, 'no key material on stdout/stderr');
    const health = await fetch(`${commons.url}/healthz`);
    assert.equal(health.status, 200, 'still serving');
  });
});
