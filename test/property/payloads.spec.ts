import { strict as assert } from 'assert';
import fc from 'fast-check';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { BOT, message, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { ToBotFromBotOrEmulatorTokenValidationParameters } from 'botframework-connector';
import { CloudCommons, countDocuments, startCloudCommons } from '../support/cloud';
import { MockConnector } from '../support/connector';
import { captureProcessOutput } from '../support/output';
import { BOT_APP_ID, BOT_TOKEN_ISSUER } from '../support/openid';

/** botbuilder's module-level list of accepted emulator and skill issuers. */
const libraryIssuers = () => ToBotFromBotOrEmulatorTokenValidationParameters.issuer as string[];

/**
 * Random and mutated payloads at every door: never a 5xx, never a stack trace or
 * library internals in the body, and never a new document in any container.
 * The /api/v1 routes are read from the router itself, so every route that lands is
 * fuzzed without touching this file.
 */
const RUNS = 150;
const STACK_TRACE = /\n\s+at .+:\d+:\d+|\.(ts|js):\d+:\d+|node_modules|Error: /;
const INVOKE_NAMES = [
  'adaptiveCard/action',
  'composeExtension/query',
  'composeExtension/queryLink',
  'composeExtension/fetchTask',
  'composeExtension/submitAction',
  'composeExtension/selectItem',
  'task/fetch',
  'task/submit',
  'actionableMessage/executeAction',
  'fileConsent/invoke',
  'signin/verifyState',
  'signin/tokenExchange',
  'config/fetch',
  'config/submit',
  'tab/fetch',
  'handoff/action',
];

const jsonish = fc.jsonValue({ maxDepth: 3 });
const anyKey = fc.oneof(fc.constantFrom('type', 'text', 'value', 'name', 'channelData', 'conversation', 'from', 'recipient', 'entities', 'attachments', 'membersAdded', 'membersRemoved', 'action', 'replyToId', 'deliveryMode', 'locale', 'channelId', 'serviceUrl', '__proto__', 'constructor'), fc.string({ maxLength: 12 }));

/** A path into an object: ['channelData', 'tenant', 'id'] and the like. */
function pathsOf(value: unknown, prefix: string[] = [], depth = 0): string[][] {
  if (depth > 3 || value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, key], depth + 1))];
}

function setAt(target: any, path: string[], replacement: unknown, remove: boolean): any {
  if (path.length === 0) return remove ? {} : replacement;
  const copy = Array.isArray(target) ? [...target] : { ...target };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (remove) delete copy[head];
    else Object.defineProperty(copy, head, { value: replacement, enumerable: true, writable: true, configurable: true });
  } else copy[head] = setAt(copy[head] ?? {}, rest, replacement, remove);
  return copy;
}

/** Activities that could never install the bot: the store must not change. */
function activities(serviceUrl: string) {
  const unreachable = 'http://127.0.0.1:1/';
  const base = fc.record({
    text: fc.oneof(fc.constant('help'), fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 50 })),
    tenantId: fc.oneof(fc.constant(DEMO_TENANT_ID), fc.uuid(), fc.string({ maxLength: 40 })),
    place: fc.constantFrom('personal' as const, 'channel' as const, 'groupChat' as const),
    kind: fc.constantFrom('message', 'invoke', 'event', 'messageReaction', 'conversationUpdate', 'installationUpdate', 'typing', 'endOfConversation'),
    invokeName: fc.oneof(fc.constantFrom(...INVOKE_NAMES), fc.string({ maxLength: 30 })),
    value: jsonish,
    action: fc.string({ maxLength: 12 }).filter((a) => !/^\s*(add|remove)/i.test(a)),
  }).map(({ text, tenantId, place, kind, invokeName, value, action }) => {
    const activity: Record<string, unknown> = { ...message(text, { serviceUrl, tenantId, place }), type: kind };
    if (kind === 'invoke') Object.assign(activity, { name: invokeName, value });
    if (kind === 'event') Object.assign(activity, { name: invokeName, value });
    if (kind === 'installationUpdate') activity.action = action;
    if (kind === 'conversationUpdate') activity.membersAdded = [{ id: '29:someone-else' }];
    return activity;
  });

  const mutated = fc
    .tuple(base, fc.nat(), jsonish, fc.boolean(), fc.option(fc.tuple(anyKey, jsonish), { nil: undefined }))
    .map(([activity, pick, replacement, remove, extra]) => {
      const paths = pathsOf(activity).filter((path) => path.length > 0);
      const path = paths[pick % paths.length];
      let next = setAt(activity, path, replacement, remove);
      if (extra) next = setAt(next, [extra[0]], extra[1], false);
      // A reachable serviceUrl other than the mock connector would send replies into the world.
      if (typeof next?.serviceUrl === 'string' && next.serviceUrl !== serviceUrl && /^https?:/i.test(next.serviceUrl)) next.serviceUrl = unreachable;
      return next;
    })
    // The one thing a valid activity may legitimately store is the bot's own installation.
    .filter((next) => !JSON.stringify(next?.membersAdded ?? []).includes(BOT.id) && !/^\s*add/i.test(String(next?.action ?? '')));

  const raw = fc.oneof(fc.string({ maxLength: 300 }), jsonish.map((value) => JSON.stringify(value)));
  return fc.oneof(
    { arbitrary: base.map((activity) => JSON.stringify(activity)), weight: 2 },
    { arbitrary: mutated.map((activity) => JSON.stringify(activity) ?? 'null'), weight: 5 },
    { arbitrary: raw, weight: 1 },
  );
}

