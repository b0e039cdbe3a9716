import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { AddressInfo } from 'net';
import { networkInterfaces } from 'os';
import path from 'path';
import { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { ensureContainers, openStore } from '../../src/store/cosmos';
import { createRepositories } from '../../src/store';
import { seedDemoTenant } from '../../src/store/seed';
import { eraseAndWait } from '../support/erasure';
import { devApi } from '../support/dev-api';
import { CONTAINERS } from '../../src/store/containers';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { message, postActivity } from '../support/activities';
import { MockConnector } from '../support/connector';
import { killProcess, startServerProcess } from '../support/process';
import { BOT_APP_ID, TAB_CLIENT_ID } from '../support/openid';

/**
 * From outside: real Commons processes, real HTTP, started with the settings of issue
 * 10.2 (ALLOWED_TENANTS) and 10.5 (local mode on a remote store, cloud mode without
 * bot credentials).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const FOREIGN = ['f0e1d2c3-0000-4000-8000-0000000f0e11', 'f0e1d2c3-0000-4000-8000-0000000f0e22'];
const IGNORED_LINE = /activity from a tenant not in ALLOWED_TENANTS ignored/g;

/** Starts src/index.ts and collects what it prints until it exits by itself (or is killed). */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', 'src/index.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve({ code, output }))));
}

/** This machine's first address that is not loopback: a "remote" store that a test can still serve. */
const nonLoopbackAddress = () => Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

/**
 * A Cosmos-protocol server on this machine's non-loopback address (a "remote" store to
 * local mode) with Commons' containers made; undefined (the suite skipped, saying why)
 * where the machine has no such address.
 */
async function remoteStore(context: Mocha.Context, database: string): Promise<{ cosmos: ReturnType<typeof createHttpServer>; endpoint: string; client: CosmosClient } | undefined> {
  const address = nonLoopbackAddress();
  if (!address) {
    console.log('      (skipped: this machine has no non-loopback IPv4 address to serve a "remote" store on)');
    context.skip();
    return undefined;
  }
  const cosmos = createHttpServer();
  await new Promise<void>((resolve) => cosmos.listen(0, '0.0.0.0', resolve));
  const endpoint = `http://${address}:${(cosmos.address() as AddressInfo).port}`;
  const client = new CosmosClient({ endpoint, key: 'k', connectionPolicy: { enableEndpointDiscovery: false } });
  await ensureContainers(client, database);
  return { cosmos, endpoint, client };
}

