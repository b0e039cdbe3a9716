/** fresh: no record yet; retry: record "retrying"; resend: "sending" left by an earlier holder; follow: edit/recall of a copy. */
export type Mode = 'fresh' | 'retry' | 'resend' | 'follow';

export interface Item {
  seq: number;
  mode: Mode;
  /** Not before (epoch ms); 0 for now. */
  at: number;
}

/**
 * The seqs one run has yet to work on: those ready now (recovered after a takeover,
 * handed back by a claim), those waiting for a time (retries, a conversation's
 * window), and the untouched ones from `nextFresh` on, which may be taken only below
 * `reservedUpTo` (the lease's checkpoint promises a successor nothing above it was
 * touched). Also the run's one wake-up signal: anything that changes what can be
 * done next calls `signal()`.
 */
export class WorkQueue {
  private ready: Item[] = [];
  private delayed: Item[] = [];
  private next = 0;
  private reserved = 0;
  private wake?: () => void;

  constructor(
    readonly total: number,
    /** What an untouched seq is: a fresh delivery, or the edit/recall of its copy. */
    private readonly untouched: 'fresh' | 'follow',
  ) {}

  /** The first seq never taken. */
  get nextFresh(): number {
    return this.next;
  }

  get reservedUpTo(): number {
    return this.reserved;
  }

  /** Untouched seqs start at `seq` (a checkpoint's cursor, or past a recovered range). */
  skipTo(seq: number): void {
    this.next = Math.max(this.next, Math.min(seq, this.total));
  }

  reserveUpTo(seq: number): void {
    this.reserved = Math.min(this.total, seq);
  }

  /** Untouched seqs remain but none may be taken before the reservation grows. */
  get needsReservation(): boolean {
    return this.next < this.total && this.next >= this.reserved;
  }

  /** Nothing left to take, now or later. */
  get drained(): boolean {
    return !this.ready.length && !this.delayed.length && this.next >= this.total;
  }

  /** When the earliest waiting item is due. */
  get nextDueAt(): number | undefined {
    return this.delayed[0]?.at;
  }

  push(item: Item): void {
    this.ready.push(item);
  }

  /** Recovered items in seq order, so the cursor moves on as early as it can. */
  sortReady(): void {
    this.ready.sort((a, b) => a.seq - b.seq);
  }

  delay(item: Item): void {
    let index = this.delayed.length;
    while (index > 0 && this.delayed[index - 1].at > item.at) index--;
    this.delayed.splice(index, 0, item);
    this.signal();
  }

  /** The next item to work on now: ready ones, then due ones, then an untouched seq within the reservation. */
  take(now: number): Item | undefined {
    if (this.ready.length) return this.ready.shift();
    if (this.delayed.length && this.delayed[0].at <= now) return this.delayed.shift();
    if (this.next < this.reserved) return { seq: this.next++, mode: this.untouched, at: 0 };
    return undefined;
  }

  /** Another fresh item to claim with a batch, if the next one is fresh; never a retry. */
  takeFresh(): Item | undefined {
    if (this.ready.length) return this.ready[0].mode === 'fresh' ? this.ready.shift() : undefined;
    if (this.untouched === 'fresh' && this.next < this.reserved) return { seq: this.next++, mode: 'fresh', at: 0 };
    return undefined;
  }

  /** Resolves at the next `signal()`, or after `ms`. */
  waitForChange(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done(), ms);
      const done = () => {
        if (timer) clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      this.wake = done;
    });
  }

  signal(): void {
    this.wake?.();
  }
}
