import { mapBounded } from '../bounded';
import type { FailureReason } from '../domain/announcements';
import type { DeliveryRecord } from '../store/deliveries';
import type { DeliveredCopy } from './sender';
import { UNREACHABLE_PREFIX } from './audience';
import type { PersonReacher } from './proactive-install';
import { backoffMs } from './limits';
import { Halted } from './lease-keeper';
import { RecordBatch } from './record-batch';
import { RunContext, targetOf } from './run-context';
import { classifyError, DeliveryError, withDeadline } from './sender';
import { Outcome } from './tally';
import type { Item } from './work-queue';
import { countDelivery } from '../telemetry/metrics';

/** Graph installations in flight per claim batch: Graph throttles app installation per tenant. */
const INSTALL_CONCURRENCY = 4;

const RECOVERY_CONCURRENCY = 32;
/** Tries to record an outcome before giving up (and leaving the recipient to a successor). */
const OUTCOME_WRITE_ATTEMPTS = 5;

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
 *    idempotency key, so those may arrive twice);
 *  - an outcome is written only over the version its claim wrote (_etag If-Match):
 *    a holder that stalled past its lease cannot overwrite what its successor
 *    recorded. A copy it delivered meanwhile is added to the record's stray copies,
 *    so edits and recalls still reach it.
 */
export class RecipientSteps {
  /** Outcomes of sends, written in bulk; nothing is written once the run has crashed. */
  private readonly records: RecordBatch;

  constructor(private readonly run: RunContext) {
    this.records = new RecordBatch((writes) => {
      try {
        run.guard();
      } catch (error) {
        return Promise.reject(error);
      }
      return run.deps.deliveries.replaceMany(writes);
    });
  }

