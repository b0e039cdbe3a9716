import type { AdaptiveCard } from '../cards/types';
import type { Announcement, WorkKind } from '../domain/announcements';
import type { LeaseDocument } from '../store/deliveries';
import { CurrentAnnouncement } from './current-announcement';
import { FollowJob } from './follow-job';
import { completeJob, openJob } from './job';
import { Halted, LeaseKeeper } from './lease-keeper';
import type { OutboundKind } from './conversation-windows';
import { Abandoned } from './outbound';
import { RecipientSteps } from './recipient';
import type { RunContext, RunDependencies } from './run-context';
import { Tally } from './tally';
import { Item, WorkQueue } from './work-queue';

export type { RunDependencies } from './run-context';

/** Fresh recipients claimed per bulk request. */
const CLAIM_BATCH = 50;

/**
 * Drives one job (deliver, update or recall) of one announcement while this
 * instance holds its lease, from parts that each own their state: the lease
 * (LeaseKeeper), what is left to do (WorkQueue), what has been done (Tally), and
 * each recipient's steps (RecipientSteps for a delivery, FollowJob for an edit or
 * recall), what it is sending now (CurrentAnnouncement). No seq at or beyond the checkpoint's `reservedUpTo` is touched before the
 * lease document says so, so a successor scans only [cursor, reservedUpTo).
 */
export class SendRun implements RunContext {
  readonly tenantId: string;
  readonly announcementId: string;
  readonly lease: LeaseKeeper;
  private readonly current: CurrentAnnouncement;
  private jobId = 0;
  kind: WorkKind = 'deliver';
  recipients: string[] = [];
  tally = new Tally(0, 0);
  queue = new WorkQueue(0, 'fresh');
  private steps = new RecipientSteps(this);
  private followJob = new FollowJob(this);
  private inFlight = 0;
  private stopping = false;
  private crashed = false;

  constructor(
    readonly deps: RunDependencies,
    announcement: Announcement,
    private readonly acquired: LeaseDocument,
  ) {
    this.current = new CurrentAnnouncement(announcement, { deps, jobId: () => this.jobId, active: () => !this.crashed && !this.stopping, stop: () => this.stop() });
    this.tenantId = announcement.tenantId;
    this.announcementId = announcement.announcementId;
    this.lease = new LeaseKeeper(acquired, {
      deliveries: deps.deliveries,
      tenantId: this.tenantId,
      announcementId: this.announcementId,
      instanceId: deps.instanceId,
      timings: deps.timings,
      now: deps.now,
      logger: deps.logger,
      state: (done) => ({ checkpoint: this.tally.checkpoint(this.jobId, this.kind, this.queue.reservedUpTo), progress: this.progress(done) }),
      onLost: () => this.stop(),
    });
  }

  get epoch(): number {
    return this.lease.epoch;
  }

  card(): AdaptiveCard {
    return this.current.card();
  }

  version(): number {
    return this.current.version();
  }

  /** Asks the run to stop claiming work, finish what is in flight and hand the lease back. */
  stop(): void {
    this.stopping = true;
    this.queue.signal();
  }

  /** For tests: behave like a killed process; no further writes, the lease is left to expire. */
  crash(): void {
    this.crashed = true;
    this.stopping = true;
    this.current.unwatch();
    this.lease.halt();
    this.queue.signal();
  }

  /** The announcement changed (pause, cancel, edit…): re-read it now rather than at the next renewal. */
  refresh(): void {
    this.lease.enqueue(() => this.current.reload()).catch(() => undefined);
  }

  guard(): void {
    if (this.crashed) throw new Halted();
  }

  guardStopping(): void {
    if (this.stopping) throw new Halted();
  }

  progress(done = false) {
    return this.tally.progress(this.jobId, this.kind, this.inFlight, this.deps.now(), done);
  }

  async run(): Promise<void> {
    try {
      if (!(await this.prepare())) {
        await this.lease.handBack();
        return;
      }
      this.lease.keepRenewing(() => this.current.reload());
      this.current.watch();
      await this.drive();
      this.current.unwatch();
      this.lease.stopRenewing();
      if (this.crashed) return;
      await this.lease.settled();
      if (this.lease.lost) return;
      const done = this.tally.complete && !this.stopping;
      await this.renew(done);
      if (done) await completeJob(this.deps, { tenantId: this.tenantId, announcementId: this.announcementId, jobId: this.jobId, kind: this.kind, sentVersion: this.current.version(), sent: this.tally.sent });
      await this.lease.release(this.tally.complete);
    } catch (error) {
      if (error instanceof Halted || this.crashed) return;
      this.deps.logger.error({ err: error, announcementId: this.announcementId }, 'delivery run failed; the lease will expire and the send resume');
    } finally {
      this.current.unwatch();
      this.lease.stopRenewing();
    }
  }

  // ---- Preparation ------------------------------------------------------------------

  private async prepare(): Promise<boolean> {
    const job = await openJob(this.deps, this.tenantId, this.announcementId, () => this.guard());
    if (!job) return false;
    ({ jobId: this.jobId, kind: this.kind, recipients: this.recipients } = job);
    this.current.set(job.announcement);
    if (this.kind === 'update') await this.current.loadEngagement();
    this.tally = new Tally(this.recipients.length, this.deps.now());
    this.queue = new WorkQueue(this.recipients.length, this.kind === 'deliver' ? 'fresh' : 'follow');

    const checkpoint = this.acquired.checkpoint;
    if (checkpoint && checkpoint.jobId === this.jobId) {
      this.tally.restore(checkpoint);
      this.queue.skipTo(this.tally.cursor);
      if (this.kind === 'deliver') await this.steps.recover(checkpoint.reservedUpTo);
    }
    this.queue.reserveUpTo(this.kind === 'deliver' ? Math.max(this.queue.reservedUpTo, this.queue.nextFresh) : this.recipients.length);
    return true;
  }

