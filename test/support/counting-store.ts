import { AddressInfo } from 'net';
import { Container, CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { CONTAINERS, ContainerName } from '../../src/store/containers';
import { ensureContainers, Store } from '../../src/store/cosmos';

/**
 * An embedded Cosmos server that counts the requests it serves, so a test can assert
 * how many store round trips an operation costs (the real SDK, the real server).
 */
export interface CountingStore {
  store: Store;
  /** Requests served so far. */
  requests(): number;
  /** Of those, queries (the SDK marks them with x-ms-documentdb-isquery): a hot path should make none. */
  queries(): number;
  stop(): Promise<void>;
}

export async function openCountingStore(): Promise<CountingStore> {
  let served = 0;
  let queried = 0;
  const server = createHttpServer({ keepAlive: true } as Parameters<typeof createHttpServer>[0]);
  server.prependListener('request', (request: { headers: Record<string, unknown> }) => {
    served++;
    if (String(request.headers['x-ms-documentdb-isquery']).toLowerCase() === 'true') queried++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new CosmosClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, key: 'counting', connectionPolicy: { enableEndpointDiscovery: false } });
  const database = await ensureContainers(client, `counting-${process.pid}`);
  const containers = Object.fromEntries(Object.entries(CONTAINERS).map(([name, declaration]) => [name, database.container(declaration.id)])) as Record<ContainerName, Container>;
  const store: Store = { database, containers, mode: 'embedded', ping: async () => void (await database.read()), close: async () => undefined };
  return {
    store,
    requests: () => served,
    queries: () => queried,
    async stop() {
      client.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
