import { strict as assert } from 'assert';
import { writeFileSync } from 'fs';
import https from 'https';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { generate } from 'selfsigned';
import { gunzipSync } from 'zlib';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { message, postActivity } from '../support/activities';
import { startKeyModeCosmos } from '../support/cloud';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { CommonsProcess, startCommonsProcess } from '../support/measured-process';
import { BOT_APP_ID, BOT_APP_PASSWORD, OpenIdServer, TAB_APP_ID_URI, TAB_CLIENT_ID } from '../support/openid';

/**
 * Telemetry from outside: real Commons processes, and a loopback stand-in for the
 * Application Insights ingestion endpoint (the connection string's IngestionEndpoint),
 * which keeps every envelope the distro posts to /v2.1/track.
 */
interface Envelope {
  name: string;
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: Record<string, unknown> & { properties?: Record<string, unknown>; metrics?: Array<{ name: string; value: number }> } };
}

/**
 * The exporter speaks HTTPS only (an http:// IngestionEndpoint is upgraded), so the
 * stand-in has a certificate made for 127.0.0.1, which the Commons processes trust
 * through NODE_EXTRA_CA_CERTS.
 */
async function loopbackCertificate(): Promise<{ key: string; cert: string; caFile: string }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  } as Parameters<typeof generate>[1]);
  const caFile = path.join(os.tmpdir(), `commons-telemetry-ca-${process.pid}.pem`);
  writeFileSync(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile };
}

class FakeIngestion {
  readonly envelopes: Envelope[] = [];
  /** Every body received, as text: what must never carry a secret or a message. */
  readonly raw: string[] = [];
  private server: https.Server;

  constructor(tls: { key: string; cert: string }) {
    this.server = https.createServer(tls, (req, res) => this.handle(req, res));
  }

  private handle(req: import('http').IncomingMessage, res: import('http').ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const text = body.toString('utf8');
      this.raw.push(text);
      let count = 0;
      try {
        const parsed = JSON.parse(text) as Envelope | Envelope[];
        const list = Array.isArray(parsed) ? parsed : [parsed];
        this.envelopes.push(...list);
        count = list.length;
      } catch {
        // Newline-delimited JSON is the other form the exporter may use.
        for (const line of text.split('\n').filter(Boolean)) {
          this.envelopes.push(JSON.parse(line) as Envelope);
          count++;
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
    });
  }
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  ofType(baseType: string): Envelope[] {
    return this.envelopes.filter((envelope) => envelope.data?.baseType === baseType);
  }
}

const connectionString = (endpoint: string) => `InstrumentationKey=4a1f3c2e-9b8d-4e7f-a6c5-0d1e2f3a4b5c;IngestionEndpoint=${endpoint}`;

/** Quick exports, and nothing that would reach for the internet (statsbeat, Azure resource detection). */
const QUICK_EXPORTS = {
  OTEL_BSP_SCHEDULE_DELAY: '300',
  OTEL_BLRP_SCHEDULE_DELAY: '300',
  OTEL_METRIC_EXPORT_INTERVAL: '1000',
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
  OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
  // Every trace, not the distro's default of 5 a second (which drops the first ones after start).
  OTEL_TRACES_SAMPLER: 'always_on',
};

/** eventually() for a check written with asserts: a failed assert means "not yet". */
async function until(check: () => void | Promise<void>, timeoutMs: number, what: string): Promise<void> {
  let last: unknown;
  await eventually(
    async () => {
      try {
        await check();
        return true;
      } catch (error) {
        last = error;
        return false;
      }
    },
    timeoutMs,
    what,
    500,
  ).catch((error) => {
    throw last instanceof Error ? last : error;
  });
}

const SECRET_TEXT = 'the-merger-closes-on-friday-7f3a';
const SEARCH_TEXT = 'searched-for-a-person-9c2e';

