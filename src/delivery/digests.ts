import { mapBounded } from '../bounded';
import type { Comment } from '../domain/comments';
import { commentActivity, DEFAULT_DIGEST_TIMINGS, digestDueAt, DigestSettings, DigestTimings, entryFor, FollowedActivity, postActivity } from '../domain/digests';
import type { Post } from '../domain/posts';
import type { Logger } from '../log';
import type { FollowRepository } from '../store/follows';
import type { HeldNoticeRepository } from '../store/held-notices';
import { DIGEST_RECORD_GRACE_MS, DigestEventSource, eventOfSubject, subjectOfComment, subjectOfPost } from './digest-outbox';

/** Followers written to at once while an event fans out (point writes: Cosmos throttles a burst). */
const FANOUT_CONCURRENCY = 16;

export interface DigestFanoutDependencies {
  follows: FollowRepository;
  heldNotices: HeldNoticeRepository;
  logger: Logger;
  timings?: DigestTimings;
  now?: () => number;
  /** Finds a pending record's event again (digest-outbox.ts); without it a left record is dropped with a warning. */
  events?: DigestEventSource;
  recordGraceMs?: number;
}

/**
 * Turns activity on what people follow into entries of their next digest: each
 * follower (at most DIGEST_FANOUT_MAX an event) gets one entry appended to their
 * pending document, durably, and the first entry waiting schedules their digest as a
 * held notice (kind "digest"), which whichever instance is running sends when due
 * (HeldNoticeSweeper). Nothing is sent here: a burst of thirty events is one card.
 */
export class DigestFanout {
  readonly timings: DigestTimings;
  private readonly now: () => number;

  constructor(private readonly deps: DigestFanoutDependencies) {
    this.timings = deps.timings ?? DEFAULT_DIGEST_TIMINGS;
    this.now = deps.now ?? Date.now;
  }

  postCreated(post: Post): Promise<void> {
    return this.record(post.tenantId, postActivity(post));
  }

  commentAdded(post: Post, comment: Comment): Promise<void> {
    return this.record(post.tenantId, commentActivity(post, comment));
  }

  /**
   * Called before the post or comment request answers (digest-outbox.ts): the pending
   * record is stored first, then the fan-out runs in the background and clears it.
   */
  async postCreatedDurably(post: Post): Promise<void> {
    await this.durably(post.tenantId, subjectOfPost(post), () => this.postCreated(post));
  }

  async commentAddedDurably(tenantId: string, comment: Comment): Promise<void> {
    await this.durably(tenantId, subjectOfComment(comment), async () => {
      const post = await this.deps.events?.post(tenantId, comment.postId);
      if (post) await this.commentAdded(post, comment);
    });
  }

  /** The sweep's turn at a record a crash left: the event recorded again, once per person. */
  async redo(tenantId: string, subject: string): Promise<void> {
    const event = eventOfSubject(subject);
    const post = event && (await this.deps.events?.post(tenantId, event.postId));
    if (!event || !post) return this.deps.logger.warn({ tenantId, subject }, 'a pending digest record names nothing that is left');
    if (event.kind === 'post') return this.record(tenantId, postActivity(post), { once: true });
    const comment = await this.deps.events?.comment(tenantId, event.postId, event.commentId);
    if (comment) await this.record(tenantId, commentActivity(post, comment), { once: true });
  }

  private async durably(tenantId: string, subject: string, work: () => Promise<void>): Promise<void> {
    const { heldNotices, logger } = this.deps;
    // A store too sick to take the record still gets the best effort, and the write it follows still succeeds.
    const held = await heldNotices.hold(tenantId, subject, this.now() + (this.deps.recordGraceMs ?? DIGEST_RECORD_GRACE_MS), 'digestRecord').then(
      () => true,
      (error) => (logger.warn({ err: error, tenantId, subject }, 'digest record not held: recording without it'), false),
    );
    this.inBackground(async () => {
      await work();
      if (held) await heldNotices.forget(tenantId, subject, 'digestRecord');
    });
  }

  /**
   * Every follower of every target the activity concerns hears of it once (through the
   * first target they follow). `once`: a repeat (a crash's leftover), so an entry the
   * person already has waiting, or was already sent, is not added again.
   */
  async record(tenantId: string, activity: FollowedActivity | undefined, options: { once?: boolean } = {}): Promise<void> {
    if (!activity) return;
    const via = new Map<string, FollowedActivity['targets'][number]>();
    for (const target of activity.targets) {
      for (const userId of await this.deps.follows.followersOf(tenantId, target)) if (!via.has(userId)) via.set(userId, target);
    }
    await mapBounded([...via], FANOUT_CONCURRENCY, async ([userId, target]) => {
      const entry = entryFor(activity, userId, target);
      if (!entry) return;
      const settings = await this.deps.follows.digestSettings(tenantId, userId);
      if (settings.frequency === 'off') return;
      const { first, lastSentAt } = options.once ? await this.deps.follows.appendPendingOnce(tenantId, userId, entry) : await this.deps.follows.appendPending(tenantId, userId, entry);
      if (first) await this.schedule(tenantId, userId, settings, lastSentAt);
    });
  }

  /** Sets when the person's digest goes (keeping a send under way undisturbed). */
  async schedule(tenantId: string, userId: string, settings: DigestSettings, lastSentAt: number | undefined): Promise<void> {
    const dueAt = digestDueAt(this.now(), lastSentAt, settings.frequency, this.timings);
    if (dueAt !== undefined) await this.deps.heldNotices.schedule(tenantId, userId, dueAt, 'digest');
  }

  /** The weekly digest is scheduled while it is on (a week from now unless it already is), and forgotten when off. */
  async scheduleWeekly(tenantId: string, userId: string, settings: DigestSettings): Promise<void> {
    const { heldNotices } = this.deps;
    if (!settings.weekly) return heldNotices.forget(tenantId, userId, 'weeklyDigest');
    if (!(await heldNotices.get(tenantId, userId, 'weeklyDigest'))) await heldNotices.hold(tenantId, userId, this.now() + this.timings.weeklyMs, 'weeklyDigest');
  }

  /** After a settings change: pending entries follow the new frequency, none are kept when off. */
  async settingsChanged(tenantId: string, userId: string, settings: DigestSettings): Promise<void> {
    await this.scheduleWeekly(tenantId, userId, settings);
    const pending = await this.deps.follows.pending(tenantId, userId);
    if (settings.frequency === 'off') {
      if (pending?.entries.length) await this.deps.follows.settlePending(tenantId, userId, '', pending, {});
      await this.deps.heldNotices.forget(tenantId, userId, 'digest');
    } else if (pending?.entries.length) await this.schedule(tenantId, userId, settings, pending.lastSentAt);
  }

  private readonly running = new Set<Promise<void>>();

  /** For the composition root: records without holding up (or ever failing) the post or comment it follows. */
  inBackground(work: () => Promise<void>): void {
    const done: Promise<void> = work()
      .catch((error) => this.deps.logger.warn({ err: error }, 'digest entries not recorded'))
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Waits for the fan-outs under way (shutdown; tests). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
