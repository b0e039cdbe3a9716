import { strict as assert } from 'assert';
import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';

const ADMIN = '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001';
const headers = { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ADMIN };
const SET_A = { reactions: [{ type: 'thanks', emoji: '🙏', label: 'Thanks' }] };
const SET_B = { reactions: [{ type: 'rocket', emoji: '🚀', label: 'Ship it' }] };

/** A Cosmos-protocol server behind a proxy that can answer every request with a chosen status instead. */
async function faultyCosmos() {
  const cosmos = createHttpServer();
  await new Promise<void>((resolve) => cosmos.listen(0, '127.0.0.1', resolve));
  const target = (cosmos.address() as AddressInfo).port;
  const state: { failWith?: number; refused: number } = { refused: 0 };
  const proxy = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (state.failWith) {
      state.refused++;
      req.resume();
      res.writeHead(state.failWith, { 'content-type': 'application/json', 'x-ms-retry-after-ms': '100' });
      res.end(JSON.stringify({ code: state.failWith === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'injected' }));
      return;
    }
    const forward = http.request({ host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    state,
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    async stop() {
      for (const server of [proxy, cosmos]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

// Issue 11, faults: a store that throttles or fails answers 503 within a bounded time, nothing half-written, no crash.
describe('a store that answers 429 or 503', function () {
  this.timeout(60_000);
  let cosmos: Awaited<ReturnType<typeof faultyCosmos>>;
  let commons: TestCommons;

  before(async () => {
    cosmos = await faultyCosmos();
    commons = await startTestCommons({ COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: 'dGVzdA==', COSMOS_DATABASE: `faults-${process.pid}-${Date.now()}`, COMMONS_ADMINS: ADMIN });
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${commons.url}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('not ready within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  after(async () => {
    await commons?.dispose();
    await cosmos?.stop();
  });

  for (const status of [429, 503]) {
    it(`answers ${status} from the store with 503 unavailable after a bounded retry, and keeps what was stored before`, async () => {
      const put = (body: unknown) => fetch(`${commons.url}/api/v1/settings/reactions`, { method: 'PUT', headers, body: JSON.stringify(body) });
      assert.equal((await put(SET_A)).status, 200);

      cosmos.state.failWith = status;
      cosmos.state.refused = 0;
      try {
        const refused = await put(SET_B);
        assert.equal(refused.status, 503, await refused.clone().text());
        assert.equal(refused.headers.get('retry-after'), '5');
        assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'unavailable');
        assert.ok(cosmos.state.refused <= 8, `the store was asked ${cosmos.state.refused} times, not without end`);
        assert.equal((await fetch(`${commons.url}/readyz`)).status, 503);
      } finally {
        cosmos.state.failWith = undefined;
      }
      const after = (await (await fetch(`${commons.url}/api/v1/settings/reactions`, { headers })).json()) as typeof SET_A;
      assert.deepEqual(after.reactions.map((r) => r.type), ['thanks'], 'the refused change left nothing behind');
      assert.equal((await fetch(`${commons.url}/readyz`)).status, 200, 'and the instance is ready again');
    });
  }
});
