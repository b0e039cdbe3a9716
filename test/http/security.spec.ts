import { strict as assert } from 'assert';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import { execFileSync } from 'child_process';
import { BOT_BODY_MAX_BYTES } from '../../src/bot/endpoint';
import { TokenBucketLimiter, WRITE_RATE_LIMIT } from '../../src/auth/user-limits';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { message, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';

const ROOT = path.resolve(__dirname, '..', '..');
const TAB_INDEX = path.join(ROOT, 'dist', 'tab', 'index.html');
const tenantUser = (n: number) => ({ 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': DEMO_PEOPLE[n].userId });

describe('write rate limit (token bucket)', () => {
  const limiterAt = (clock: { now: number }) => new TokenBucketLimiter({ burst: 3, refillPerSecond: 0.5, maxTrackedUsers: 100, now: () => clock.now });

  it('allows a burst, then refuses with the seconds until the next token', () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('t|u').allowed, true);
    assert.deepEqual(limiter.take('t|u'), { allowed: false, retryAfterSeconds: 2 });
    clock.now = 1_000;
    assert.deepEqual(limiter.take('t|u'), { allowed: false, retryAfterSeconds: 1 });
    clock.now = 2_000;
    assert.equal(limiter.take('t|u').allowed, true, 'one token back after 2 s');
    assert.equal(limiter.take('t|u').allowed, false);
  });

  it('keeps one bucket per tenant|user', () => {
    const limiter = limiterAt({ now: 0 });
    for (let i = 0; i < 3; i++) limiter.take('a|u');
    assert.equal(limiter.take('a|u').allowed, false);
    assert.equal(limiter.take('b|u').allowed, true, 'same user id in another tenant');
    assert.equal(limiter.take('a|v').allowed, true, 'another user in the same tenant');
  });

  it('never refills beyond the burst', () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    limiter.take('t|u');
    clock.now = 3_600_000;
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('t|u').allowed, true);
    assert.equal(limiter.take('t|u').allowed, false);
  });

  it('stays bounded in memory, forgetting idle users first', () => {
    const clock = { now: 0 };
    const limiter = new TokenBucketLimiter({ burst: 2, refillPerSecond: 1, maxTrackedUsers: 10, now: () => clock.now });
    for (let i = 0; i < 10; i++) limiter.take(`t|${i}`);
    clock.now = 5_000;
    limiter.take('t|busy');
    assert.ok(limiter.trackedKeys <= 10, `tracked ${limiter.trackedKeys}`);
    for (let i = 0; i < 1_000; i++) limiter.take(`flood|${i}`);
    assert.ok(limiter.trackedKeys <= 10);
  });

  it('names its limits in one place', () => {
    assert.ok(WRITE_RATE_LIMIT.burst >= 5 && WRITE_RATE_LIMIT.refillPerSecond > 0);
  });
});

