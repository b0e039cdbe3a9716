// `npm run fake-graph`: a loopback Microsoft Graph holding the demo organisation and
// FAKE_GRAPH_PEOPLE more synthetic people (default 5,000), for local mode's directory
// sync: start Commons with GRAPH_BASE_URL set to the address printed here.
import { DEMO_PEOPLE } from '../../src/store/demo-tenant';
import { syntheticOrganisation } from './directory-people';
import { FakeGraph, FakeGraphUser } from './fake-graph';

export function demoDirectory(extra: number): FakeGraphUser[] {
  const demo = DEMO_PEOPLE.map(({ userId, displayName, email, department, jobTitle, managerId }) => ({ id: userId, displayName, mail: email, department, jobTitle, managerId, accountEnabled: true }));
  // The synthetic organisation reports to the demo CEO.
  const ceo = DEMO_PEOPLE.find((p) => !p.managerId)!.userId;
  const synthetic = syntheticOrganisation(extra).map(({ id, displayName, jobTitle, department, officeLocation, mail, managerId }) => ({ id, displayName, jobTitle, department, officeLocation, mail, accountEnabled: true, managerId: managerId ?? ceo }));
  return [...demo, ...synthetic];
}

if (require.main === module) {
  const count = Number(process.env.FAKE_GRAPH_PEOPLE ?? 5000);
  const port = Number(process.env.FAKE_GRAPH_PORT ?? 4010);
  const graph = new FakeGraph(demoDirectory(count));
  graph.pageSize = 999;
  graph.start(port).then(() => {
    console.log(`Fake Microsoft Graph with ${count + DEMO_PEOPLE.length} people at ${graph.url}`);
    console.log(`Start Commons with: GRAPH_BASE_URL=${graph.url} npm start   (then Admin → Directory → Sync now)`);
  });
}
