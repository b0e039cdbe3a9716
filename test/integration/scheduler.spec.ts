import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { DeliveryEngine } from '../../src/delivery/engine';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { MockConnector } from '../support/connector';
import { createEngine, eventually, installPersonalChats, scheduleAnnouncement } from '../support/delivery';
import { openTestStore } from '../support/store';

describe('scheduler and control across instances', function () {
  this.timeout(30_000);
  let store: Store;
  let repositories: Repositories;
  let connector: MockConnector;
  const engines: DeliveryEngine[] = [];

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store.close());
  beforeEach(async () => {
    connector = await new MockConnector({ seed: 3 }).start();
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) e.crash();
    await connector.stop();
  });

  it('takes due work oldest first, so work due long ago is never crowded out', async () => {
    const tenant = randomUUID();
    const base = Date.now() - 3_600_000;
    // Stored newest first: an unordered TOP would return the newest.
    for (let i = 119; i >= 0; i--) await scheduleAnnouncement(repositories, { everyone: true }, new Date(base + i * 1_000), tenant);
    const due = (await repositories.announcements.due(new Date().toISOString(), 100)).filter((work) => work.tenantId === tenant);
    assert.equal(due.length, 100);
    assert.deepEqual(due.map((work) => work.dueAt), Array.from({ length: 100 }, (_, i) => new Date(base + i * 1_000).toISOString()));
    // Leave nothing due behind for later tests' engines.
    for (const work of await repositories.announcements.due(new Date().toISOString(), 500)) {
      if (work.tenantId === tenant) await repositories.announcements.update(tenant, work.announcementId, (a) => ({ ...a, status: 'cancelled', work: undefined }));
    }
  });

  for (const action of ['pause', 'cancel'] as const) {
    it(`stops every instance's sending within a second of a ${action} made through another instance`, async () => {
      const tenant = randomUUID();
      await installPersonalChats(repositories, connector.url, 200, tenant);
      // Production's lease timings: the renewal (every 5 s) is not what stops the send.
      const sending = createEngine(repositories, { instanceId: 'sending', maxRps: 40, timings: { leaseMs: 30_000, renewMs: 5_000 } });
      engines.push(sending.start());
      const announcement = await scheduleAnnouncement(repositories, { everyone: true }, new Date(), tenant);
      await eventually(() => connector.stats().delivered >= 20, 10_000, 'the send to be under way');
      // The other instance's own repository: this process hears nothing of its write.
      const other = createRepositories(store);
      const at = Date.now();
      await other.announcements.update(tenant, announcement.announcementId, (a) =>
        action === 'pause' ? { ...a, status: 'paused', work: undefined, lastJobId: a.work?.jobId } : { ...a, status: 'cancelled', work: undefined, lastJobId: a.work?.jobId },
      );
      await eventually(() => sending.activeRuns().length === 0, 10_000, 'the run to stop');
      const late = connector.calls.filter((call) => call.at > at + 1_000);
      assert.deepEqual(late.map((call) => call.at - at), [], 'no request arrived more than a second after the change');
      assert.ok(connector.stats().delivered < 200, 'stopped mid-send');
    });
  }
});