describe('hardening over HTTP (local mode)', () => {
  let commons: TestCommons;
  let connector: MockConnector;
  let writes = 0;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    // A stand-in write route: the limit must apply to every write under /api/v1, including
    // routes registered by features this file knows nothing about.
    commons.server.post('/api/v1/__test__/writes', (req, res, next) => {
      writes += 1;
      res.send(201, { ok: true });
      next();
    });
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  describe('per-user write limit', () => {
    it(`answers the write after a burst of ${WRITE_RATE_LIMIT.burst} with 429, Retry-After and rate_limited, and never runs it`, async () => {
      const post = (headers: Record<string, string>) =>
        fetch(`${commons.url}/api/v1/__test__/writes`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      writes = 0;
      for (let i = 0; i < WRITE_RATE_LIMIT.burst; i++) assert.equal((await post(tenantUser(2))).status, 201, `write ${i + 1}`);
      const limited = await post(tenantUser(2));
      assert.equal(limited.status, 429);
      assert.match(limited.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
      assert.equal((await limited.json()).error.code, 'rate_limited');
      assert.equal(writes, WRITE_RATE_LIMIT.burst, 'the refused write never reached its route');
      assert.equal((await post(tenantUser(3))).status, 201, 'another user is not affected');
      const read = await fetch(`${commons.url}/api/v1/me`, { headers: tenantUser(2) });
      assert.equal(read.status, 200, 'reads are not limited');
    });

    it('counts nothing for requests that fail authentication (their route refuses them)', async () => {
      const forged = { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': `${DEMO_PEOPLE[4].userId}-forged` };
      for (let i = 0; i <= WRITE_RATE_LIMIT.burst; i++) {
        const response = await fetch(`${commons.url}/api/v1/__test__/writes`, { method: 'POST', headers: forged });
        assert.notEqual(response.status, 429, `request ${i + 1}`);
      }
      const own = await fetch(`${commons.url}/api/v1/__test__/writes`, { method: 'POST', headers: tenantUser(4) });
      assert.equal(own.status, 201, "the real user's bucket is untouched");
    });
  });

  describe('body size limits', () => {
    it(`refuses an activity over ${BOT_BODY_MAX_BYTES / 1024} KB with 413 in our error shape`, async () => {
      const activity = message('x'.repeat(BOT_BODY_MAX_BYTES), { serviceUrl: connector.url });
      const response = await postActivity(commons.url, activity);
      assert.equal(response.status, 413);
      const text = await response.text();
      assert.equal(JSON.parse(text).error.code, 'too_large');
      assert.doesNotMatch(text, /\bat .+:\d+:\d+/);
      assert.equal(connector.calls.length, 0);
    });

    it('refuses an oversized chunked body (no Content-Length) too', async () => {
      const chunk = new TextEncoder().encode(`{"type":"message","text":"${'y'.repeat(BOT_BODY_MAX_BYTES)}"}`);
      const body = new ReadableStream({
        start(controller) {
          for (let i = 0; i < chunk.length; i += 16 * 1024) controller.enqueue(chunk.slice(i, i + 16 * 1024));
          controller.close();
        },
      });
      const response = await fetch(`${commons.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      assert.equal(response.status, 413);
      assert.equal((await response.json()).error.code, 'too_large');
    });

    it('accepts an activity just under the limit', async () => {
      const activity = message('help', { serviceUrl: connector.url });
      const padding = BOT_BODY_MAX_BYTES - JSON.stringify(activity).length - 64;
      const response = await postActivity(commons.url, { ...activity, channelData: { ...activity.channelData, padding: 'p'.repeat(padding) } });
      assert.equal(response.status, 200);
    });
  });

  describe('security headers on the tab', () => {
    before(function () {
      if (!existsSync(TAB_INDEX)) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-tab.mjs')], { cwd: ROOT, stdio: 'ignore' });
    });

    it('serves /tab/index.html with a CSP that only Teams and Microsoft 365 may frame, and nosniff', async () => {
      const response = await fetch(`${commons.url}/tab/index.html`);
      assert.equal(response.status, 200);
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      const ancestors = directives.get('frame-ancestors') ?? [];
      assert.ok(ancestors.includes('https://teams.microsoft.com'), csp);
      for (const source of ancestors) {
        assert.match(source, /^('self'|https:\/\/([*a-z0-9-]+\.)*(microsoft\.com|office\.com|office365\.com|microsoft365\.com|cloud\.microsoft))$/, `frame-ancestors source ${source}`);
      }
      assert.deepEqual(directives.get('script-src'), ["'self'"]);
      assert.ok(!csp.includes("'unsafe-eval'"));
      assert.deepEqual(directives.get('object-src'), ["'none'"]);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    });

    it('sends the same headers on API responses and on 404s', async () => {
      for (const url of [`${commons.url}/api/v1/me`, `${commons.url}/no/such/thing`, `${commons.url}/healthz`]) {
        const response = await fetch(url);
        assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors/, url);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', url);
      }
    });

    it('builds an index.html with no inline script, only same-origin script files', () => {
      const html = readFileSync(TAB_INDEX, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      assert.ok(scripts.length > 0, 'the app is loaded by a script element');
      for (const [, attributes, content] of scripts) {
        assert.equal(content.trim(), '', 'no inline script content');
        const src = attributes.match(/\bsrc\s*=\s*["']([^"']+)["']/i)?.[1] ?? '';
        assert.ok(src && !/^(https?:)?\/\//i.test(src) && !src.startsWith('data:'), `script src ${src} is same-origin`);
      }
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
      assert.doesNotMatch(html, /javascript:/i);
    });
  });
});
