import type { AdaptiveCard } from '../cards/types';
import type { Announcement, FailureReason, WorkKind } from '../domain/announcements';
import type { Logger } from '../log';
import type { AnnouncementRepository } from '../store/announcements';
import type { Checkpoint, DeliveryRecord, DeliveryRepository, LeaseDocument, Progress } from '../store/deliveries';
import { AudienceLookups, resolveRecipients, UNREACHABLE_PREFIX } from './audience';
import { backoffMs, DeliveryTimings } from './limits';
import { ConversationWindows, Permit, TenantLimiter } from './rate-limit';
import { RecordBatch } from './record-batch';
import { classifyError, DeliveryError, DeliverySender, DeliveryTarget, withDeadline } from './sender';

export interface RunDependencies {
  announcements: AnnouncementRepository;
  deliveries: DeliveryRepository;
  lookups: AudienceLookups;
  sender: DeliverySender;
  limiter: TenantLimiter;
  windows: ConversationWindows;
  timings: DeliveryTimings;
  now: () => number;
  instanceId: string;
  logger: Logger;
  cardFor(announcement: Announcement): AdaptiveCard;
  random?: () => number;
}

/** Per seq, in memory: untouched, in progress (claimed, retrying), or final. */
const enum Outcome {
  Untouched = 0,
  Open = 1,
  Sent = 2,
  Failed = 3,
  Skipped = 4,
}

/** fresh: no record yet; retry: record "retrying"; resend: "sending" left by an earlier holder; follow: edit/recall of a copy. */
type Mode = 'fresh' | 'retry' | 'resend' | 'follow';
interface Item {
  seq: number;
  mode: Mode;
  at: number;
}

class Halted extends Error {}

const RECOVERY_CONCURRENCY = 32;
const RATE_WINDOW_MS = 10_000;
/** Fresh recipients claimed per bulk request. */
const CLAIM_BATCH = 50;
/** Tries to record a delivered copy as sent before giving up (and leaving it to a successor). */
const SENT_WRITE_ATTEMPTS = 5;

/**
 * Drives one job (deliver, update or recall) of one announcement while this
 * instance holds its lease. Crash safety rests on three rules:
 *  - a fresh recipient is claimed by creating its record in state "sending" (a 409
 *    means someone else has it) before the Bot Connector call, and marked "sent"
 *    with the activity id after: a restart never resends "sent";
 *  - no seq at or beyond the checkpoint's `reservedUpTo` is touched before the
 *    lease document says so, so a successor scans only [cursor, reservedUpTo);
 *  - a successor resends only records still "sending" under an older lease epoch:
 *    exactly the calls that were in flight at the crash (the platform has no
 *    idempotency key, so those may arrive twice).
 */
export class SendRun {
  readonly tenantId: string;
  readonly announcementId: string;
  private announcement: Announcement;
  private lease: LeaseDocument;
  private jobId = 0;
  private kind: WorkKind = 'deliver';
  private recipients: string[] = [];
  private total = 0;
  private outcome = new Uint8Array(0);
  private cursor = 0;
  private nextFresh = 0;
  private reservedUpTo = 0;
  private below: Checkpoint['below'] = { sent: 0, failed: 0, skipped: 0, failedByReason: {} };
  private totals = { sent: 0, failed: 0, skipped: 0, retrying: 0, failedByReason: {} as Record<string, number> };
  private ready: Item[] = [];
  private delayed: Item[] = [];
  private followAttempts = new Map<number, number>();
  /** Failure reasons of failed seqs not yet passed by the cursor. */
  private failedAbove = new Map<number, string>();
  private inFlight = 0;
  private sentTimes: number[] = [];
  private card!: AdaptiveCard;
  private cardVersion = 0;
  private stopping = false;
  private crashed = false;
  private lost = false;
  private wake?: () => void;
  private leaseChain: Promise<unknown> = Promise.resolve();
  private renewTimer?: NodeJS.Timeout;
  private startedAt = 0;
  /** Outcomes of sends, written in bulk; nothing is written once the run has crashed. */
  private readonly records = new RecordBatch((records) => {
    if (this.crashed) return Promise.reject(new Halted());
    return this.deps.deliveries.replaceMany(records);
  });

  constructor(
    private readonly deps: RunDependencies,
    announcement: Announcement,
    lease: LeaseDocument,
  ) {
    this.announcement = announcement;
    this.lease = lease;
    this.tenantId = announcement.tenantId;
    this.announcementId = announcement.announcementId;
  }

