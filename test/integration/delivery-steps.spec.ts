import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { announcementCard } from '../../src/cards/announcement';
import type { WorkKind } from '../../src/domain/announcements';
import { CurrentAnnouncement } from '../../src/delivery/current-announcement';
import { FollowJob } from '../../src/delivery/follow-job';
import { Halted, LeaseKeeper } from '../../src/delivery/lease-keeper';
import { DEFAULT_TIMINGS } from '../../src/delivery/limits';
import { Outbound } from '../../src/delivery/outbound';
import { RecipientSteps } from '../../src/delivery/recipient';
import type { RunContext } from '../../src/delivery/run-context';
import type { DeliverySender } from '../../src/delivery/sender';
import { Tally } from '../../src/delivery/tally';
import { WorkQueue } from '../../src/delivery/work-queue';
import { createLogger } from '../../src/log';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import type { LeaseDocument } from '../../src/store/deliveries';
import { installPersonalChats, scheduleAnnouncement } from '../support/delivery';
import { openTestStore } from '../support/store';

/** A Bot Connector stand-in that remembers every copy it made and removed. */
function recordingSender() {
  const sent: string[] = [];
  const deleted: string[] = [];
  const updated: string[] = [];
  let next = 0;
  const sender: DeliverySender = {
    async send(target) {
      const activityId = `copy-${++next}`;
      sent.push(`${target.conversationId}/${activityId}`);
      return { activityId, conversationId: target.conversationId };
    },
    async update(_target, copy) {
      updated.push(`${copy.conversationId}/${copy.activityId}`);
    },
    async delete(_target, copy) {
      deleted.push(`${copy.conversationId}/${copy.activityId}`);
    },
  };
  return { sender, sent, deleted, updated };
}

