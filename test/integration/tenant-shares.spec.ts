import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import pino from 'pino';
import { TenantLimiter } from '../../src/delivery/rate-limit';
import { TenantShares } from '../../src/delivery/tenant-shares';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { eventually } from '../support/delivery';
import { openTestStore } from '../support/store';

describe('tenant rate shared between instances', function () {
  this.timeout(40_000);
  let store: Store;
  let repositories: Repositories;
  const instances: TenantShares[] = [];

  const instance = (instanceId: string) => {
    const shares = new TenantShares({ senders: repositories.senders, instanceId, now: Date.now, logger: pino({ level: 'silent' }), beatMs: 200 });
    instances.push(shares);
    return shares;
  };

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(async () => {
    instances.forEach((shares) => shares.stopBeating());
    await store.close();
  });

  it('splits the rate between instances sending for one tenant, and gives a share back when one leaves or goes silent', async () => {
    const tenant = randomUUID();
    const [a, b] = [instance('a'), instance('b')];
    const [limiterA, limiterB] = [new TenantLimiter(50), new TenantLimiter(50)];

    await a.join(tenant, limiterA);
    assert.equal(limiterA.ceiling, 50, 'alone: the whole rate');
    await b.join(tenant, limiterB);
    assert.equal(limiterB.ceiling, 25, 'the second learns its half before sending');
    await eventually(() => limiterA.ceiling === 25, 5_000, 'the first to learn of the second at its next beat');

    await b.join(tenant, limiterB); // a second send of b's for the same tenant
    b.leave(tenant);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(limiterA.ceiling, 25, 'b still sends one');
    b.leave(tenant);
    assert.equal(limiterB.ceiling, 50);
    await eventually(() => limiterA.ceiling === 50, 5_000, 'the whole rate back once b has left');

    const other = randomUUID();
    await b.join(other, new TenantLimiter(50));
    await b.join(tenant, limiterB);
    await eventually(() => limiterA.ceiling === 25, 5_000, 'b sending again');
    b.stopBeating(); // killed: it hands nothing back
    await eventually(() => limiterA.ceiling === 50, 8_000, 'the silent instance’s share to expire');
  });

  it('keeps any slow-down the limiter is in when its share changes', () => {
    const limiter = new TenantLimiter(100, () => 0);
    for (let i = 0; i < 100; i++) limiter.observe(true); // a run of 429s: down to 70%
    assert.equal(limiter.currentRate, 70);
    limiter.setShare(0.5);
    assert.deepEqual([limiter.ceiling, limiter.currentRate], [50, 35]);
    limiter.setShare(1);
    assert.deepEqual([limiter.ceiling, limiter.currentRate], [100, 70]);
  });
});