  get epoch(): number {
    return this.lease.epoch;
  }

  /** Asks the run to stop claiming work, finish what is in flight and hand the lease back. */
  stop(): void {
    this.stopping = true;
    this.signal();
  }

  /** For tests: behave like a killed process; no further writes, the lease is left to expire. */
  crash(): void {
    this.crashed = true;
    this.stopping = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.signal();
  }

  /** The announcement changed (pause, cancel, edit…): re-read it now rather than at the next renewal. */
  refresh(): void {
    this.enqueueLeaseWrite(() => this.reloadAnnouncement()).catch(() => undefined);
  }

  async run(): Promise<void> {
    const { logger } = this.deps;
    this.startedAt = this.deps.now();
    try {
      if (!(await this.prepare())) {
        await this.handBack();
        return;
      }
      this.renewTimer = setInterval(() => this.enqueueLeaseWrite(() => this.renew()).catch(() => undefined), this.deps.timings.renewMs);
      await this.drive();
      clearInterval(this.renewTimer);
      if (this.crashed) return;
      await this.leaseChain.catch(() => undefined);
      if (this.lost) return;
      const done = this.cursor >= this.total && !this.stopping;
      await this.renew(done);
      if (done) await this.complete();
      await this.release();
    } catch (error) {
      if (error instanceof Halted || this.crashed) return;
      logger.error({ err: error, announcementId: this.announcementId }, 'delivery run failed; the lease will expire and the send resume');
    } finally {
      if (this.renewTimer) clearInterval(this.renewTimer);
    }
  }

  // ---- Preparation ------------------------------------------------------------------

  private async prepare(): Promise<boolean> {
    const { deliveries, announcements, lookups } = this.deps;
    const current = await announcements.get(this.tenantId, this.announcementId);
    if (!current?.work || current.status === 'paused') return false;
    this.announcement = current;
    this.jobId = current.work.jobId;
    this.kind = current.work.kind;
    this.rebuildCard();

    if (current.recipientCount === undefined) {
      if (this.kind !== 'deliver') return false;
      const recipients = await resolveRecipients(lookups, this.tenantId, current.audience);
      this.guard();
      await deliveries.saveRecipients(this.tenantId, this.announcementId, recipients);
      const updated = await announcements.update(this.tenantId, this.announcementId, (a) =>
        a.work?.jobId === this.jobId ? { ...a, recipientCount: recipients.length, status: 'sending', startedAt: new Date(this.deps.now()).toISOString(), updatedAt: new Date(this.deps.now()).toISOString() } : undefined,
      );
      if (updated?.recipientCount === undefined) return false;
      this.announcement = updated;
      this.recipients = recipients;
    } else {
      this.recipients = await deliveries.recipients(this.tenantId, this.announcementId, current.recipientCount);
      if (this.kind === 'deliver' && current.status === 'scheduled') {
        const updated = await announcements.update(this.tenantId, this.announcementId, (a) =>
          a.work?.jobId === this.jobId && a.status === 'scheduled' ? { ...a, status: 'sending', startedAt: a.startedAt ?? new Date(this.deps.now()).toISOString() } : undefined,
        );
        if (updated) this.announcement = updated;
      }
    }
    this.total = this.recipients.length;
    this.outcome = new Uint8Array(this.total);

    const checkpoint = this.lease.checkpoint;
    if (checkpoint && checkpoint.jobId === this.jobId) {
      this.cursor = Math.min(checkpoint.cursor, this.total);
      this.below = structuredClone(checkpoint.below);
      this.totals = { sent: this.below.sent, failed: this.below.failed, skipped: this.below.skipped, retrying: 0, failedByReason: { ...this.below.failedByReason } };
      for (let seq = 0; seq < this.cursor; seq++) this.outcome[seq] = Outcome.Sent;
      this.nextFresh = this.cursor;
      if (this.kind === 'deliver') await this.recover(checkpoint.reservedUpTo);
    }
    this.reservedUpTo = this.kind === 'deliver' ? Math.max(this.reservedUpTo, this.nextFresh) : this.total;
    return true;
  }

