import type { Checkpoint, Progress } from '../store/deliveries';
import type { WorkKind } from '../domain/announcements';

/** Per seq, in memory: untouched, in progress (claimed, retrying), or final. */
export const enum Outcome {
  Untouched = 0,
  Open = 1,
  Sent = 2,
  Failed = 3,
  Skipped = 4,
}

const RATE_WINDOW_MS = 10_000;

type Below = Checkpoint['below'];

/**
 * What one run knows of each recipient's outcome, and the counts derived from it:
 * the cursor (every seq below it is final, so a successor starts there), the counts
 * below the cursor (saved with it in the checkpoint), the running totals and the
 * recent send rate for the progress bar.
 */
export class Tally {
  private outcome: Uint8Array;
  private cursorAt = 0;
  private below: Below = { sent: 0, failed: 0, skipped: 0, failedByReason: {} };
  private totals = { sent: 0, failed: 0, skipped: 0, retrying: 0, failedByReason: {} as Record<string, number> };
  /** Failure reasons of failed seqs not yet passed by the cursor. */
  private readonly failedAbove = new Map<number, string>();
  private readonly sentTimes: number[] = [];

  constructor(
    readonly total: number,
    private readonly startedAt: number,
  ) {
    this.outcome = new Uint8Array(total);
  }

  get cursor(): number {
    return this.cursorAt;
  }

  get sent(): number {
    return this.totals.sent;
  }

  /** Every seq has its final outcome. */
  get complete(): boolean {
    return this.cursorAt >= this.total;
  }

  /** Resumes from a predecessor's checkpoint: every seq below its cursor is final. */
  restore(checkpoint: Pick<Checkpoint, 'cursor' | 'below'>): void {
    this.cursorAt = Math.min(checkpoint.cursor, this.total);
    this.below = structuredClone(checkpoint.below);
    this.totals = { sent: this.below.sent, failed: this.below.failed, skipped: this.below.skipped, retrying: 0, failedByReason: { ...this.below.failedByReason } };
    this.outcome.fill(Outcome.Sent, 0, this.cursorAt);
  }

  /** The seq is being worked on (claimed or waiting for a retry). */
  open(seq: number): void {
    this.outcome[seq] = Outcome.Open;
  }

  isFinal(seq: number): boolean {
    return this.outcome[seq] >= Outcome.Sent;
  }

  /** A seq entered (+1) or left (-1) the "retrying" state. */
  retrying(change: 1 | -1): void {
    this.totals.retrying += change;
  }

  /** A copy was delivered just now (for the rate shown while sending). */
  delivered(at: number): void {
    this.sentTimes.push(at);
  }

  /** The seq's final outcome; the first one counts, later ones are ignored. */
  finish(seq: number, outcome: Outcome.Sent | Outcome.Failed | Outcome.Skipped, reason?: string): void {
    if (this.isFinal(seq)) return;
    this.outcome[seq] = outcome;
    if (outcome === Outcome.Sent) this.totals.sent++;
    else if (outcome === Outcome.Skipped) this.totals.skipped++;
    else {
      this.totals.failed++;
      const key = reason ?? 'rejected';
      this.totals.failedByReason[key] = (this.totals.failedByReason[key] ?? 0) + 1;
      this.failedAbove.set(seq, key);
    }
    this.advanceCursor();
  }

  /** Moves the cursor past every final seq it reaches (after a finish or a recovery). */
  advanceCursor(): void {
    while (this.cursorAt < this.total && this.outcome[this.cursorAt] >= Outcome.Sent) {
      const outcome = this.outcome[this.cursorAt];
      if (outcome === Outcome.Sent) this.below.sent++;
      else if (outcome === Outcome.Skipped) this.below.skipped++;
      else {
        const reason = this.failedAbove.get(this.cursorAt) ?? 'rejected';
        this.failedAbove.delete(this.cursorAt);
        this.below.failed++;
        this.below.failedByReason[reason] = (this.below.failedByReason[reason] ?? 0) + 1;
      }
      this.cursorAt++;
    }
  }

  checkpoint(jobId: number, kind: WorkKind, reservedUpTo: number): Checkpoint {
    return { jobId, kind, cursor: this.cursorAt, reservedUpTo, below: structuredClone(this.below) };
  }

  progress(jobId: number, kind: WorkKind, inFlight: number, now: number, done = false): Progress {
    while (this.sentTimes.length && this.sentTimes[0] < now - RATE_WINDOW_MS) this.sentTimes.shift();
    const window = Math.min(RATE_WINDOW_MS, Math.max(1, now - this.startedAt)) / 1000;
    const retrying = Math.max(0, this.totals.retrying);
    const { sent, failed, skipped } = this.totals;
    const counts = { pending: Math.max(0, this.total - sent - failed - skipped - inFlight - retrying), sending: inFlight, sent, retrying, failed, skipped };
    return { jobId, kind, total: this.total, counts, failedByReason: { ...this.totals.failedByReason }, ratePerSecond: Math.round((this.sentTimes.length / window) * 10) / 10, updatedAt: new Date(now).toISOString(), done };
  }
}
