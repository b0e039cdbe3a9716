import { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { MicrosoftAppCredentials } from 'botframework-connector';
import sinon from 'sinon';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from './app';
import { eventually } from './delivery';
import { BOT_APP_ID, BOT_APP_PASSWORD, OpenIdServer, TAB_APP_ID_URI, TAB_CLIENT_ID } from './openid';

/**
 * Cloud mode in a test: real bot JWT validation and real tab SSO validation against
 * the loopback OpenID server, and an account-key Cosmos endpoint that is an embedded
 * server this file starts. Production code runs unchanged; only the environment differs.
 */
export interface CloudCommons {
  commons: TestCommons;
  openid: OpenIdServer;
  stop(): Promise<void>;
}

/**
 * The embedded server advertises `https://` addresses in its account document; the
 * SDK (endpoint discovery on, as in key mode on Azure) would follow them and fail on
 * plain HTTP. Rewriting that one response keeps the app's key-mode client untouched.
 */
export async function startKeyModeCosmos(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = createHttpServer();
  const [serve] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && (req.url === '/' || req.url === '')) {
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => end(typeof chunk === 'string' ? chunk.replaceAll('https://', 'http://') : chunk)) as typeof res.end;
    }
    serve(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Botbuilder acquires the bot's outbound token through MSAL, which insists on an
 * https authority and on instance discovery at login.microsoftonline.com: neither
 * exists offline. This stub does what MSAL would (an OAuth 2.0 client-credentials
 * request) against the login URL botbuilder was configured with, so the test still
 * proves that our app id, secret, login URL and scope reach the credentials.
 */
export function stubOutboundTokenAcquisition(sandbox: sinon.SinonSandbox): void {
  sandbox.stub(MicrosoftAppCredentials.prototype, 'getToken').callsFake(async function (this: MicrosoftAppCredentials) {
    const response = await fetch(`${this.oAuthEndpoint}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.appPassword, scope: `${this.oAuthScope}/.default` }),
    });
    if (!response.ok) throw new Error(`outbound token refused: ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  });
}

export async function startCloudCommons(env: Record<string, string> = {}): Promise<CloudCommons> {
  const openid = await new OpenIdServer().start();
  const cosmos = await startKeyModeCosmos();
  const commons = await startTestCommons({
    BOT_ID: BOT_APP_ID,
    BOT_PASSWORD: BOT_APP_PASSWORD,
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: 'embedded-test-key',
    COSMOS_DATABASE: `cloud-${process.pid}-${Date.now()}`,
    TAB_CLIENT_ID,
    TAB_APP_ID_URI,
    HOST: '127.0.0.1',
    // The activities of test/support/activities.ts come from the demo tenant.
    ALLOWED_TENANTS: DEMO_TENANT_ID,
    ...openid.env,
    ...env,
  });
  // Key mode creates the containers in the background (start-up must not wait for a
  // remote store): tests that count documents start once every container exists.
  await eventually(() => containersExist(commons.store), 10_000, 'the key-mode containers');
  return {
    commons,
    openid,
    async stop() {
      await commons.dispose();
      await cosmos.stop();
      await openid.stop();
    },
  };
}

async function containersExist(store: TestCommons['store']): Promise<boolean> {
  const reads = await Promise.allSettled(Object.values(store.containers).map((container) => container.read()));
  return reads.every((read) => read.status === 'fulfilled');
}

/** Every document in every container, for "nothing was written" checks. */
export async function countDocuments(store: TestCommons['store']): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, container] of Object.entries(store.containers)) {
    const { resources } = await container.items.readAll().fetchAll();
    counts[name] = resources.length;
  }
  return counts;
}