interface RouteInfo {
  method: string;
  path: string;
}

describe('random and mutated payloads (fast-check)', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  async function assertSafe(label: string, response: Response): Promise<void> {
    const text = await response.text();
    assert.ok(response.status < 500, `${label}: status ${response.status} ${text.slice(0, 200)}`);
    assert.doesNotMatch(text, STACK_TRACE, `${label}: body shows internals`);
  }

  /** A person Teams names in an activity is recorded (issue 13.1): that, and their search index entry, is the one write allowed. */
  const notSeenPeople = async () => {
    const { people: _people, timelines: _timelines, ...others } = await countDocuments(commons.store);
    const { resources } = await commons.store.containers.people.items.query('SELECT * FROM c WHERE NOT (c.type = "person" AND c.source = "seen") AND c.type != "peopleSearchBucket"').fetchAll();
    // The privacy job's progress marker is written on its own schedule (the tenant's first run), whatever a payload does.
    const timelines = await commons.store.containers.timelines.items.query('SELECT c.id FROM c WHERE NOT IS_DEFINED(c.type) OR c.type != "privacyBackfill"').fetchAll();
    return { ...others, people: resources.length, timelines: timelines.resources.length };
  };

  it('/api/messages: never a 5xx, never internals, never a new document (but the people it names)', async () => {
    const counts = await notSeenPeople();
    await fc.assert(
      fc.asyncProperty(activities(connector.url), async (body) => {
        const response = await postActivity(commons.url, body);
        await assertSafe(`POST /api/messages ${body.slice(0, 120)}`, response);
        assert.deepEqual(await notSeenPeople(), counts);
      }),
      { numRuns: RUNS },
    );
    const health = await fetch(`${commons.url}/healthz`);
    assert.equal(health.status, 200, 'still serving');
  });

  it('every /api/v1 route and method: never a 5xx, never internals, never a new document', async () => {
    const registered = Object.values((commons.server as unknown as { router: { getRoutes(): Record<string, RouteInfo> } }).router.getRoutes())
      .filter((route) => route.path.startsWith('/api/v1'));
    assert.ok(registered.length >= 4, 'the routes are found');
    const paths = [...new Set(registered.map((route) => route.path))];
    const pathParam = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constantFrom('..', '%2e%2e', 'null', DEMO_TENANT_ID, `${DEMO_TENANT_ID}|x`));
    const request = fc.record({
      template: fc.constantFrom(...paths),
      params: fc.array(pathParam, { minLength: 4, maxLength: 4 }),
      method: fc.oneof(fc.constantFrom(...new Set(registered.map((route) => route.method.toUpperCase()))), fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
      tenant: fc.oneof(fc.constant(DEMO_TENANT_ID), fc.uuid(), fc.string({ maxLength: 40 }), fc.constant(undefined)),
      user: fc.oneof(fc.constantFrom(...DEMO_PEOPLE.map((person) => person.userId)), fc.uuid(), fc.string({ maxLength: 40 }), fc.constant(undefined)),
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', ''),
      body: fc.oneof(jsonish.map((value) => JSON.stringify(value)), fc.string({ maxLength: 300 }), fc.constant('')),
      query: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
      language: fc.oneof(fc.constantFrom('en-US', 'de-DE', 'xx', '*', ''), fc.string({ maxLength: 20 })),
    });
    let counts = await countDocuments(commons.store);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let i = 0;
        const path = r.template.replace(/:[A-Za-z]+/g, () => encodeURIComponent(r.params[i++ % r.params.length]));
        const query = new URLSearchParams(r.query).toString();
        const headers: Record<string, string> = {};
        if (r.tenant !== undefined) headers['x-dev-tenant'] = r.tenant;
        if (r.user !== undefined) headers['x-dev-user'] = r.user;
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.language) headers['accept-language'] = r.language;
        const init: RequestInit = { method: r.method, headers };
        if (r.method !== 'GET') init.body = r.body;
        let response: Response;
        try {
          response = await fetch(`${commons.url}${path}${query ? `?${query}` : ''}`, init);
        } catch (error) {
          // fetch refuses some header values (non-Latin-1) before sending: nothing reached us.
          if (error instanceof TypeError) return;
          throw error;
        }
        await assertSafe(`${r.method} ${path}`, response);
        // One read writes by design: a person's data export is audited (privacy.export).
        if (r.method === 'GET' && r.template === '/api/v1/me/export' && response.ok) {
          counts = await countDocuments(commons.store);
          return;
        }
        assert.deepEqual(await countDocuments(commons.store), counts, `${r.method} ${path} wrote`);
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * The crafted-token family: bearer tokens an anonymous caller can make (any header, any
 * claims, no valid signature) against cloud mode's real validation. Each must be a 401
 * in our error shape, store nothing, leave botbuilder's module-level issuer list as it
 * was (its emulator path grew it from each token's `tid`), and print nothing.
 */
describe('crafted bot tokens in cloud mode (fast-check)', function () {
  this.timeout(60_000);
  let cloud: CloudCommons;
  let connector: MockConnector;

  before(async () => {
    connector = await new MockConnector().start();
    cloud = await startCloudCommons();
  });

  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const emulatorIssuers = libraryIssuers().slice(0, 4);

  function tokens() {
    const claim = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
    const header = fc.record({
      alg: claim(fc.oneof(fc.constantFrom('RS256', 'RS384', 'RS512', 'HS256', 'none', 'ES256'), fc.string({ maxLength: 10 }))),
      kid: claim(fc.oneof(fc.constant('published'), fc.string({ maxLength: 40 }), fc.string({ minLength: 300, maxLength: 400 }))),
      typ: claim(fc.constantFrom('JWT', 'jwt', 'at+jwt')),
    });
    const payload = fc.record({
      iss: claim(fc.oneof(fc.constant(BOT_TOKEN_ISSUER), fc.constant('https://api.botframework.com'), fc.constantFrom(...emulatorIssuers), fc.webUrl(), fc.string({ maxLength: 30 }))),
      tid: claim(fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.string({ minLength: 1000, maxLength: 3000 }))),
      ver: claim(fc.constantFrom('1.0', '2.0', '3.0')),
      appid: claim(fc.oneof(fc.constant(BOT_APP_ID), fc.uuid())),
      azp: claim(fc.oneof(fc.constant(BOT_APP_ID), fc.uuid())),
      aud: claim(fc.oneof(fc.constant(BOT_APP_ID), fc.constant('https://api.botframework.com'), fc.uuid())),
      serviceurl: claim(fc.constant('serviceUrl')),
      exp: claim(fc.oneof(fc.constant(Math.floor(Date.now() / 1000) + 600), fc.integer())),
      extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), jsonish, { maxKeys: 40 }),
    });
    return fc
      .record({ header, payload, signature: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 400 })), scheme: fc.constantFrom('Bearer ', 'Bearer  ', 'bearer ', '') })
      .map(({ header, payload, signature, scheme }) => {
        const { extra, ...claims } = payload;
        const named = { ...header, kid: header.kid === 'published' ? cloud.openid.channelKey.kid : header.kid };
        const body = { ...extra, ...claims, serviceurl: claims.serviceurl && connector.url };
        return `${scheme}${b64(named)}.${b64(body)}.${b64(signature)}`;
      });
  }

  it('/api/messages: every crafted token is a 401 that stores, grows and prints nothing', async () => {
    const counts = await countDocuments(cloud.commons.store);
    const issuers = [...libraryIssuers()];
    const printed = captureProcessOutput();
    try {
      await fc.assert(
        fc.asyncProperty(tokens(), async (authorization) => {
          const response = await postActivity(cloud.commons.url, message('help', { serviceUrl: connector.url }), { authorization });
          const text = await response.text();
          assert.equal(response.status, 401, `${authorization.slice(0, 160)}: ${text.slice(0, 200)}`);
          assert.equal(JSON.parse(text).error.code, 'unauthenticated');
          assert.doesNotMatch(text, STACK_TRACE);
        }),
        { numRuns: RUNS },
      );
    } finally {
      printed.restore();
    }
    assert.deepEqual(await countDocuments(cloud.commons.store), counts, 'nothing stored');
    assert.equal(connector.calls.length, 0, 'nothing sent');
    assert.deepEqual(libraryIssuers(), issuers, "botbuilder's issuer list did not grow");
    assert.doesNotMatch(printed.text(), /Available keys|BEGIN PUBLIC KEY|AuthenticationError|JsonWebTokenError|TokenExpiredError/, 'nothing of botbuilder printed');
  });
});
