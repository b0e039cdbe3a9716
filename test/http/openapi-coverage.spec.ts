import { strict as assert } from 'assert';
import { startTestCommons, TestCommons } from '../support/app';

/** Routes that are not part of the JSON API, each for a reason; a new one must be added here on purpose. */
const OUTSIDE_THE_API = [
  'GET /', // redirects to the tab
  'GET /tab/*', // the tab's static files
  'GET /healthz',
  'GET /readyz',
  'POST /api/messages', // the Bot Framework endpoint (activities, not JSON API calls)
];

type Paths = Record<string, Record<string, unknown>>;

/** restify's own registry: whatever registers a route, it is listed there ("get /api/v1/x/{id}"). */
function registeredRoutes(commons: TestCommons): Array<{ method: string; path: string; openApiPath: string }> {
  const { router } = commons.server as unknown as { router: { getRoutes(): Record<string, { method: string; path: string }> } };
  return Object.values(router.getRoutes()).map(({ method, path }) => ({ method: method.toLowerCase(), path: String(path), openApiPath: String(path).replace(/:(\w+)/g, '{$1}') }));
}

describe('OpenAPI document', () => {
  let commons: TestCommons;
  before(async () => {
    commons = await startTestCommons();
  });
  after(async () => {
    await commons.dispose();
  });

  it('describes every route the server registers, with its method (or the route is named here as outside the API)', async () => {
    const response = await fetch(`${commons.url}/api/v1/openapi.json`);
    assert.equal(response.status, 200);
    const document = (await response.json()) as { paths: Paths };
    const registered = registeredRoutes(commons);
    assert.ok(registered.length > 40, `the registry lists the routes (${registered.length})`);
    const missing: string[] = [];
    for (const { method, path, openApiPath } of registered) {
      const label = `${method.toUpperCase()} ${path}`;
      if (OUTSIDE_THE_API.includes(label)) continue;
      if (!document.paths[openApiPath]?.[method]) missing.push(label);
    }
    assert.deepEqual(missing, [], 'routes missing from GET /api/v1/openapi.json');
    for (const outside of OUTSIDE_THE_API) assert.ok(registered.some((r) => `${r.method.toUpperCase()} ${r.path}` === outside), `${outside} is still registered`);
  });

  it('describes nothing the server does not serve', async () => {
    const document = (await (await fetch(`${commons.url}/api/v1/openapi.json`)).json()) as { paths: Paths };
    const registered = new Set(registeredRoutes(commons).map(({ method, openApiPath }) => `${method} ${openApiPath}`));
    const extra = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).filter((m) => !registered.has(`${m} ${path}`)).map((m) => `${m.toUpperCase()} ${path}`));
    assert.deepEqual(extra, []);
  });

  it('describes the reaction set from its zod schema: GET for everyone, PUT with the body the server validates', async () => {
    const document = (await (await fetch(`${commons.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, any> };
    const reactions = document.paths['/api/v1/settings/reactions'];
    assert.ok(reactions.get);
    const body = reactions.put.requestBody.content['application/json'].schema;
    assert.equal(body.additionalProperties, false);
    assert.deepEqual(body.required, ['reactions']);
    assert.equal(body.properties.reactions.maxItems, 20);
    assert.deepEqual(Object.keys(body.properties.reactions.items.properties).sort(), ['emoji', 'label', 'type']);
  });
});