  // ---- The loop ---------------------------------------------------------------------

  private async drive(): Promise<void> {
    const { timings, now } = this.deps;
    const queue = this.queue;
    // Wait for room for a whole claim batch, so claims stay batched when the pipeline is full.
    const headroom = Math.max(1, Math.min(CLAIM_BATCH, Math.floor(timings.maxInFlight / 2)));
    while (!this.stopping) {
      if (this.inFlight > timings.maxInFlight - headroom) {
        await queue.waitForChange();
        continue;
      }
      // Renewal overdue (a starved event loop, a slow store): renew before claiming more,
      // so a holder whose lease may have passed to another instance starts nothing new.
      if (this.lease.overdue) {
        await this.lease.enqueue(() => this.renew());
        continue;
      }
      const item = await this.nextItem();
      if (!item) {
        if (this.inFlight === 0 && queue.drained) break;
        const nextAt = queue.nextDueAt;
        await queue.waitForChange(nextAt === undefined ? undefined : Math.max(1, nextAt - now()));
        continue;
      }
      const allowedAt = this.allowedAt(item.seq);
      if (allowedAt > now()) {
        queue.delay({ ...item, at: allowedAt });
        continue;
      }
      if (item.mode === 'fresh') {
        this.launchFreshBatch(this.gatherFresh(item));
        continue;
      }
      this.tally.open(item.seq);
      this.inFlight++;
      this.settle(item.mode === 'follow' ? this.followJob.follow(item.seq) : this.steps.claimExisting(item), [item]);
    }
    while (this.inFlight > 0 && !this.crashed) await queue.waitForChange();
  }

  private async nextItem(): Promise<Item | undefined> {
    const item = this.queue.take(this.deps.now());
    if (item || !this.queue.needsReservation) return item;
    await this.lease.enqueue(() => this.reserve());
    return this.stopping ? undefined : this.queue.take(this.deps.now());
  }

  /** More fresh recipients to claim with the first: one bulk read and one bulk create for all. */
  private gatherFresh(first: Item): Item[] {
    const { timings } = this.deps;
    const batch = [first];
    const room = Math.min(CLAIM_BATCH, timings.maxInFlight - this.inFlight);
    while (batch.length < room) {
      const next = this.queue.takeFresh();
      if (!next) break;
      const allowedAt = this.allowedAt(next.seq);
      if (allowedAt > this.deps.now()) this.queue.delay({ ...next, at: allowedAt });
      else batch.push(next);
    }
    return batch;
  }

  private launchFreshBatch(batch: Item[]): void {
    for (const item of batch) this.tally.open(item.seq);
    this.inFlight += batch.length;
    this.steps.claimFresh(batch.map((item) => item.seq)).then(
      (steps) => steps.forEach((step, i) => this.settle(step, [batch[i]])),
      // The batch's reads or creates failed: each recipient goes back to the queue on its own.
      (error) => this.settle(Promise.reject(error), batch),
    );
  }

  /** Ends the in-flight accounting for `items` once `work` settles; a store error re-queues them. */
  private settle(work: Promise<void>, items: Item[]): void {
    const { timings, now, logger } = this.deps;
    work
      .catch((error) => {
        if (error instanceof Halted || this.crashed) return;
        // A store error: leave the seq open; the checkpoint keeps the cursor below it and a successor redoes it.
        logger.warn({ err: error, seqs: items.map((i) => i.seq) }, 'delivery step failed; will retry');
        for (const item of items) this.queue.delay({ ...item, at: now() + timings.retryBaseMs });
      })
      .finally(() => {
        this.inFlight -= items.length;
        this.queue.signal();
      });
  }

  /** When the recipient's conversation has room, as far as this instance knows: a busy chat waits in the queue, not in flight. */
  private allowedAt(seq: number): number {
    return this.deps.outbound.nextAllowedAt({ tenantId: this.tenantId, conversationId: this.recipients[seq] });
  }

  async call<T>(seq: number, call: (leaving: () => void) => Promise<T>, kind?: OutboundKind, activityId?: string): Promise<T> {
    try {
      // Paused, cancelled or shutting down: start no new request. The record stays
      // "sending" under this epoch, so whoever resumes (with a newer epoch) sends it.
      return await this.deps.outbound.send({ tenantId: this.tenantId, conversationId: this.recipients[seq], kind, activityId }, call, { abandoned: () => this.stopping });
    } catch (error) {
      if (error instanceof Abandoned) throw new Halted();
      throw error;
    }
  }

  // ---- Lease, announcement ------------------------------------------------------------

  private async renew(done = false): Promise<void> {
    await this.lease.renew(done);
    await this.current.reload();
  }

  private async reserve(): Promise<void> {
    const block = Math.max(100, Math.ceil(this.deps.outbound.ceiling(this.tenantId) * 2), this.deps.timings.maxInFlight * 2);
    const previous = this.queue.reservedUpTo;
    this.queue.reserveUpTo(previous + block);
    try {
      await this.lease.renew();
    } catch (error) {
      this.queue.reserveUpTo(previous);
      throw error;
    }
    if (this.lease.lost) this.queue.reserveUpTo(previous);
  }
}
