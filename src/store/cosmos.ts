import { AddressInfo } from 'net';
import type { IncomingMessage, Server } from 'http';
import { Container, CosmosClient, Database, ErrorResponse } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import type { Config } from '../config';
import { CONTAINER_LIST, CONTAINERS, ContainerName } from './containers';

/**
 * Owns the one CosmosClient. In embedded mode it also owns the in-process
 * Cosmos-protocol server, and the app talks to it through the real SDK exactly as
 * it would talk to Azure.
 */
export interface Store {
  readonly database: Database;
  readonly containers: Record<ContainerName, Container>;
  readonly mode: Config['store']['mode'];
  /** Cheap reachability check for /readyz. */
  ping(): Promise<void>;
  /** Embedded mode: calls `listener` on every request that may change data (for write-behind snapshots). */
  onWrite?(listener: () => void): void;
  close(): Promise<void>;
}

export type StoreOptions = Pick<Config['store'], 'mode' | 'endpoint' | 'key' | 'database'>;

async function startEmbeddedServer(): Promise<{ endpoint: string; server: Server }> {
  // Loaded lazily: it is a dev dependency, absent from the production install.
  const { createHttpServer } = await import('@vercel/cosmosdb-server');
  // The SDK keeps connections alive; without this the server closes each one after a
  // single operation and every read pays for a new TCP connection.
  const server = createHttpServer({ keepAlive: true } as Parameters<typeof createHttpServer>[0]);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, server };
}

/** Reads are GETs and POSTed queries; everything else (create, upsert, replace, patch, delete, batch) may write. */
const mayWrite = (req: IncomingMessage) => req.method !== 'GET' && req.method !== 'HEAD' && req.headers['x-ms-documentdb-isquery'] !== 'true';

/**
 * Bounds for a remote store, so a request that meets a stalled or overloaded store
 * fails (the API answers 503) within seconds instead of hanging for the SDK's 60 s
 * default or retrying throttles for 30 s.
 */
export const STORE_REQUEST_TIMEOUT_MS = 5_000;
const THROTTLE_RETRIES = { maxRetryAttemptCount: 3, maxWaitTimeInSeconds: 5 };

function createClient(endpoint: string, options: StoreOptions): CosmosClient {
  // Endpoint discovery reads the account's regional addresses and switches to them.
  // Cosmos-protocol servers on plain http (the embedded server, @vercel/cosmosdb-server
  // run on its own, the emulator in http mode) advertise https addresses they do not
  // serve, so every request then fails (EPROTO). Azure accounts are https: discovery on.
  const plainHttp = options.mode === 'embedded' || endpoint.toLowerCase().startsWith('http://');
  const connectionPolicy = {
    enableEndpointDiscovery: !plainHttp,
    ...(options.mode !== 'embedded' && { requestTimeout: STORE_REQUEST_TIMEOUT_MS, retryOptions: THROTTLE_RETRIES }),
  };
  if (options.mode === 'managedIdentity') {
    return new CosmosClient({ endpoint, aadCredentials: new DefaultAzureCredential(), connectionPolicy });
  }
  return new CosmosClient({ endpoint, key: options.key ?? 'embedded', connectionPolicy });
}

/**
 * With Entra auth the data plane cannot create databases or containers: Bicep does.
 * Key and embedded modes create whatever the declaration lists.
 */
export async function ensureContainers(client: CosmosClient, databaseId: string): Promise<Database> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const declaration of CONTAINER_LIST) {
    await database.containers.createIfNotExists({
      id: declaration.id,
      partitionKey: { paths: [declaration.partitionKeyPath] },
      indexingPolicy: {
        indexingMode: 'consistent',
        automatic: true,
        includedPaths: [{ path: '/*' }],
        excludedPaths: [...declaration.excludedPaths.map((path) => ({ path })), { path: '/"_etag"/?' }],
        compositeIndexes: declaration.compositeIndexes.length ? declaration.compositeIndexes : undefined,
      },
    });
  }
  return database;
}

export async function openStore(options: StoreOptions, onUnreachable?: (error: unknown) => void): Promise<Store> {
  let embedded: Server | undefined;
  let endpoint = options.endpoint;
  if (options.mode === 'embedded') {
    const started = await startEmbeddedServer();
    embedded = started.server;
    endpoint = started.endpoint;
  }
  if (!endpoint) throw new Error('openStore() needs an endpoint outside embedded mode');
  const client = createClient(endpoint, options);
  let retryTimer: NodeJS.Timeout | undefined;
  try {
    let database: Database;
    // Key mode creates its containers; until that has worked, the store cannot serve.
    let setUp = options.mode !== 'key';
    if (options.mode === 'embedded') database = await ensureContainers(client, options.database);
    else {
      database = client.database(options.database);
      // A remote store may be unreachable at start: serve anyway (/readyz says 503) and keep trying.
      if (options.mode === 'key') {
        const attempt = (delayMs: number) =>
          ensureContainers(client, options.database).then(
            () => void (setUp = true),
            (error) => {
              onUnreachable?.(error);
              retryTimer = setTimeout(() => attempt(Math.min(delayMs * 2, 60_000)), delayMs).unref();
            },
          );
        void attempt(1_000);
      }
    }
    const containers = Object.fromEntries(
      Object.entries(CONTAINERS).map(([name, declaration]) => [name, database.container(declaration.id)]),
    ) as Record<ContainerName, Container>;
    return {
      database,
      containers,
      mode: options.mode,
      async ping() {
        if (!setUp) throw Object.assign(new Error('the store\'s containers are not set up yet'), { code: 503 });
        // A container, not just the database: what every request needs must answer.
        await containers.tenants.read();
      },
      onWrite: embedded
        ? (listener) => embedded!.on('request', (req: IncomingMessage) => mayWrite(req) && listener())
        : undefined,
      async close() {
        if (retryTimer) clearTimeout(retryTimer);
        client.dispose();
        if (embedded) {
          embedded.closeAllConnections?.();
          await new Promise<void>((resolve) => embedded!.close(() => resolve()));
        }
      },
    };
  } catch (error) {
    client.dispose();
    embedded?.close();
    throw error;
  }
}

export function isCosmosError(error: unknown, status: number): error is ErrorResponse {
  return typeof error === 'object' && error !== null && (error as ErrorResponse).code === status;
}

const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'EPIPE', 'EPROTO', 'ECONNABORTED', 'TimeoutError']);
/** Store answers that mean "not now": timeouts, throttling beyond the retries, server-side failures. */
const STORE_FAILURES = new Set([408, 429, 449, 500, 502, 503, 504]);

/** True when the store could not be reached, stalled or failed, as opposed to a bug of ours. */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, cause } = error as { code?: unknown; name?: string; cause?: unknown };
  if (typeof code === 'string' && NETWORK_FAILURES.has(code)) return true;
  if ((typeof code === 'number' && STORE_FAILURES.has(code)) || name === 'TimeoutError' || name === 'AbortError') return true;
  return cause !== undefined && cause !== error && isStoreUnavailable(cause);
}
