import { AddressInfo } from 'net';
import type { Server } from 'http';
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

function createClient(endpoint: string, options: StoreOptions): CosmosClient {
  // Without enableEndpointDiscovery: false the SDK follows the https addresses the
  // embedded server advertises, and fails; on Azure discovery stays on.
  const connectionPolicy = options.mode === 'embedded' ? { enableEndpointDiscovery: false } : undefined;
  if (options.mode === 'managedIdentity') {
    return new CosmosClient({ endpoint, aadCredentials: new DefaultAzureCredential() });
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
    if (options.mode === 'embedded') database = await ensureContainers(client, options.database);
    else {
      database = client.database(options.database);
      // A remote store may be unreachable at start: serve anyway (/readyz says 503) and keep trying.
      if (options.mode === 'key') {
        const attempt = (delayMs: number) =>
          ensureContainers(client, options.database).catch((error) => {
            onUnreachable?.(error);
            retryTimer = setTimeout(() => attempt(Math.min(delayMs * 2, 60_000)), delayMs).unref();
          });
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
        await database.read();
      },
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

const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** True when the store could not be reached or is overloaded, as opposed to a bug. */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, cause } = error as { code?: unknown; name?: string; cause?: unknown };
  if (typeof code === 'string' && NETWORK_FAILURES.has(code)) return true;
  if (code === 503 || code === 408 || code === 429 || name === 'TimeoutError') return true;
  return cause !== undefined && cause !== error && isStoreUnavailable(cause);
}
