import type { Logger } from '../log';
import type { Checkpoint, DeliveryRepository, LeaseDocument, Progress } from '../store/deliveries';
import type { DeliveryTimings } from './limits';

/** Thrown into a run's work once it must write nothing more (crashed, or its lease lost). */
export class Halted extends Error {}

export interface LeaseKeeperOptions {
  deliveries: Pick<DeliveryRepository, 'renewLease'>;
  tenantId: string;
  announcementId: string;
  instanceId: string;
  timings: Pick<DeliveryTimings, 'leaseMs' | 'renewMs'>;
  now: () => number;
  logger: Logger;
  /** What the lease document carries at each write: the run's checkpoint and progress. */
  state(done: boolean): { checkpoint: Checkpoint; progress: Progress };
  /** The lease passed to another instance: stop. */
  onLost(): void;
}

/**
 * The holder's side of a send's lease (the store's side is DeliveryRepository's
 * acquireLease/renewLease): renewals on a timer and whenever they fall due, each
 * carrying the checkpoint and progress; writes one at a time, in order; a renewal
 * that finds another holder ends the run; the lease handed back at the end.
 */
export class LeaseKeeper {
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private halted = false;
  private lostIt = false;

  constructor(
    private lease: LeaseDocument,
    private readonly options: LeaseKeeperOptions,
  ) {}

  get epoch(): number {
    return this.lease.epoch;
  }

  get lost(): boolean {
    return this.lostIt;
  }

  /** Renewal is due before more work is claimed (a starved event loop, a slow store). */
  get overdue(): boolean {
    const { timings, now } = this.options;
    return now() >= this.lease.expiresAt - Math.min(timings.renewMs, timings.leaseMs / 4);
  }

  /** Renews every `renewMs`; `afterRenewal` runs after each (the run re-reads its announcement). */
  keepRenewing(afterRenewal: () => Promise<void>): void {
    this.timer = setInterval(() => this.enqueue(() => this.renew().then(afterRenewal)).catch(() => undefined), this.options.timings.renewMs);
  }

  stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** As a killed process: nothing more is written and the lease is left to expire. */
  halt(): void {
    this.halted = true;
    this.stopRenewing();
  }

  /** Runs `write` after the lease writes before it (one at a time, in order). */
  enqueue<T>(write: () => Promise<T>): Promise<T> {
    const next = this.chain.then(write, write);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Waits for the lease writes on their way. */
  async settled(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  /** Extends the lease by `leaseMs` from now, saving the checkpoint and progress. */
  renew(done = false): Promise<void> {
    return this.write(this.options.now() + this.options.timings.leaseMs, done);
  }

  /** Lets the lease go at once (a graceful end), with the final checkpoint. */
  async release(done: boolean): Promise<void> {
    if (this.halted || this.lostIt) return;
    await this.enqueue(() => this.write(0, done)).catch(() => undefined);
  }

  /**
   * Lets go of a lease taken for nothing (the job ended or was paused meanwhile), keeping
   * the checkpoint and progress the last real run wrote: this run has neither.
   */
  async handBack(): Promise<void> {
    if (this.halted) return;
    const { deliveries, tenantId, announcementId, instanceId } = this.options;
    await deliveries.renewLease(tenantId, announcementId, instanceId, this.epoch, 0, {}).catch(() => undefined);
  }

  /** The lease passed to another instance (a newer epoch was seen): stop. */
  lose(): void {
    if (this.lostIt) return;
    this.options.logger.warn({ announcementId: this.options.announcementId, epoch: this.epoch }, 'lease lost to another instance; stopping');
    this.lostIt = true;
    this.options.onLost();
  }

  private async write(expiresAt: number, done: boolean): Promise<void> {
    if (this.halted || this.lostIt) throw new Halted();
    const { deliveries, tenantId, announcementId, instanceId, now, logger } = this.options;
    const lease = await deliveries.renewLease(tenantId, announcementId, instanceId, this.epoch, expiresAt, this.options.state(done)).catch((error) => {
      // A store hiccup: keep going while the lease is still ours by the clock.
      if (now() < this.lease.expiresAt) {
        logger.warn({ err: error }, 'lease renewal failed; will retry');
        return this.lease;
      }
      throw error;
    });
    if (!lease) return this.lose();
    this.lease = lease;
  }
}
