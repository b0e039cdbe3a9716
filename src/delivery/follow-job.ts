import { Halted } from './lease-keeper';
import { backoffMs } from './limits';
import { RunContext, targetOf } from './run-context';
import { classifyError, withDeadline } from './sender';
import { Outcome } from './tally';

/**
 * The edit or recall of each delivered copy: an update job replaces the card of
 * every copy older than the announcement's version, a recall job deletes every copy.
 * Both are idempotent, so a crash simply redoes them; a copy already gone counts as
 * recalled. A copy's record is marked done only over the version read, so a copy
 * noted meanwhile is not skipped.
 */
export class FollowJob {
  /** Attempts per seq so far (the record's own count is the delivery's). */
  private readonly attempts = new Map<number, number>();

  constructor(private readonly run: RunContext) {}

  async follow(seq: number): Promise<void> {
    const { deps, tenantId, announcementId, tally, queue } = this.run;
    const { deliveries, sender, timings, now } = deps;
    const record = await deliveries.read(tenantId, announcementId, seq);
    const version = this.run.version();
    const recall = this.run.kind === 'recall';
    if (!record || record.state !== 'sent' || !record.activityId || (recall ? record.recalled : (record.contentVersion ?? 0) >= version)) {
      tally.finish(seq, Outcome.Skipped);
      return;
    }
    const target = targetOf(record);
    // The recorded copy, and any a holder that stalled past its lease delivered as well.
    const copies = [{ activityId: record.activityId, conversationId: record.postConversationId ?? record.conversationId }, ...(record.strayCopies ?? [])];
    for (const copy of copies) {
      try {
        await this.run.call(
          record.seq,
          () => withDeadline(timings.sendTimeoutMs, (signal) => (recall ? sender.delete(target, copy, signal) : sender.update(target, copy, this.run.card(), signal))),
          recall ? 'delete' : 'update',
          copy.activityId,
        );
      } catch (error) {
        if (error instanceof Halted) throw error;
        const failure = classifyError(error);
        this.run.guard();
        if (recall && failure.status === 404) continue; // already gone
        const attempts = (this.attempts.get(seq) ?? 1) + 1;
        if (failure.kind === 'permanent' || attempts > timings.maxAttempts) {
          tally.finish(seq, Outcome.Failed, failure.kind === 'permanent' ? failure.reason ?? 'rejected' : 'gave_up');
          return;
        }
        this.attempts.set(seq, attempts);
        queue.delay({ seq, mode: 'follow', at: now() + (failure.retryAfterMs ?? backoffMs(attempts - 1, timings, deps.random)) });
        return;
      }
    }
    this.run.guard();
    const at = new Date(now()).toISOString();
    const done = recall ? { ...record, recalled: true, updatedAt: at } : { ...record, contentVersion: version, updatedAt: at };
    // Over the version read: a copy added since (a stray) is not marked done unseen; look again.
    if (!(await deliveries.replaceIfUnchanged(done))) {
      queue.delay({ seq, mode: 'follow', at: now() });
      return;
    }
    tally.finish(seq, Outcome.Sent);
  }
}