describe('tenant allow-list and store guards, from outside (real processes)', function () {
  this.timeout(180_000);

  describe('a local-mode process started with ALLOWED_TENANTS', () => {
    let connector: MockConnector;
    let commons: Awaited<ReturnType<typeof startServerProcess>> | undefined;
    before(async () => {
      connector = await new MockConnector().start();
      commons = await startServerProcess({ ALLOWED_TENANTS: DEMO_TENANT_ID, SEED: 'false', DATA_DIR: `/tmp/commons-allow-${process.pid}-${Date.now()}`, SNAPSHOT_INTERVAL_SECONDS: '0' });
    });
    after(async () => {
      await killProcess(commons);
      await connector?.stop();
    });

    it('acknowledges other tenants with 200, answers none of them, and logs each foreign tenant once', async () => {
      const sends = [...FOREIGN, ...FOREIGN, FOREIGN[0]].map((tenantId) => postActivity(commons!.url, message('help', { serviceUrl: connector.url, tenantId })));
      for (const response of await Promise.all(sends)) assert.equal(response.status, 200);
      // Its own tenant is answered: once that reply is in, every earlier turn has ended too.
      assert.equal((await postActivity(commons!.url, message('help', { serviceUrl: connector.url, tenantId: DEMO_TENANT_ID }))).status, 200);
      assert.equal(connector.sentActivities().length, 1, 'only the allowed tenant got a reply');
      const lines = commons!.output().match(IGNORED_LINE) ?? [];
      assert.equal(lines.length, FOREIGN.length, `one line per foreign tenant, got ${lines.length}`);
    });

    it('answers API calls from other tenants with 403 tenant_not_allowed', async () => {
      const response = await fetch(`${commons!.url}/api/v1/feed`, { headers: { 'x-dev-tenant': FOREIGN[0], 'x-dev-user': DEMO_PEOPLE[0].userId } });
      assert.equal(response.status, 403);
      assert.equal((await response.json()).error.code, 'tenant_not_allowed');
      const own = await fetch(`${commons!.url}/api/v1/feed`, { headers: { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': DEMO_PEOPLE[0].userId } });
      assert.equal(own.status, 200);
    });
  });

  it('cloud mode without ALLOWED_TENANTS or BOT_TENANT_ID does not start, saying so in one line', async () => {
    const { code, output } = await runToExit({ BOT_ID: BOT_APP_ID, BOT_PASSWORD: 'x', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', TAB_CLIENT_ID });
    assert.equal(code, 2);
    assert.equal(output.trim().split('\n').length, 1, output);
    assert.match(output, /^Configuration error: ALLOWED_TENANTS: required in cloud mode/);
  });

  it('local mode with a non-loopback COSMOS_ENDPOINT does not start, saying so in one line', async () => {
    const { code, output } = await runToExit({ COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', COSMOS_KEY: 'k' });
    assert.equal(code, 2);
    assert.equal(output.trim().split('\n').length, 1, output);
    assert.match(output, /^Configuration error: COSMOS_ENDPOINT: local mode \(no BOT_ID\) uses a store on this machine only/);
  });

  describe('local mode allowed onto a remote store that holds data (COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE=true)', () => {
    const database = `remote-${process.pid}-${Date.now()}`;
    let cosmos: ReturnType<typeof createHttpServer> | undefined;
    let endpoint: string;
    let client: CosmosClient;
    let commons: Awaited<ReturnType<typeof startServerProcess>> | undefined;

    before(async function () {
      const remote = await remoteStore(this, database);
      if (!remote) return;
      ({ cosmos, endpoint, client } = remote);
      // Someone's real data: one post of another organisation.
      await client.database(database).container(CONTAINERS.posts.id).items.create({ id: 'someone-else', pk: 'a-real-tenant|post|1', tenantId: 'a-real-tenant' });
      commons = await startServerProcess({ COSMOS_ENDPOINT: endpoint, COSMOS_KEY: 'k', COSMOS_DATABASE: database, COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE: 'true', SEED: 'true' });
    });
    after(async () => {
      await killProcess(commons);
      client?.dispose();
      cosmos?.closeAllConnections();
      await new Promise((resolve) => (cosmos ? cosmos.close(resolve) : resolve(undefined)));
    });

    it('starts, but seeds nothing into it and never starts the delivery engine', async () => {
      const output = commons!.output();
      assert.match(output, /the store already holds data: the demo tenant is not seeded into it/);
      assert.match(output, /delivery engine not started: local mode on a remote store/);
      assert.doesNotMatch(output, /seeded the demo tenant/);
      const demo = await client.database(database).container(CONTAINERS.tenants.id).items.query({ query: 'SELECT * FROM c WHERE c.tenantId = @t', parameters: [{ name: '@t', value: DEMO_TENANT_ID }] }).fetchAll();
      assert.equal(demo.resources.length, 0, 'no demo tenant written');
      const people = await client.database(database).container(CONTAINERS.people.id).items.readAll().fetchAll();
      assert.equal(people.resources.length, 0, 'no demo people written');
    });
  });

  describe('delivery disabled (local mode on a remote store that holds the demo tenant)', () => {
    const database = `nodelivery-${process.pid}-${Date.now()}`;
    let cosmos: ReturnType<typeof createHttpServer> | undefined;
    let commons: Awaited<ReturnType<typeof startServerProcess>> | undefined;
    let seeded: Awaited<ReturnType<typeof openStore>>;
    const LYNNE = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;
    const ALEX = DEMO_PEOPLE.find((p) => p.displayName === 'Alex Wilber')!;

    before(async function () {
      const remote = await remoteStore(this, database);
      if (!remote) return;
      remote.client.dispose();
      cosmos = remote.cosmos;
      const { endpoint } = remote;
      seeded = await openStore({ mode: 'key', endpoint, key: 'k', database });
      const repositories = createRepositories(seeded);
      await seedDemoTenant(repositories);
      // A comment notice falls due while nothing can be sent: it must wait, not be lost or tried.
      await repositories.heldNotices.hold(DEMO_TENANT_ID, 'post-waiting-for-delivery', Date.now() - 1_000, 'comments');
      commons = await startServerProcess({ COSMOS_ENDPOINT: endpoint, COSMOS_KEY: 'k', COSMOS_DATABASE: database, COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE: 'true', SEED: 'false' });
    });
    after(async () => {
      await killProcess(commons);
      await seeded?.close();
      cosmos?.closeAllConnections();
      await new Promise((resolve) => (cosmos ? cosmos.close(resolve) : resolve(undefined)));
    });

    it('still erases a person (a background job), while notices that send wait held', async () => {
      assert.match(commons!.output(), /delivery engine not started: .*erasure, retention and recording jobs still run/);
      const done = await eraseAndWait(commons!.url, DEMO_TENANT_ID, ALEX.userId, LYNNE.userId, 60_000);
      assert.equal(done.state, 'done');
      assert.equal(done.report.counts.profile, 1, JSON.stringify(done.report));
      const people = await devApi(commons!.url, DEMO_TENANT_ID, ALEX.userId)('GET', '/api/v1/people?search=Lynne');
      assert.deepEqual((people.body.people as any[]).map((p) => p.userId), [], 'gone from the directory');
      const waiting = await createRepositories(seeded).heldNotices.get(DEMO_TENANT_ID, 'post-waiting-for-delivery', 'comments');
      assert.ok(waiting, 'the comment notice is still held for an instance that can send it');
      assert.equal(waiting.claimedBy, undefined, 'and nobody tried to send it');
    });
  });

  it('cloud mode without bot credentials starts, without the delivery engine', async () => {
    const commons = await startServerProcess({ BOT_ID: BOT_APP_ID, BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: DEMO_TENANT_ID, COSMOS_ENDPOINT: 'http://127.0.0.1:9', COSMOS_KEY: 'k', TAB_CLIENT_ID, HOST: '127.0.0.1', GRAPH_SYNC_INTERVAL_MINUTES: '0' });
    try {
      assert.match(commons.output(), /delivery engine not started: cloud mode without bot credentials/);
      assert.doesNotMatch(commons.output(), /delivery engine started|driving a send/);
    } finally {
      await killProcess(commons);
    }
  });
});
