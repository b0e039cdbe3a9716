import type { FailureReason } from '../domain/announcements';
import type { DeliveryRecord } from '../store/deliveries';
import { UNREACHABLE_PREFIX } from './audience';
import { Halted } from './lease-keeper';
import { backoffMs } from './limits';
import { RecordBatch } from './record-batch';
import { RunContext, targetOf } from './run-context';
import { classifyError, DeliveryError, withDeadline } from './sender';
import { Outcome } from './tally';
import type { Item } from './work-queue';

/** Tries to record a delivered copy as sent before giving up (and leaving it to a successor). */
const SENT_WRITE_ATTEMPTS = 5;

/**
 * Each recipient's way through a delivery job, as its record says:
 *   (none) → sending → sent | retrying → sending … | failed (with a reason).
 * Crash safety rests on three rules:
 *  - a fresh recipient is claimed by creating its record in state "sending" (a 409
 *    means someone else has it) before the Bot Connector call, and marked "sent"
 *    with the activity id after: a restart never resends "sent";
 *  - a record is claimed again ("retrying", or "sending" under an older epoch) only
 *    through an _etag-guarded transition, so two holders never both claim it;
 *  - a successor resends only records still "sending" under an older lease epoch:
 *    exactly the calls that were in flight at the crash (the platform has no
 *    idempotency key, so those may arrive twice).
 */
export class RecipientSteps {
  /** Outcomes of sends, written in bulk; nothing is written once the run has crashed. */
  private readonly records: RecordBatch;

  constructor(private readonly run: RunContext) {
    this.records = new RecordBatch((records) => {
      try {
        run.guard();
      } catch (error) {
        return Promise.reject(error);
      }
      return run.deps.deliveries.replaceMany(records);
    });
  }

  /** Puts one seq where its stored record says it belongs (after a takeover, or a lost race). */
  place(seq: number, record: DeliveryRecord | undefined): void {
    const { tally, queue, lease } = this.run;
    if (!record) {
      tally.open(seq);
      queue.push({ seq, mode: 'fresh', at: 0 });
    } else if (record.state === 'sent') {
      tally.finish(seq, Outcome.Sent);
    } else if (record.state === 'failed') {
      tally.finish(seq, Outcome.Failed, record.reason ?? 'rejected');
    } else if (record.state === 'retrying') {
      tally.open(seq);
      tally.retrying(1);
      queue.delay({ seq, mode: 'retry', at: record.nextAttemptAt ?? 0 });
    } else if (record.epoch < lease.epoch) {
      tally.open(seq);
      queue.push({ seq, mode: 'resend', at: 0 });
    } else {
      // A newer holder claimed it: this instance has lost the lease.
      lease.lose();
    }
  }

  private baseRecord(seq: number): Pick<DeliveryRecord, 'tenantId' | 'announcementId' | 'seq' | 'conversationId' | 'epoch' | 'updatedAt'> {
    const { tenantId, announcementId, recipients, lease, deps } = this.run;
    return { tenantId, announcementId, seq, conversationId: recipients[seq], epoch: lease.epoch, updatedAt: new Date(deps.now()).toISOString() };
  }

  /**
   * Claims fresh recipients together: their references in one bulk read, their
   * records created in state "sending" (or failed: not installed) in one bulk
   * create. Returns one step per recipient, which sends it or reconciles it.
   */
  async claimFresh(seqs: number[]): Promise<Array<Promise<void>>> {
    const { deps, tenantId, recipients, tally } = this.run;
    const { deliveries, lookups } = deps;
    const ids = seqs.map((seq) => recipients[seq]);
    const reachable = ids.filter((id) => !id.startsWith(UNREACHABLE_PREFIX));
    const found = lookups.conversations.getMany
      ? await lookups.conversations.getMany(tenantId, reachable)
      : await Promise.all(reachable.map((id) => lookups.conversations.get(tenantId, id)));
    const byId = new Map(reachable.map((id, i) => [id, found[i]]));
    this.run.guardStopping();
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
    this.run.guard();
    return records.map(async (record, i) => {
      if (!created[i]) return this.reconcile(record.seq);
      if (record.state === 'failed') return tally.finish(record.seq, Outcome.Failed, 'not_installed');
      return this.attempt(record);
    });
  }