  /** After a takeover: what happened to each seq the previous holder may have touched. */
  private async recover(reservedUpTo: number): Promise<void> {
    const end = Math.min(reservedUpTo, this.total);
    let next = this.cursor;
    await Promise.all(
      Array.from({ length: RECOVERY_CONCURRENCY }, async () => {
        while (next < end) {
          const seq = next++;
          const record = await this.deps.deliveries.read(this.tenantId, this.announcementId, seq);
          this.place(seq, record);
        }
      }),
    );
    this.ready.sort((a, b) => a.seq - b.seq);
    this.nextFresh = Math.max(this.nextFresh, end);
    this.reservedUpTo = end;
    this.advanceCursor();
  }

  /** Puts one seq where its stored record says it belongs. */
  private place(seq: number, record: DeliveryRecord | undefined): void {
    if (!record) {
      this.outcome[seq] = Outcome.Open;
      this.ready.push({ seq, mode: 'fresh', at: 0 });
    } else if (record.state === 'sent') {
      this.finish(seq, Outcome.Sent);
    } else if (record.state === 'failed') {
      this.finish(seq, Outcome.Failed, record.reason ?? 'rejected');
    } else if (record.state === 'retrying') {
      this.outcome[seq] = Outcome.Open;
      this.totals.retrying++;
      this.delay({ seq, mode: 'retry', at: record.nextAttemptAt ?? 0 });
    } else if (record.epoch < this.epoch) {
      this.outcome[seq] = Outcome.Open;
      this.ready.push({ seq, mode: 'resend', at: 0 });
    } else {
      // A newer holder claimed it: this instance has lost the lease.
      this.lost = true;
      this.stopping = true;
    }
  }

  // ---- The loop ---------------------------------------------------------------------

  private async drive(): Promise<void> {
    const { timings, windows, now } = this.deps;
    // Wait for room for a whole claim batch, so claims stay batched when the pipeline is full.
    const headroom = Math.max(1, Math.min(CLAIM_BATCH, Math.floor(timings.maxInFlight / 2)));
    while (!this.stopping) {
      if (this.inFlight > timings.maxInFlight - headroom) {
        await this.waitForChange();
        continue;
      }
      // Renewal overdue (a starved event loop, a slow store): renew before claiming more,
      // so a holder whose lease may have passed to another instance starts nothing new.
      if (now() >= this.lease.expiresAt - Math.min(timings.renewMs, timings.leaseMs / 4)) {
        await this.enqueueLeaseWrite(() => this.renew());
        continue;
      }
      const item = await this.nextItem();
      if (!item) {
        if (this.inFlight === 0 && this.delayed.length === 0 && this.ready.length === 0 && this.nextFresh >= this.total) break;
        const nextAt = this.delayed[0]?.at;
        await this.waitForChange(nextAt === undefined ? undefined : Math.max(1, nextAt - now()));
        continue;
      }
      const allowedAt = windows.nextAllowedAt(this.recipients[item.seq], now());
      if (allowedAt > now()) {
        this.delay({ ...item, at: allowedAt });
        continue;
      }
      if (item.mode === 'fresh') {
        this.launchFreshBatch(this.gatherFresh(item));
        continue;
      }
      this.outcome[item.seq] = Outcome.Open;
      this.inFlight++;
      this.settle(this.process(item), [item]);
    }
    while (this.inFlight > 0 && !this.crashed) await this.waitForChange();
  }

  /** More fresh recipients to claim with the first: one bulk read and one bulk create for all. */
  private gatherFresh(first: Item): Item[] {
    const { timings, windows, now } = this.deps;
    const batch = [first];
    const room = Math.min(CLAIM_BATCH, timings.maxInFlight - this.inFlight);
    while (batch.length < room) {
      let next: Item | undefined;
      if (this.ready.length && this.ready[0].mode === 'fresh') next = this.ready.shift();
      else if (!this.ready.length && this.nextFresh < this.reservedUpTo) next = { seq: this.nextFresh++, mode: 'fresh', at: 0 };
      if (!next) break;
      const allowedAt = windows.nextAllowedAt(this.recipients[next.seq], now());
      if (allowedAt > now()) this.delay({ ...next, at: allowedAt });
      else batch.push(next);
    }
    return batch;
  }

  private launchFreshBatch(batch: Item[]): void {
    for (const item of batch) this.outcome[item.seq] = Outcome.Open;
    this.inFlight += batch.length;
    this.claimFreshBatch(batch.map((item) => item.seq)).then(
      (steps) => steps.forEach((step, i) => this.settle(step, [batch[i]])),
      (error) => {
        // The batch's reads or creates failed: each recipient goes back to the queue on its own.
        this.settle(Promise.reject(error), batch);
      },
    );
  }

