import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import pino from 'pino';
import { TenantLimiter } from '../../src/delivery/rate-limit';
import { decideCeiling, fairShare, TenantShares } from '../../src/delivery/tenant-shares';
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

  /** A limiter with callers always waiting for it: it asks for the whole rate. */
  const saturated = (rate: number) => {
    const limiter = new TenantLimiter(rate);
    for (let i = 0; i < 2_000; i++) void limiter.take().then((permit) => permit.settle(false));
    return limiter;
  };

  it('splits the rate between instances by what they ask for, never adding up to more than the tenant’s, and gives a share back when one leaves or goes silent', async () => {
    const tenant = randomUUID();
    const [a, b, c] = [instance('a'), instance('b'), instance('c')];
    const [limiterA, limiterB] = [saturated(50), saturated(50)];
    let worst = 0;
    let watching = false;
    const watch = setInterval(() => watching && (worst = Math.max(worst, limiterA.ceiling + limiterB.ceiling)), 5);
    try {
      await a.join(tenant, limiterA);
      assert.equal(limiterA.ceiling, 50, 'alone: the whole rate');
      await b.join(tenant, limiterB); // (a limiter is used only once joined: Outbound.send waits for it)
      watching = true;
      assert.ok(limiterB.ceiling < 50, 'the second takes only what the first leaves');
      await eventually(() => limiterA.ceiling === 25 && limiterB.ceiling === 25, 8_000, 'two busy instances to get half each');
      assert.ok(worst <= 50, `the two took ${worst}/s together at worst`);

      // A third that asks for little gets what it asks for; the busy two share the rest.
      const quiet = new TenantLimiter(50);
      await c.join(tenant, quiet);
      await eventually(() => quiet.ceiling > 0 && quiet.ceiling < 10 && Math.abs(limiterA.ceiling - limiterB.ceiling) < 0.01 && limiterA.ceiling > 20, 8_000, 'a quiet instance to take a little');
      c.leave(tenant);

      await b.join(tenant, limiterB); // a second send of b's for the same tenant
      b.leave(tenant);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(limiterA.ceiling < 50, 'b still sends one');
      b.leave(tenant);
      assert.equal(limiterB.ceiling, 50);
      await eventually(() => limiterA.ceiling === 50, 5_000, 'the whole rate back once b has left');

      const other = randomUUID();
      await b.join(other, new TenantLimiter(50));
      await b.join(tenant, limiterB);
      await eventually(() => limiterA.ceiling === 25, 8_000, 'b sending again');
      b.stopBeating(); // killed: it hands nothing back
      await eventually(() => limiterA.ceiling === 50, 10_000, 'the silent instance’s share to expire');
    } finally {
      clearInterval(watch);
    }
  });

  it('shares max-min fairly and takes no more than the others leave', () => {
    assert.equal(fairShare(50, 50, []), 50);
    assert.equal(fairShare(50, 50, [50]), 25);
    assert.equal(fairShare(50, 50, [4]), 46, 'the modest get what they ask for, the busy the rest');
    assert.equal(fairShare(50, 4, [50]), 4);
    assert.equal(fairShare(50, 10, [10, 10]), 10, 'everyone fits');
    assert.equal(decideCeiling(50, 50, []), 50, 'alone: the whole rate, whatever it asked');
    assert.equal(decideCeiling(50, 50, [{ instanceId: 'x', demand: 50, ceiling: 50 }]), 0, 'the other still holds it all');
    assert.equal(decideCeiling(50, 50, [{ instanceId: 'x', demand: 50, ceiling: 25 }]), 25);
    assert.equal(decideCeiling(50, 50, [{ instanceId: 'x', demand: 4, ceiling: 4 }]), 46);
    assert.equal(decideCeiling(50, 50, [{ instanceId: 'x' }]), 25, 'an entry without figures counts as busy, at its fair share');
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
