/** Seeds personal chats for the fan-out benchmark: fanout-seed.ts <cosmos url> <tenant id> <count> <service url>. */
import { connectStore, seed } from './fanout-store';

async function main(): Promise<void> {
  const [cosmosUrl, tenantId, count, serviceUrl] = process.argv.slice(2);
  const store = await connectStore(cosmosUrl);
  await seed(store, tenantId, Number(count), serviceUrl);
  await store.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`seeding failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