  /** A recipient with a record: a retry, or a resend of what an earlier holder left "sending". */
  async claimExisting(item: Item): Promise<void> {
    const { deps, tenantId, announcementId, lease, tally } = this.run;
    const epoch = lease.epoch;
    const expected =
      item.mode === 'retry' ? (r: DeliveryRecord) => r.state === 'retrying' : (r: DeliveryRecord) => r.state === 'sending' && r.epoch < epoch;
    this.run.guardStopping();
    const claimed = await deps.deliveries.transition(tenantId, announcementId, item.seq, expected, (r) => ({
      state: 'sending',
      epoch,
      attempts: r.attempts + 1,
      updatedAt: new Date(deps.now()).toISOString(),
    }));
    if (item.mode === 'retry') tally.retrying(-1);
    if (!claimed) return this.reconcile(item.seq);
    await this.attempt(claimed);
  }

  /** Someone else wrote the record first: follow what it says. */
  private async reconcile(seq: number): Promise<void> {
    const { deps, tenantId, announcementId, lease } = this.run;
    const record = await deps.deliveries.read(tenantId, announcementId, seq);
    if (record?.state === 'sending' && record.epoch >= lease.epoch) {
      // Our own claim after a store retry, or a newer holder's: either way not ours to send again.
      if (record.epoch > lease.epoch) lease.lose();
      return;
    }
    this.place(seq, record);
  }

  private async attempt(record: DeliveryRecord): Promise<void> {
    const { deps, tally } = this.run;
    const { sender, timings, now } = deps;
    const version = this.run.version();
    const permit = await this.run.paced(record.seq);
    const card = this.run.card();
    let copy;
    try {
      copy = await withDeadline(timings.sendTimeoutMs, (signal) => sender.send(targetOf(record), card, signal, permit.leaving));
      permit.settle(false);
    } catch (error) {
      const failure = classifyError(error);
      permit.settle(failure.kind === 'throttled');
      this.run.guard();
      return this.failed(record, failure);
    }
    this.run.guard();
    await this.recordSent({
      ...record,
      state: 'sent',
      activityId: copy.activityId,
      postConversationId: copy.conversationId,
      contentVersion: version,
      sentAt: new Date(now()).toISOString(),
      updatedAt: new Date(now()).toISOString(),
    });
    tally.delivered(now());
    tally.finish(record.seq, Outcome.Sent);
  }

  /**
   * The copy exists now: retry recording it rather than let the record stay "sending",
   * which a successor would have to send again.
   */
  private async recordSent(record: DeliveryRecord): Promise<void> {
    const { timings, random } = this.run.deps;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.records.write(record);
        return;
      } catch (error) {
        if (error instanceof Halted || attempt >= SENT_WRITE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, timings, random)));
        this.run.guard();
      }
    }
  }

  private async failed(record: DeliveryRecord, failure: DeliveryError): Promise<void> {
    const { deps, tally, queue } = this.run;
    const { timings, windows, now } = deps;
    const { seq } = record;
    const lastError = `${failure.status ?? 'timeout'}: ${failure.message}`.slice(0, 200);
    if (failure.kind === 'permanent' || record.attempts >= timings.maxAttempts) {
      const reason: FailureReason = failure.kind === 'permanent' ? failure.reason ?? 'rejected' : 'gave_up';
      if (failure.conversationGone) this.markConversationGone(record.conversationId, record.updatedAt);
      await this.records.write({ ...record, state: 'failed', reason, lastError, updatedAt: new Date(now()).toISOString() });
      tally.finish(seq, Outcome.Failed, reason);
      return;
    }
    const wait = failure.retryAfterMs ?? backoffMs(record.attempts, timings, deps.random);
    const at = now() + wait;
    if (failure.kind === 'throttled' && failure.retryAfterMs !== undefined) windows.block(record.conversationId, at);
    await this.records.write({ ...record, state: 'retrying', nextAttemptAt: at, lastError, updatedAt: new Date(now()).toISOString() });
    tally.retrying(1);
    queue.delay({ seq, mode: 'retry', at });
  }

  /**
   * The platform says the conversation is gone: mark it inactive, so later sends count
   * it as not installed without spending a request (it turns active again when Teams
   * tells the bot it is back). Best effort: this send's outcome does not depend on it.
   */
  private markConversationGone(conversationId: string, claimedAt: string): void {
    const { deps, tenantId } = this.run;
    const { lookups, logger, now } = deps;
    // Not if Teams told the bot it is back (a reinstall) since this recipient was claimed.
    lookups.conversations.markInactive?.(tenantId, conversationId, new Date(now()).toISOString(), claimedAt).catch((error) => logger.warn({ err: error, conversationId }, 'could not mark a gone conversation inactive'));
  }
}
