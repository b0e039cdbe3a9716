/**
 * The benchmark's store helpers: a Store over the harness's Cosmos server, and the
 * seeding of personal chats (run in its own process by bench/fanout-seed.ts).
 */
import { CosmosClient } from '@azure/cosmos';
import { CONTAINER_LIST, CONTAINERS, ContainerName } from '../src/store/containers';
import type { Store } from '../src/store/cosmos';
import { createRepositories } from '../src/store';
import { ConversationRepository } from '../src/store/conversations';

/** A Store over the harness's Cosmos server (openStore would start its own). */
export async function connectStore(endpoint: string): Promise<Store> {
  const client = new CosmosClient({ endpoint, key: 'bench', connectionPolicy: { enableEndpointDiscovery: false } });
  const { database } = await client.databases.createIfNotExists({ id: 'bench' });
  for (const declaration of CONTAINER_LIST) await database.containers.createIfNotExists({ id: declaration.id, partitionKey: { paths: [declaration.partitionKeyPath] } });
  const containers = Object.fromEntries(Object.keys(CONTAINERS).map((name) => [name, database.container(CONTAINERS[name as ContainerName].id)])) as Store['containers'];
  return { database, containers, mode: 'key', ping: async () => undefined, close: async () => client.dispose() };
}

export async function seed(store: Store, tenantId: string, count: number, serviceUrl: string): Promise<void> {
  const repositories = createRepositories(store);
  // Straight into the conversations container, then one roster write: the per-install hook would
  // contend on the roster's last chunk when a script installs thousands at once.
  const conversations = new ConversationRepository(store.containers.conversations);
  const ids = Array.from({ length: count }, (_, i) => `a:bench-${tenantId.slice(0, 8)}-${i}`);
  const now = new Date().toISOString();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < count) {
        const i = next++;
        await conversations.save({
          tenantId,
          conversationId: ids[i],
          kind: 'personal',
          serviceUrl,
          botId: '28:bench',
          userId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          active: true,
          installedAt: now,
          updatedAt: now,
          reference: { bot: { id: '28:bench' }, user: { id: `29:u${i}` }, conversation: { id: ids[i], conversationType: 'personal', tenantId }, channelId: 'msteams', serviceUrl },
        });
      }
    }),
  );
  await repositories.rosters.replace(tenantId, ids);
}

