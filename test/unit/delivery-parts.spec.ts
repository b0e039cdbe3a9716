import { strict as assert } from 'assert';
import { Outcome, Tally } from '../../src/delivery/tally';
import { WorkQueue } from '../../src/delivery/work-queue';

describe('delivery parts: tally', () => {
  it('moves the cursor only over a run of final seqs, and counts what it passed', () => {
    const tally = new Tally(5, 0);
    tally.finish(1, Outcome.Sent);
    tally.finish(2, Outcome.Failed, 'not_installed');
    assert.equal(tally.cursor, 0, 'seq 0 is still open');
    tally.finish(0, Outcome.Skipped);
    assert.equal(tally.cursor, 3);
    const checkpoint = tally.checkpoint(7, 'deliver', 4);
    assert.deepEqual(checkpoint, { jobId: 7, kind: 'deliver', cursor: 3, reservedUpTo: 4, below: { sent: 1, failed: 1, skipped: 1, failedByReason: { not_installed: 1 } } });
    tally.finish(4, Outcome.Failed, 'gave_up');
    assert.equal(tally.cursor, 3);
    assert.equal(tally.complete, false);
    tally.finish(3, Outcome.Sent);
    assert.equal(tally.complete, true);
    assert.deepEqual(tally.checkpoint(7, 'deliver', 5).below, { sent: 2, failed: 2, skipped: 1, failedByReason: { not_installed: 1, gave_up: 1 } });
  });

  it('counts a seq once, whatever is reported for it later', () => {
    const tally = new Tally(2, 0);
    tally.finish(1, Outcome.Sent);
    tally.finish(1, Outcome.Failed, 'rejected');
    const progress = tally.progress(1, 'deliver', 0, 1_000);
    assert.deepEqual(progress.counts, { pending: 1, sending: 0, sent: 1, retrying: 0, failed: 0, skipped: 0 });
    assert.deepEqual(progress.failedByReason, {});
  });

  it('resumes from a checkpoint: everything below its cursor is final and counted', () => {
    const tally = new Tally(10, 0);
    tally.restore({ cursor: 4, below: { sent: 3, failed: 1, skipped: 0, failedByReason: { forbidden: 1 } } });
    assert.equal(tally.isFinal(3), true);
    assert.equal(tally.isFinal(4), false);
    tally.open(4);
    tally.retrying(1);
    const progress = tally.progress(2, 'deliver', 2, 5_000);
    assert.deepEqual(progress.counts, { pending: 3, sending: 2, sent: 3, retrying: 1, failed: 1, skipped: 0 });
    assert.deepEqual(progress.failedByReason, { forbidden: 1 });
  });

  it('reports the rate of the last ten seconds', () => {
    const tally = new Tally(100, 0);
    for (let at = 0; at < 20_000; at += 100) tally.delivered(at);
    assert.equal(tally.progress(1, 'deliver', 0, 20_000).ratePerSecond, 10);
  });
});

describe('delivery parts: work queue', () => {
  it('serves ready items first, then due delayed ones in time order, then untouched seqs within the reservation', () => {
    const queue = new WorkQueue(10, 'fresh');
    queue.reserveUpTo(2);
    queue.delay({ seq: 7, mode: 'retry', at: 300 });
    queue.delay({ seq: 8, mode: 'retry', at: 100 });
    queue.push({ seq: 9, mode: 'resend', at: 0 });
    assert.deepEqual(queue.take(200), { seq: 9, mode: 'resend', at: 0 });
    assert.deepEqual(queue.take(200), { seq: 8, mode: 'retry', at: 100 });
    assert.deepEqual(queue.take(200), { seq: 0, mode: 'fresh', at: 0 }, 'seq 7 is not due yet');
    assert.equal(queue.nextDueAt, 300);
    assert.deepEqual(queue.take(200), { seq: 1, mode: 'fresh', at: 0 });
    assert.equal(queue.take(200), undefined);
    assert.equal(queue.needsReservation, true, 'untouched seqs remain beyond the reservation');
    queue.reserveUpTo(50);
    assert.equal(queue.reservedUpTo, 10, 'never beyond the last seq');
    assert.equal(queue.needsReservation, false);
  });

  it('adds only fresh items to a claim batch, never a retry', () => {
    const queue = new WorkQueue(10, 'fresh');
    queue.reserveUpTo(10);
    queue.push({ seq: 5, mode: 'retry', at: 0 });
    assert.equal(queue.takeFresh(), undefined, 'a retry waits its turn');
    assert.deepEqual(queue.take(0), { seq: 5, mode: 'retry', at: 0 });
    assert.deepEqual(queue.takeFresh(), { seq: 0, mode: 'fresh', at: 0 });
    const follow = new WorkQueue(3, 'follow');
    follow.reserveUpTo(3);
    assert.equal(follow.takeFresh(), undefined, 'an edit or recall has no fresh claims');
    assert.deepEqual(follow.take(0), { seq: 0, mode: 'follow', at: 0 });
  });

  it('is drained only when nothing is ready, waiting or untouched', () => {
    const queue = new WorkQueue(1, 'fresh');
    queue.skipTo(1);
    assert.equal(queue.drained, true);
    queue.delay({ seq: 0, mode: 'retry', at: 10 });
    assert.equal(queue.drained, false);
  });

  it('wakes a waiter on a signal, and after its time without one', async () => {
    const queue = new WorkQueue(1, 'fresh');
    let woken = false;
    const waiting = queue.waitForChange().then(() => (woken = true));
    await Promise.resolve();
    assert.equal(woken, false);
    queue.delay({ seq: 0, mode: 'retry', at: 0 }); // delaying signals
    await waiting;
    assert.equal(woken, true);
    await queue.waitForChange(1);
  });
});
