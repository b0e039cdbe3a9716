/**
 * npm run bench:directory — a full directory sync of BENCH_PEOPLE (default 5,000)
 * people from the loopback fake Graph in pages of 999, a delta of 50 changes, and the
 * store round trips and time of people searches, against the embedded Cosmos server
 * through the real SDK (request counts from the server itself).
 */
import { randomUUID } from 'crypto';
import { GraphClient } from '../src/directory/graph-client';
import { DirectorySync } from '../src/directory/sync';
import { createLogger } from '../src/log';
import { createRepositories } from '../src/store';
import { openCountingStore } from '../test/support/counting-store';
import { syntheticOrganisation } from '../test/support/directory-people';
import { FakeGraph } from '../test/support/fake-graph';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 5000);

async function main() {
  const counting = await openCountingStore();
  const repositories = createRepositories(counting.store);
  const users = syntheticOrganisation(PEOPLE).map(({ id, displayName, jobTitle, department, officeLocation, mail, managerId }) => ({ id, displayName, jobTitle, department, officeLocation, mail, accountEnabled: true, managerId }));
  const graph = await new FakeGraph(users).start();
  graph.pageSize = 999;
  const tenantId = randomUUID();
  const sync = new DirectorySync({ people: repositories.people, states: repositories.directorySync, graphFor: () => new GraphClient({ baseUrl: graph.url, token: async () => undefined }), logger: createLogger('silent') });

  const run = async (label: string) => {
    const requests = counting.requests();
    const started = process.hrtime.bigint();
    await sync.request(tenantId, 'bench');
    await sync.settled(tenantId);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const state = (await repositories.directorySync.get(tenantId))!;
    const ops = counting.requests() - requests;
    console.log(`${label}: ${state.status} in ${(ms / 1000).toFixed(1)} s, ${state.pages} pages, ${JSON.stringify(state.counts)}, ${ops} store requests (${(ops / Math.max(1, state.counts.received)).toFixed(2)} a person)`);
  };

  await run(`full sync of ${PEOPLE} people`);
  for (const user of users.slice(0, 50)) graph.upsert({ ...user, jobTitle: 'Principal Engineer' });
  await run('delta of 50 changes');

  for (const query of ['ma', 'eng', 'maria ro', 'senior engineer', 'zz']) {
    const requests = counting.requests();
    const started = process.hrtime.bigint();
    const page = await repositories.people.search(tenantId, query, 25);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`search "${query}": ${page.people.length} shown${page.continuation ? ' (more)' : ''}, ${counting.requests() - requests} store round trips, ${ms.toFixed(1)} ms`);
  }
  await graph.stop();
  await counting.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
