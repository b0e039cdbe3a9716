import { strict as assert } from 'assert';
import { LogThrottle } from '../../src/log-throttle';

describe('log throttle', () => {
  it('lets one line per key through per interval and counts the rest for the next line', () => {
    const clock = { now: 0 };
    const throttle = new LogThrottle({ intervalMs: 60_000, now: () => clock.now });
    assert.deepEqual(throttle.admit('a'), { log: true, suppressed: 0 });
    assert.deepEqual(throttle.admit('a'), { log: false, suppressed: 1 });
    assert.deepEqual(throttle.admit('a'), { log: false, suppressed: 2 });
    assert.deepEqual(throttle.admit('b'), { log: true, suppressed: 0 }, 'another key has its own interval');
    clock.now = 59_999;
    assert.equal(throttle.admit('a').log, false);
    clock.now = 60_000;
    assert.deepEqual(throttle.admit('a'), { log: true, suppressed: 3 });
  });

  it('stays bounded: past maxKeys it forgets and starts over', () => {
    const throttle = new LogThrottle({ intervalMs: 60_000, maxKeys: 10, now: () => 0 });
    for (let i = 0; i < 1_000; i++) assert.equal(throttle.admit(`k${i}`).log, true);
    assert.ok((throttle as unknown as { last: Map<string, unknown> }).last.size <= 10);
  });
});