describe('delivery parts against the store: lease keeper, recipient steps, edit and recall', function () {
  this.timeout(20_000);
  let store: Store;
  let repositories: Repositories;
  let clock = Date.now();
  const now = () => clock;
  const timings = { ...DEFAULT_TIMINGS, leaseMs: 1_000, renewMs: 200 };
  const logger = createLogger('silent');

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store.close());

  /** A run's parts over the real store, as SendRun assembles them. */
  function parts(tenantId: string, announcementId: string, lease: LeaseDocument, recipients: string[], sender: DeliverySender, kind: WorkKind = 'deliver') {
    const tally = new Tally(recipients.length, now());
    const queue = new WorkQueue(recipients.length, kind === 'deliver' ? 'fresh' : 'follow');
    let stopping = false;
    const keeper = new LeaseKeeper(lease, {
      deliveries: repositories.deliveries,
      tenantId,
      announcementId,
      instanceId: lease.holder,
      timings,
      now,
      logger,
      state: (done) => ({ checkpoint: tally.checkpoint(1, kind, queue.reservedUpTo), progress: tally.progress(1, kind, 0, now(), done) }),
      onLost: () => (stopping = true),
    });
    const outbound = new Outbound({ budgets: repositories.outboundBudgets, senders: repositories.senders, maxRps: 1_000, instanceId: lease.holder, logger });
    const card = announcementCard({ title: 'Hello', body: 'World', edited: kind === 'update' });
    const run: RunContext = {
      deps: { announcements: repositories.announcements, deliveries: repositories.deliveries, lookups: { conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters }, sender, outbound, timings, now, instanceId: lease.holder, logger, cardFor: () => card },
      tenantId,
      announcementId,
      kind,
      recipients,
      lease: keeper,
      tally,
      queue,
      card: () => card,
      version: () => (kind === 'update' ? 2 : 1),
      guard: () => undefined,
      guardStopping: () => {
        if (stopping) throw new Halted();
      },
      call: (seq, call, kind, activityId) => outbound.send({ tenantId, conversationId: recipients[seq], kind, activityId }, call),
    };
    return { run, keeper, tally, queue, stopped: () => stopping };
  }

  it('lease keeper: renewals carry the checkpoint; a renewal after another instance took over stops the run and writes nothing', async () => {
    const [tenantId, announcementId] = [randomUUID(), randomUUID()];
    const lease = (await repositories.deliveries.acquireLease(tenantId, announcementId, 'first', now(), timings.leaseMs))!;
    const { keeper, queue, stopped } = parts(tenantId, announcementId, lease, ['a', 'b', 'c'], recordingSender().sender);
    queue.reserveUpTo(2);
    await keeper.renew();
    assert.equal((await repositories.deliveries.readLease(tenantId, announcementId))?.checkpoint?.reservedUpTo, 2);
    assert.equal(await repositories.deliveries.acquireLease(tenantId, announcementId, 'second', now(), timings.leaseMs), undefined, 'held');
    assert.equal(keeper.overdue, false);

    clock += timings.leaseMs + 1; // this holder stalled past its lease
    assert.equal(keeper.overdue, true);
    const taken = await repositories.deliveries.acquireLease(tenantId, announcementId, 'second', now(), timings.leaseMs);
    assert.equal(taken?.epoch, 2);
    await keeper.renew();
    assert.deepEqual([keeper.lost, stopped()], [true, true]);
    await assert.rejects(keeper.renew(), Halted, 'a lost lease writes nothing more');
    assert.equal((await repositories.deliveries.readLease(tenantId, announcementId))?.holder, 'second');
  });

  it('lease keeper: writes one at a time in order, and a hand-back keeps the last real checkpoint', async () => {
    const [tenantId, announcementId] = [randomUUID(), randomUUID()];
    const lease = (await repositories.deliveries.acquireLease(tenantId, announcementId, 'first', now(), timings.leaseMs))!;
    const first = parts(tenantId, announcementId, lease, ['a', 'b'], recordingSender().sender);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => first.keeper.enqueue(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30 - n * 10));
      order.push(n);
    })));
    assert.deepEqual(order, [1, 2, 3]);
    first.queue.reserveUpTo(2);
    await first.keeper.release(false);
    const again = (await repositories.deliveries.acquireLease(tenantId, announcementId, 'other', now(), timings.leaseMs))!;
    assert.equal(again.epoch, 2, 'a released lease is free at once');
    await parts(tenantId, announcementId, again, ['a', 'b'], recordingSender().sender).keeper.handBack();
    const stored = await repositories.deliveries.readLease(tenantId, announcementId);
    assert.deepEqual([stored?.expiresAt, stored?.checkpoint?.reservedUpTo], [0, 2]);
  });

  it('store: an outcome over a claim someone replaced is refused, and the others in its batch are still written', async () => {
    const [tenantId, announcementId] = [randomUUID(), randomUUID()];
    const base = { tenantId, announcementId, updatedAt: new Date().toISOString(), attempts: 1, epoch: 1, state: 'sending' as const };
    const records = [0, 1, 2, 3].map((seq) => ({ ...base, seq, conversationId: `c${seq}` }));
    const etags = await repositories.deliveries.createMany(records);
    assert.ok(etags.every(Boolean));
    // A newer holder claims seq 1 again (a resend after a takeover).
    const reclaimed = await repositories.deliveries.transition(tenantId, announcementId, 1, () => true, () => ({ epoch: 2 }));
    assert.ok(reclaimed);
    const results = await repositories.deliveries.replaceMany(records.map((record, i) => ({ record: { ...record, state: 'sent', activityId: `old-${i}` }, etag: etags[i]! })));
    assert.deepEqual(results.map((r) => r.status), ['written', 'conflict', 'written', 'written']);
    const stored = await Promise.all([0, 1, 2, 3].map((seq) => repositories.deliveries.read(tenantId, announcementId, seq)));
    assert.deepEqual(stored.map((r) => [r?.state, r?.epoch]), [['sent', 1], ['sending', 2], ['sent', 1], ['sent', 1]], 'the newer claim is kept');
    assert.equal(await repositories.deliveries.replaceIfUnchanged({ ...stored[0]!, recalled: true, _etag: etags[0]! }), false, 'a stale version is refused one at a time too');
  });

  it('recipient steps: claims fresh recipients, records each copy as sent, fails a chat without Commons as not installed', async () => {
    const [tenantId, announcementId] = [randomUUID(), randomUUID()];
    const chats = await installPersonalChats(repositories, 'http://127.0.0.1:9/', 2, tenantId);
    const recipients = [...chats, 'person:00000000-0000-4000-8000-000000000099'];
    const lease = (await repositories.deliveries.acquireLease(tenantId, announcementId, 'first', now(), timings.leaseMs))!;
    const connector = recordingSender();
    const { run, tally } = parts(tenantId, announcementId, lease, recipients, connector.sender);
    const steps = new RecipientSteps(run);
    await Promise.all(await steps.claimFresh([0, 1, 2]));
    const records = await Promise.all([0, 1, 2].map((seq) => repositories.deliveries.read(tenantId, announcementId, seq)));
    assert.deepEqual(records.map((r) => [r?.state, r?.activityId, r?.reason]), [['sent', 'copy-1', undefined], ['sent', 'copy-2', undefined], ['failed', undefined, 'not_installed']]);
    assert.equal(connector.sent.length, 2);
    assert.equal(tally.complete, true);
    assert.deepEqual(tally.checkpoint(1, 'deliver', 3).below, { sent: 2, failed: 1, skipped: 0, failedByReason: { not_installed: 1 } });
  });

  it('recipient steps: after a takeover, resends only what an older holder left "sending", and stops on a newer holder\'s claim', async () => {
    const [tenantId, announcementId] = [randomUUID(), randomUUID()];
    const chats = await installPersonalChats(repositories, 'http://127.0.0.1:9/', 3, tenantId);
    const old = (await repositories.deliveries.acquireLease(tenantId, announcementId, 'old', now(), timings.leaseMs))!;
    const before = parts(tenantId, announcementId, old, chats, recordingSender().sender);
    await Promise.all(await new RecipientSteps(before.run).claimFresh([0]));
    const base = { tenantId, announcementId, updatedAt: new Date().toISOString(), attempts: 1 };
    await repositories.deliveries.createMany([
      { ...base, seq: 1, conversationId: chats[1], state: 'sending', epoch: old.epoch },
      { ...base, seq: 2, conversationId: chats[2], state: 'sending', epoch: old.epoch + 5 },
    ]);
    clock += timings.leaseMs + 1;
    const lease = (await repositories.deliveries.acquireLease(tenantId, announcementId, 'new', now(), timings.leaseMs))!;
    const after = parts(tenantId, announcementId, lease, chats, recordingSender().sender);
    const steps = new RecipientSteps(after.run);
    for (const seq of [0, 1]) steps.place(seq, await repositories.deliveries.read(tenantId, announcementId, seq));
    assert.equal(after.tally.isFinal(0), true, 'sent stays sent');
    assert.deepEqual(after.queue.take(now()), { seq: 1, mode: 'resend', at: 0 });
    assert.equal(after.keeper.lost, false);
    steps.place(2, await repositories.deliveries.read(tenantId, announcementId, 2));
    assert.deepEqual([after.keeper.lost, after.stopped()], [true, true], 'a claim under a newer epoch means the lease moved on');
  });

  it('follow job: edits every outdated copy, recalls every copy once, and skips what is already done', async () => {
    const [tenantId, announcementId] = [randomUUID(), randomUUID()];
    const chats = await installPersonalChats(repositories, 'http://127.0.0.1:9/', 2, tenantId);
    const lease = (await repositories.deliveries.acquireLease(tenantId, announcementId, 'first', now(), timings.leaseMs))!;
    const connector = recordingSender();
    await Promise.all(await new RecipientSteps(parts(tenantId, announcementId, lease, chats, connector.sender).run).claimFresh([0, 1]));

    const edit = parts(tenantId, announcementId, lease, chats, connector.sender, 'update');
    const editing = new FollowJob(edit.run);
    for (const seq of [0, 1, 0]) await editing.follow(seq);
    assert.equal(connector.updated.length, 2, 'each copy once');
    assert.deepEqual((await repositories.deliveries.read(tenantId, announcementId, 1))?.contentVersion, 2);

    const recall = parts(tenantId, announcementId, lease, chats, connector.sender, 'recall');
    await Promise.all([0, 1].map((seq) => new FollowJob(recall.run).follow(seq)));
    assert.deepEqual(connector.deleted.sort(), connector.sent.sort(), 'every copy removed');
    assert.equal((await repositories.deliveries.read(tenantId, announcementId, 0))?.recalled, true);
    const again = parts(tenantId, announcementId, lease, chats, connector.sender, 'recall');
    for (const seq of [0, 1]) await new FollowJob(again.run).follow(seq);
    assert.equal(connector.deleted.length, 2, 'a recalled copy is not deleted twice');
    assert.deepEqual(again.tally.checkpoint(1, 'recall', 2).below.skipped, 2);
  });
  it('current announcement: one card per version, and a pause or a newer job made elsewhere stops the run at the next look', async () => {
    const tenantId = randomUUID();
    const announcement = await scheduleAnnouncement(repositories, { everyone: true }, new Date(), tenantId);
    let built = 0;
    let stopped = 0;
    const current = new CurrentAnnouncement(announcement, {
      deps: { announcements: repositories.announcements, cardFor: (a) => (built++, announcementCard({ title: a.title, body: a.body, edited: a.version > 1 })), logger, timings },
      jobId: () => 1,
      active: () => true,
      stop: () => stopped++,
    });
    assert.equal(current.card(), current.card(), 'built once');
    await repositories.announcements.update(tenantId, announcement.announcementId, (a) => ({ ...a, title: 'Edited', version: 2 }));
    await current.reload();
    assert.deepEqual([current.version(), current.value.title, stopped], [2, 'Edited', 0]);
    current.card();
    assert.equal(built, 2, 'rebuilt for the new version');
    await repositories.announcements.update(tenantId, announcement.announcementId, (a) => ({ ...a, status: 'paused' }));
    await current.reload();
    assert.equal(stopped, 1, 'a pause stops the run');
    await repositories.announcements.update(tenantId, announcement.announcementId, (a) => ({ ...a, status: 'sending', work: { ...a.work!, jobId: 2 } }));
    await current.reload();
    assert.equal(stopped, 2, 'so does another job');
  });
});
