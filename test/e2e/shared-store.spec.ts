import { strict as assert } from 'assert';
import type { ChildProcess } from 'child_process';
import { MockConnector } from '../support/connector';
import { installBurst, personalChatOf, personalInstall } from '../support/installs';
import { postActivity } from '../support/activities';
import { killProcess, startCosmosProcess, startServerProcess, until } from '../support/process';

// Issue 11.2 (with 11.1): two Commons processes on one external Cosmos-protocol
// endpoint over plain http, as several local instances share a store.
const TENANT = '7d3e1c55-0000-4000-8000-0000000c0052';
const AUTHOR = '0a0a0a0a-0000-4000-8000-0000000c0052';
const PEOPLE = 2_000;
const dev = { 'content-type': 'application/json', 'x-dev-tenant': TENANT, 'x-dev-user': AUTHOR };

describe('two instances on one external Cosmos endpoint (plain http, account key)', function () {
  this.timeout(400_000);
  let cosmos: { child: ChildProcess; endpoint: string };
  let connector: MockConnector;
  const instances: Array<Awaited<ReturnType<typeof startServerProcess>>> = [];

  before(async () => {
    connector = await new MockConnector({ recordCalls: false }).start();
    cosmos = await startCosmosProcess();
    const env = { COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: 'dGVzdC1rZXk=', COSMOS_DATABASE: `shared-${process.pid}-${Date.now()}`, SEED: 'false', COMMONS_ADMINS: AUTHOR, DELIVERY_MAX_RPS: '1000' };
    await Promise.all([0, 1].map(async () => instances.push(await startServerProcess(env))));
  });
  after(async () => {
    await Promise.all(instances.map((instance) => killProcess(instance)));
    cosmos?.child.kill('SIGKILL');
    await connector?.stop();
  });

  it(`both become ready, take ${PEOPLE} installs between them, and send an announcement to each person exactly once`, async () => {
    for (const instance of instances) assert.ok(await until(async () => (await fetch(`${instance.url}/readyz`)).status === 200, 60_000), `${instance.url} became ready`);
    const refused = await installBurst(instances.map((i) => i.url), connector.url, TENANT, PEOPLE, 32);
    assert.deepEqual(refused, [], 'every install acknowledged');
    // The same person installed through both instances at once: one listing, one welcome.
    connector.reset();
    await Promise.all(instances.map(async (instance) => (await postActivity(instance.url, personalInstall(7, connector.url, TENANT))).arrayBuffer()));
    assert.equal(connector.stats().delivered, 0, 'no second welcome');

    const created = await fetch(`${instances[0].url}/api/v1/announcements`, { method: 'POST', headers: dev, body: JSON.stringify({ title: 'Hello', body: 'everyone', audience: { everyone: true } }) });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    let done: any;
    assert.ok(
      await until(async () => {
        done = await (await fetch(`${instances[1].url}/api/v1/announcements/${id}`, { headers: dev })).json();
        return done.status === 'completed';
      }, 240_000),
      'the send completed',
    );
    assert.equal(done.progress.total, PEOPLE);
    assert.equal(done.progress.sent, PEOPLE);
    const wrong = Array.from({ length: PEOPLE }, (_, n) => personalChatOf(n)).filter((chat) => connector.deliveries.get(chat) !== 1);
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} people did not get exactly one message`);
  });

  it('answers 503 unavailable (never 500) within seconds while the store stalls, and refuses installs it cannot record', async () => {
    const [a] = instances;
    cosmos.child.kill('SIGSTOP'); // the store stops answering; connections hang
    try {
      const started = Date.now();
      const feed = await fetch(`${a.url}/api/v1/feed`, { headers: dev });
      const took = Date.now() - started;
      assert.equal(feed.status, 503, await feed.clone().text());
      assert.equal(((await feed.json()) as any).error.code, 'unavailable');
      assert.ok(took < 60_000, `answered in ${took} ms`);
      assert.equal((await fetch(`${a.url}/readyz`)).status, 503);
      connector.reset();
      const install = await postActivity(a.url, personalInstall(PEOPLE + 1, connector.url, TENANT));
      assert.equal(install.status, 503, 'an install that could not be recorded is not acknowledged');
      assert.equal(connector.stats().delivered, 0, 'and not welcomed');
    } finally {
      cosmos.child.kill('SIGCONT');
    }
    assert.ok(await until(async () => (await fetch(`${a.url}/readyz`)).status === 200, 30_000), 'ready again once the store answers');
    assert.equal((await fetch(`${a.url}/api/v1/feed`, { headers: dev })).status, 200);
  });
});