  /** Ends the in-flight accounting for `items` once `work` settles; a store error re-queues them. */
  private settle(work: Promise<void>, items: Item[]): void {
    const { timings, now } = this.deps;
    work
      .catch((error) => {
        if (error instanceof Halted || this.crashed) return;
        // A store error: leave the seq open; the checkpoint keeps the cursor below it and a successor redoes it.
        this.deps.logger.warn({ err: error, seqs: items.map((i) => i.seq) }, 'delivery step failed; will retry');
        for (const item of items) this.delay({ ...item, at: now() + timings.retryBaseMs });
      })
      .finally(() => {
        this.inFlight -= items.length;
        this.signal();
      });
  }

  private async nextItem(): Promise<Item | undefined> {
    if (this.ready.length) return this.ready.shift();
    if (this.delayed.length && this.delayed[0].at <= this.deps.now()) return this.delayed.shift();
    if (this.nextFresh < this.total) {
      if (this.nextFresh >= this.reservedUpTo) await this.enqueueLeaseWrite(() => this.reserve());
      if (this.stopping || this.nextFresh >= this.reservedUpTo) return undefined;
      const seq = this.nextFresh++;
      return { seq, mode: this.kind === 'deliver' ? 'fresh' : 'follow', at: 0 };
    }
    return undefined;
  }

  private delay(item: Item): void {
    let index = this.delayed.length;
    while (index > 0 && this.delayed[index - 1].at > item.at) index--;
    this.delayed.splice(index, 0, item);
    this.signal();
  }