  /** After a takeover: what happened to each seq the previous holder may have touched, below `reservedUpTo`. */
  async recover(reservedUpTo: number): Promise<void> {
    const { deps, tenantId, announcementId, recipients, tally, queue } = this.run;
    const end = Math.min(reservedUpTo, recipients.length);
    const from = tally.cursor;
    const seqs = Array.from({ length: Math.max(0, end - from) }, (_, i) => from + i);
    await mapBounded(seqs, RECOVERY_CONCURRENCY, async (seq) => this.place(seq, await deps.deliveries.read(tenantId, announcementId, seq)));
    queue.sortReady();
    queue.skipTo(end);
    queue.reserveUpTo(end);
    tally.advanceCursor();
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
    const installs = await this.installFor(ids.filter((id) => id.startsWith(UNREACHABLE_PREFIX)));
    this.run.guardStopping();
    const records = seqs.map((seq, i): DeliveryRecord => {
      const installed = installs.get(ids[i]);
      const conversation = installed && 'conversation' in installed ? installed.conversation : byId.get(ids[i]);
      if (!conversation?.active) {
        const userId = ids[i].startsWith(UNREACHABLE_PREFIX) ? ids[i].slice(UNREACHABLE_PREFIX.length) : conversation?.userId;
        const reason: FailureReason = installed && 'reason' in installed ? installed.reason : 'not_installed';
        return { ...this.baseRecord(seq), userId, state: 'failed', reason, attempts: 0 };
      }
      return {
        ...this.baseRecord(seq),
        // A chat proactive installation just made: the record names it, so edits and recalls find the copy.
        conversationId: conversation.conversationId,
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
      const etag = created[i];
      if (!etag) return this.reconcile(record.seq);
      if (record.state === 'failed') {
        countDelivery('failed', record.reason ?? 'not_installed');
        return tally.finish(record.seq, Outcome.Failed, record.reason ?? 'not_installed');
      }
      return this.attempt(record, etag);
    });
  }

  /** People without a personal chat: installed for now where the tenant allows it (ProactiveInstaller), else why not. */
  private async installFor(unreachable: string[]): Promise<Map<string, Awaited<ReturnType<PersonReacher['reach']>>>> {
    const { deps, tenantId } = this.run;
    const outcomes = new Map<string, Awaited<ReturnType<PersonReacher['reach']>>>();
    if (!deps.reacher || unreachable.length === 0) return outcomes;
    const reacher = deps.reacher;
    const reached = await mapBounded(unreachable, INSTALL_CONCURRENCY, (id) => reacher.reach(tenantId, id.slice(UNREACHABLE_PREFIX.length)));
    unreachable.forEach((id, i) => outcomes.set(id, reached[i]));
    return outcomes;
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
    const { _etag: etag, ...record } = claimed;
    await this.attempt(record, etag);
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

  /** Sends the claimed recipient its copy and records the outcome over the claim (`etag`). */
  private async attempt(record: DeliveryRecord, etag: string): Promise<void> {
    const { deps, tally } = this.run;
    const { sender, timings, now } = deps;
    const version = this.run.version();
    let copy: DeliveredCopy;
    try {
      // The card as it is when the call goes: an edit made while this one waited is sent.
      copy = await this.run.call(record.seq, (leaving) => withDeadline(timings.sendTimeoutMs, (signal) => sender.send(targetOf(record), this.run.card(), signal, leaving)));
    } catch (error) {
      if (error instanceof Halted) throw error;
      const failure = classifyError(error);
      this.run.guard();
      return this.failed(record, etag, failure);
    }
    this.run.guard();
    const sent: DeliveryRecord = {
      ...record,
      state: 'sent',
      activityId: copy.activityId,
      postConversationId: copy.conversationId,
      contentVersion: version,
      sentAt: new Date(now()).toISOString(),
      updatedAt: new Date(now()).toISOString(),
    };
    if (!(await this.writeOutcome(sent, etag, copy))) return;
    tally.delivered(now());
    countDelivery('sent');
    if (this.run.kind === 'deliver') await deps.activity?.record({ kind: 'delivered', tenantId: record.tenantId, announcementId: record.announcementId, at: sent.sentAt! });
    tally.finish(record.seq, Outcome.Sent);
  }

  /**
   * Writes a claimed recipient's outcome over its claim; true when written. Refused
   * (someone wrote the record since): when it is still this holder's claim (only a
   * stray copy was added) the outcome is written over that version; otherwise a newer
   * holder has the recipient, and a delivered copy joins the record's stray copies.
   * A write not done (throttled, its batch failed) is retried: a copy that exists
   * must not stay "sending", which a successor would have to send again.
   */
  private async writeOutcome(outcome: DeliveryRecord, claimEtag: string, copy?: DeliveredCopy): Promise<boolean> {
    const { deps, tenantId, announcementId, lease } = this.run;
    let next = outcome;
    let etag = claimEtag;
    for (let attempt = 1; ; attempt++) {
      const result = await this.records.write({ record: next, etag });
      if (result.status === 'written') return true;
      if (result.status === 'failed') {
        if (attempt >= OUTCOME_WRITE_ATTEMPTS) throw new Error(`the outcome of seq ${outcome.seq} could not be written`);
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, deps.timings, deps.random)));
        this.run.guard();
        continue;
      }
      const stored = await deps.deliveries.read(tenantId, announcementId, outcome.seq);
      if (stored?.state === 'sending' && stored.epoch === outcome.epoch) {
        ({ _etag: etag } = stored);
        next = { ...next, strayCopies: stored.strayCopies };
        continue;
      }
      if (copy) await deps.deliveries.addStrayCopy(tenantId, announcementId, outcome.seq, { activityId: copy.activityId, conversationId: copy.conversationId });
      if (stored && stored.epoch > outcome.epoch) lease.lose();
      return false;
    }
  }

  private async failed(record: DeliveryRecord, etag: string, failure: DeliveryError): Promise<void> {
    const { deps, tally, queue } = this.run;
    const { timings, now } = deps;
    const { seq } = record;
    const lastError = `${failure.status ?? 'timeout'}: ${failure.message}`.slice(0, 200);
    if (failure.kind === 'permanent' || record.attempts >= timings.maxAttempts) {
      const reason: FailureReason = failure.kind === 'permanent' ? failure.reason ?? 'rejected' : 'gave_up';
      if (failure.conversationGone) this.markConversationGone(record.conversationId, record.updatedAt);
      if (!(await this.writeOutcome({ ...record, state: 'failed', reason, lastError, updatedAt: new Date(now()).toISOString() }, etag))) return;
      countDelivery('failed', reason);
      tally.finish(seq, Outcome.Failed, reason);
      return;
    }
    const wait = failure.retryAfterMs ?? backoffMs(record.attempts, timings, deps.random);
    const at = now() + wait;
    if (!(await this.writeOutcome({ ...record, state: 'retrying', nextAttemptAt: at, lastError, updatedAt: new Date(now()).toISOString() }, etag))) return;
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