describe('telemetry (real processes, a loopback ingestion endpoint)', function () {
  this.timeout(180_000);
  let openid: OpenIdServer;
  let cosmos: Awaited<ReturnType<typeof startKeyModeCosmos>>;
  let connector: MockConnector;
  let ingestion: FakeIngestion;
  let tls: Awaited<ReturnType<typeof loopbackCertificate>>;

  before(async () => {
    tls = await loopbackCertificate();
    openid = await new OpenIdServer().start();
    cosmos = await startKeyModeCosmos();
    connector = await new MockConnector().start();
  });
  beforeEach(async () => {
    ingestion = await new FakeIngestion(tls).start();
  });
  afterEach(async () => ingestion?.stop());
  after(async () => {
    await connector?.stop();
    await cosmos?.stop();
    await openid?.stop();
  });

  const cloudEnv = (extra: Record<string, string>) => ({
    BOT_ID: BOT_APP_ID,
    BOT_PASSWORD: BOT_APP_PASSWORD,
    BOT_TENANT_ID: DEMO_TENANT_ID,
    ALLOWED_TENANTS: DEMO_TENANT_ID,
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: 'embedded-test-key',
    COSMOS_DATABASE: `telemetry-${process.pid}-${Date.now()}`,
    TAB_CLIENT_ID,
    TAB_APP_ID_URI,
    ...openid.env,
    ...QUICK_EXPORTS,
    NODE_EXTRA_CA_CERTS: tls.caFile,
    ...extra,
  });

  it('in cloud mode with a connection string: requests, Cosmos dependencies, logs and metrics arrive, correlated by request id, with no token or message text', async () => {
    let commons: CommonsProcess | undefined;
    try {
      commons = await startCommonsProcess(cloudEnv({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString(ingestion.url) }));
      assert.match(commons.output(), /telemetry to Application Insights/);
      const token = await openid.botToken(connector.url);
      const answer = await postActivity(commons.url, message(SECRET_TEXT, { serviceUrl: connector.url }), { authorization: `Bearer ${token}` });
      const requestId = answer.headers.get('x-request-id');
      assert.ok(requestId, 'the answer names its request id');
      const unauthenticated = await fetch(`${commons.url}/api/v1/people?q=${SEARCH_TEXT}`);
      assert.equal(unauthenticated.status, 401);

      await until(
        () => {
          const request = ingestion.ofType('RequestData').find((envelope) => envelope.data?.baseData?.properties?.['commons.request_id'] === requestId);
          assert.ok(request, `a request envelope carries request id ${requestId}`);
          const operationId = request.tags?.['ai.operation.id'];
          assert.ok(operationId);
          assert.ok(
            ingestion.ofType('RemoteDependencyData').some((envelope) => envelope.tags?.['ai.operation.id'] === operationId),
            'the request has a dependency (the store) in the same operation',
          );
          assert.ok(
            ingestion.ofType('MessageData').some((envelope) => envelope.tags?.['ai.operation.id'] === operationId && envelope.data?.baseData?.properties?.reqId === requestId),
            'its access-log line is in the same operation',
          );
          const metricNames = ingestion.ofType('MetricData').flatMap((envelope) => envelope.data?.baseData?.metrics?.map((metric) => metric.name) ?? []);
          assert.ok(metricNames.includes('commons.bot.handler.duration'), `custom metrics arrive (got ${[...new Set(metricNames)].join(', ')})`);
          const urls = ingestion.ofType('RequestData').map((envelope) => String(envelope.data?.baseData?.url ?? ''));
          assert.ok(urls.some((url) => url.endsWith('/api/v1/people')), `the people request is there, without its query (${urls.join(', ')})`);
        },
        60_000,
        'telemetry of the bot request',
      );
      const urls = ingestion.ofType('RequestData').map((envelope) => String(envelope.data?.baseData?.url ?? ''));
      assert.ok(!urls.some((url) => url.includes('/healthz')), 'the health probe is not');
      const everything = ingestion.raw.join('\n');
      for (const secret of [token, BOT_APP_PASSWORD, 'embedded-test-key', SECRET_TEXT, SEARCH_TEXT]) {
        assert.ok(!everything.includes(secret), `telemetry does not carry "${secret.slice(0, 24)}…"`);
      }
    } finally {
      await commons?.stop();
    }
  });

  it('in local mode nothing is sent, even with a connection string in the environment', async () => {
    let commons: CommonsProcess | undefined;
    try {
      commons = await startCommonsProcess({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString(ingestion.url), SEED: 'false', DATA_DIR: `/tmp/telemetry-local-${process.pid}-${Date.now()}`, ...QUICK_EXPORTS, NODE_EXTRA_CA_CERTS: tls.caFile });
      assert.match(commons.output(), /telemetry off \(local mode\)/);
      for (let i = 0; i < 5; i++) assert.equal((await fetch(`${commons.url}/api/v1/openapi.json`)).status, 200);
      // Three export intervals of the metrics reader, had there been one.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await commons.stop();
      assert.equal(ingestion.raw.length, 0, 'nothing reached the ingestion endpoint');
    } finally {
      await commons?.stop();
    }
  });

  it('in cloud mode without a connection string, it says telemetry is off and sends nothing', async () => {
    let commons: CommonsProcess | undefined;
    try {
      commons = await startCommonsProcess(cloudEnv({}));
      assert.match(commons.output(), /telemetry off \(no APPLICATIONINSIGHTS_CONNECTION_STRING\)/);
      assert.doesNotMatch(commons.output(), /sending to Application Insights/);
    } finally {
      await commons?.stop();
    }
  });

  it('an unreachable endpoint: Commons answers on, with one warning however many exports fail', async () => {
    const closed = await new FakeIngestion(tls).start();
    await closed.stop();
    let commons: CommonsProcess | undefined;
    try {
      commons = await startCommonsProcess(cloudEnv({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString(closed.url), LOG_LEVEL: 'debug' }));
      const warnings = () => commons!.output().split('\n').filter((line) => line.includes('telemetry: Application Insights could not be reached'));
      const laterTrouble = () => commons!.output().split('\n').filter((line) => line.includes('telemetry: export trouble'));
      await until(
        async () => {
          assert.equal((await fetch(`${commons!.url}/api/v1/openapi.json`)).status, 200);
          assert.ok(laterTrouble().length >= 2, 'several exports failed');
        },
        60_000,
        'repeated export failures',
      );
      assert.equal(warnings().length, 1, 'one warning line');
      assert.equal((await fetch(`${commons.url}/healthz`)).status, 200, 'Commons still answers');
    } finally {
      await commons?.stop();
    }
  });
});