  private waitForChange(ms?: number): Promise<void> {
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

  private signal(): void {
    this.wake?.();
  }

  private guard(): void {
    if (this.crashed) throw new Halted();
  }

  /** Before claiming: a run asked to stop claims nothing more, leaving the records as they are. */
  private guardStopping(): void {
    if (this.stopping) throw new Halted();
  }

  // ---- One recipient ------------------------------------------------------------------

  /** One recipient that is not fresh (fresh ones are claimed in batches). */
  private process(item: Item): Promise<void> {
    if (item.mode === 'follow') return this.follow(item.seq);
    return this.claimExisting(item);
  }

  private baseRecord(seq: number): Pick<DeliveryRecord, 'tenantId' | 'announcementId' | 'seq' | 'conversationId' | 'epoch' | 'updatedAt'> {
    return { tenantId: this.tenantId, announcementId: this.announcementId, seq, conversationId: this.recipients[seq], epoch: this.epoch, updatedAt: new Date(this.deps.now()).toISOString() };
  }

  /**
   * Claims fresh recipients together: their references in one bulk read, their
   * records created in state "sending" (or failed: not installed) in one bulk
   * create. Returns one step per recipient, which sends it or reconciles it.
   */
  private async claimFreshBatch(seqs: number[]): Promise<Array<Promise<void>>> {
    const { deliveries, lookups } = this.deps;
    const ids = seqs.map((seq) => this.recipients[seq]);
    const reachable = ids.filter((id) => !id.startsWith(UNREACHABLE_PREFIX));
    const found = lookups.conversations.getMany
      ? await lookups.conversations.getMany(this.tenantId, reachable)
      : await Promise.all(reachable.map((id) => lookups.conversations.get(this.tenantId, id)));
    const byId = new Map(reachable.map((id, i) => [id, found[i]]));
    this.guardStopping();
    const records = seqs.map((seq, i): DeliveryRecord => {
      const conversation = byId.get(ids[i]);
      if (!conversation?.active) {
        const userId = ids[i].startsWith(UNREACHABLE_PREFIX) ? ids[i].slice(UNREACHABLE_PREFIX.length) : conversation?.userId;
        return { ...this.baseRecord(seq), userId, state: 'failed', reason: 'not_installed', attempts: 0 };
      }
      return {
        ...this.baseRecord(seq),
        kind: conversation.kind,
        userId: conversation.userId,
        serviceUrl: conversation.serviceUrl,
        reference: conversation.reference,
        state: 'sending',
        attempts: 1,
      };
    });
    const created = await deliveries.createMany(records);
    this.guard();
    return records.map(async (record, i) => {
      if (!created[i]) return this.reconcile(record.seq);
      if (record.state === 'failed') return this.finish(record.seq, Outcome.Failed, 'not_installed');
      return this.attempt(record);
    });
  }

  private async claimExisting(item: Item): Promise<void> {
    const epoch = this.epoch;
    const expected =
      item.mode === 'retry' ? (r: DeliveryRecord) => r.state === 'retrying' : (r: DeliveryRecord) => r.state === 'sending' && r.epoch < epoch;
    this.guardStopping();
    const claimed = await this.deps.deliveries.transition(this.tenantId, this.announcementId, item.seq, expected, (r) => ({
      state: 'sending',
      epoch,
      attempts: r.attempts + 1,
      updatedAt: new Date(this.deps.now()).toISOString(),
    }));
    if (item.mode === 'retry') this.totals.retrying--;
    if (!claimed) return this.reconcile(item.seq);
    await this.attempt(claimed);
  }

  /** Someone else wrote the record first: follow what it says. */
  private async reconcile(seq: number): Promise<void> {
    const record = await this.deps.deliveries.read(this.tenantId, this.announcementId, seq);
    if (record?.state === 'sending' && record.epoch >= this.epoch) {
      // Our own claim after a store retry, or a newer holder's: either way not ours to send again.
      if (record.epoch > this.epoch) this.lose();
      return;
    }
    this.place(seq, record);
  }

  private targetOf(record: DeliveryRecord): DeliveryTarget {
    return { conversationId: record.conversationId, kind: record.kind, serviceUrl: record.serviceUrl, reference: record.reference ?? {} };
  }

  private async paced(seq: number): Promise<Permit> {
    const permit = await this.deps.limiter.take(() => this.stopping);
    // Paused, cancelled or shutting down: start no new request. The record stays
    // "sending" under this epoch, so whoever resumes (with a newer epoch) sends it.
    if (this.stopping) {
      permit.cancel();
      throw new Halted();
    }
    // The recipient list's own string: the windows keep one key per chat for an hour.
    this.deps.windows.record(this.recipients[seq], this.deps.now());
    return permit;
  }

  private async attempt(record: DeliveryRecord): Promise<void> {
    const { sender, timings, now } = this.deps;
    const { seq } = record;
    const version = this.announcement.version;
    const permit = await this.paced(record.seq);
    let copy;
    try {
      copy = await withDeadline(timings.sendTimeoutMs, (signal) => sender.send(this.targetOf(record), this.card, signal, permit.leaving));
      permit.settle(false);
    } catch (error) {
      const failure = classifyError(error);
      permit.settle(failure.kind === 'throttled');
      this.guard();
      return this.failed(record, failure);
    }
    this.guard();
    await this.recordSent({
      ...record,
      state: 'sent',
      activityId: copy.activityId,
      postConversationId: copy.conversationId,
      contentVersion: version,
      sentAt: new Date(now()).toISOString(),
      updatedAt: new Date(now()).toISOString(),
    });
    this.sentTimes.push(now());
    this.finish(seq, Outcome.Sent);
  }

  /**
   * The copy exists now: retry recording it rather than let the record stay "sending",
   * which a successor would have to send again.
   */
  private async recordSent(record: DeliveryRecord): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.records.write(record);
        return;
      } catch (error) {
        if (attempt >= SENT_WRITE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, this.deps.timings, this.deps.random)));
        this.guard();
      }
    }
  }

  private async failed(record: DeliveryRecord, failure: DeliveryError): Promise<void> {
    const { timings, windows, now } = this.deps;
    const { seq } = record;
    const lastError = `${failure.status ?? 'timeout'}: ${failure.message}`.slice(0, 200);
    if (failure.kind === 'permanent' || record.attempts >= timings.maxAttempts) {
      const reason: FailureReason = failure.kind === 'permanent' ? failure.reason ?? 'rejected' : 'gave_up';
      if (failure.conversationGone) this.markConversationGone(record.conversationId, record.updatedAt);
      await this.records.write({ ...record, state: 'failed', reason, lastError, updatedAt: new Date(now()).toISOString() });
      this.finish(seq, Outcome.Failed, reason);
      return;
    }
    const wait = failure.retryAfterMs ?? backoffMs(record.attempts, timings, this.deps.random);
    const at = now() + wait;
    if (failure.kind === 'throttled' && failure.retryAfterMs !== undefined) windows.block(record.conversationId, at);
    await this.records.write({ ...record, state: 'retrying', nextAttemptAt: at, lastError, updatedAt: new Date(now()).toISOString() });
    this.totals.retrying++;
    this.delay({ seq, mode: 'retry', at });
  }

  /**
   * The platform says the conversation is gone: mark it inactive, so later sends count
   * it as not installed without spending a request (it turns active again when Teams
   * tells the bot it is back). Best effort: this send's outcome does not depend on it.
   */
  private markConversationGone(conversationId: string, claimedAt: string): void {
    const { lookups, logger, now } = this.deps;
    // Not if Teams told the bot it is back (a reinstall) since this recipient was claimed.
    lookups.conversations.markInactive?.(this.tenantId, conversationId, new Date(now()).toISOString(), claimedAt).catch((error) => logger.warn({ err: error, conversationId }, 'could not mark a gone conversation inactive'));
  }

  /** Edit or recall of one delivered copy; both are idempotent, so a crash simply redoes them. */
  private async follow(seq: number): Promise<void> {
    const { deliveries, sender, timings, now } = this.deps;
    const record = await deliveries.read(this.tenantId, this.announcementId, seq);
    const version = this.announcement.version;
    const recall = this.kind === 'recall';
    if (!record || record.state !== 'sent' || !record.activityId || (recall ? record.recalled : (record.contentVersion ?? 0) >= version)) {
      this.finish(seq, Outcome.Skipped);
      return;
    }
    const permit = await this.paced(record.seq);
    const copy = { activityId: record.activityId, conversationId: record.postConversationId ?? record.conversationId };
    try {
      const target = this.targetOf(record);
      if (recall) await withDeadline(timings.sendTimeoutMs, (signal) => sender.delete(target, copy, signal));
      else await withDeadline(timings.sendTimeoutMs, (signal) => sender.update(target, copy, this.card, signal));
      permit.settle(false);
    } catch (error) {
      const failure = classifyError(error);
      permit.settle(failure.kind === 'throttled');
      this.guard();
      const attempts = (this.followAttempts.get(seq) ?? 1) + 1;
      const gone = recall && failure.status === 404;
      if (!gone) {
        if (failure.kind === 'permanent' || attempts > timings.maxAttempts) {
          this.finish(seq, Outcome.Failed, failure.kind === 'permanent' ? failure.reason ?? 'rejected' : 'gave_up');
          return;
        }
        this.followAttempts.set(seq, attempts);
        this.delay({ seq, mode: 'follow', at: now() + (failure.retryAfterMs ?? backoffMs(attempts - 1, timings, this.deps.random)) });
        return;
      }
    }
    this.guard();
    await deliveries.patch(this.tenantId, this.announcementId, seq, recall ? { recalled: true, updatedAt: new Date(now()).toISOString() } : { contentVersion: version, updatedAt: new Date(now()).toISOString() });
    this.finish(seq, Outcome.Sent);
  }

  private finish(seq: number, outcome: Outcome, reason?: string): void {
    if (this.outcome[seq] >= Outcome.Sent) return;
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

  private advanceCursor(): void {
    while (this.cursor < this.total && this.outcome[this.cursor] >= Outcome.Sent) {
      const outcome = this.outcome[this.cursor];
      if (outcome === Outcome.Sent) this.below.sent++;
      else if (outcome === Outcome.Skipped) this.below.skipped++;
      else {
        const reason = this.failedAbove.get(this.cursor) ?? 'rejected';
        this.failedAbove.delete(this.cursor);
        this.below.failed++;
        this.below.failedByReason[reason] = (this.below.failedByReason[reason] ?? 0) + 1;
      }
      this.cursor++;
    }
  }

  // ---- Lease, checkpoint, progress -----------------------------------------------------

  private enqueueLeaseWrite<T>(write: () => Promise<T>): Promise<T> {
    const next = this.leaseChain.then(write, write);
    this.leaseChain = next.catch(() => undefined);
    return next;
  }

  private checkpoint(): Checkpoint {
    return { jobId: this.jobId, kind: this.kind, cursor: this.cursor, reservedUpTo: this.reservedUpTo, below: structuredClone(this.below) };
  }

  progress(done = false): Progress {
    const now = this.deps.now();
    while (this.sentTimes.length && this.sentTimes[0] < now - RATE_WINDOW_MS) this.sentTimes.shift();
    const window = Math.min(RATE_WINDOW_MS, Math.max(1, now - this.startedAt)) / 1000;
    const sending = this.inFlight;
    const retrying = Math.max(0, this.totals.retrying);
    const counts = {
      pending: Math.max(0, this.total - this.totals.sent - this.totals.failed - this.totals.skipped - sending - retrying),
      sending,
      sent: this.totals.sent,
      retrying,
      failed: this.totals.failed,
      skipped: this.totals.skipped,
    };
    return { jobId: this.jobId, kind: this.kind, total: this.total, counts, failedByReason: { ...this.totals.failedByReason }, ratePerSecond: Math.round((this.sentTimes.length / window) * 10) / 10, updatedAt: new Date(now).toISOString(), done };
  }

  private async writeLease(expiresAt: number, done = false): Promise<void> {
    if (this.crashed || this.lost) throw new Halted();
    const lease = await this.deps.deliveries
      .renewLease(this.tenantId, this.announcementId, this.deps.instanceId, this.epoch, expiresAt, { checkpoint: this.checkpoint(), progress: this.progress(done) })
      .catch((error) => {
        // A store hiccup: keep going while the lease is still ours by the clock.
        if (this.deps.now() < this.lease.expiresAt) {
          this.deps.logger.warn({ err: error }, 'lease renewal failed; will retry');
          return this.lease;
        }
        throw error;
      });
    if (!lease) return this.lose();
    this.lease = lease;
  }

  private lose(): void {
    this.deps.logger.warn({ announcementId: this.announcementId, epoch: this.epoch }, 'lease lost to another instance; stopping');
    this.lost = true;
    this.stopping = true;
    this.signal();
  }

  private async renew(done = false): Promise<void> {
    await this.writeLease(this.deps.now() + this.deps.timings.leaseMs, done);
    await this.reloadAnnouncement();
  }

  private async reserve(): Promise<void> {
    const block = Math.max(100, Math.ceil(this.deps.limiter.ceiling * 2), this.deps.timings.maxInFlight * 2);
    const previous = this.reservedUpTo;
    this.reservedUpTo = Math.min(this.total, this.reservedUpTo + block);
    try {
      await this.writeLease(this.deps.now() + this.deps.timings.leaseMs);
    } catch (error) {
      this.reservedUpTo = previous;
      throw error;
    }
    if (this.lost) this.reservedUpTo = previous;
  }

  /** Picks up pause, cancel, recall and edits made through the API (here or on another instance). */
  private async reloadAnnouncement(): Promise<void> {
    if (this.crashed || this.stopping) return;
    const current = await this.deps.announcements.get(this.tenantId, this.announcementId);
    if (!current?.work || current.work.jobId !== this.jobId || current.status === 'paused') {
      this.stop();
      return;
    }
    this.announcement = current;
    this.rebuildCard();
  }

  private rebuildCard(): void {
    if (this.cardVersion === this.announcement.version && this.card) return;
    this.card = this.deps.cardFor(this.announcement);
    this.cardVersion = this.announcement.version;
  }

  private async complete(): Promise<void> {
    const now = new Date(this.deps.now()).toISOString();
    await this.deps.announcements.update(this.tenantId, this.announcementId, (a) => {
      if (a.work?.jobId !== this.jobId) return undefined;
      const base = { ...a, work: undefined, lastJobId: this.jobId, updatedAt: now };
      if (this.kind === 'recall') return { ...base, status: 'recalled' };
      if (this.kind === 'update') return base;
      // Copies sent before an edit made during the send still show the old text: update them.
      const outdated = a.version > this.announcement.version || (a.version > 1 && this.totals.sent > 0);
      const completed = { ...base, status: 'completed' as const, completedAt: now };
      return outdated ? { ...completed, work: { kind: 'update', jobId: this.jobId + 1, dueAt: now } } : completed;
    });
  }

  private async release(): Promise<void> {
    if (this.crashed || this.lost) return;
    await this.enqueueLeaseWrite(() => this.writeLease(0, this.cursor >= this.total)).catch(() => undefined);
  }

  /**
   * Lets go of a lease taken for nothing (the job ended or was paused meanwhile), keeping
   * the checkpoint and progress the last real run wrote: this run has neither.
   */
  private async handBack(): Promise<void> {
    if (this.crashed) return;
    await this.deps.deliveries.renewLease(this.tenantId, this.announcementId, this.deps.instanceId, this.epoch, 0, {}).catch(() => undefined);
  }
}
