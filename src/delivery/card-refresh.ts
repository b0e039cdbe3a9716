import type { AdaptiveCard } from '../cards/types';
import type { InstalledConversation } from '../domain/conversations';
import type { Post } from '../domain/posts';
import type { Logger } from '../log';

/**
 * Teams allows about 7 messages a second per bot per conversation, updates
 * included. Every copy of a post is refreshed at most once per interval, and each
 * conversation gets at most a few updates per second whatever the number of posts.
 */
export const CARD_UPDATE_MIN_INTERVAL_MS = 1_000;
export const CARD_UPDATES_PER_CONVERSATION_PER_SECOND = 5;
export const CARD_UPDATE_RETRIES = 3;
/**
 * Slots are counted over a second plus this margin: the call leaves a moment after
 * its slot is taken, and Teams counts arrivals, which the network spreads further.
 */
const SLOT_WINDOW_MS = 1_000 + 100;

export interface CardRefreshPorts {
  getPost(tenantId: string, postId: string): Promise<Post | undefined>;
  getConversation(tenantId: string, conversationId: string): Promise<InstalledConversation | undefined>;
  /** Replaces the card of one delivered copy (updateActivity). */
  updateCard(conversation: InstalledConversation, activityId: string, card: AdaptiveCard): Promise<void>;
  render(post: Post): Promise<AdaptiveCard>;
  logger: Logger;
  now?: () => number;
}

interface CopyState {
  tenantId: string;
  postId: string;
  conversationId: string;
  activityId: string;
  timer?: NodeJS.Timeout;
  /** An update of this copy is on its way; a newer change waits for it (never out of order). */
  inFlight: boolean;
  dirty: boolean;
  lastSentAt: number;
  attempts: number;
}

/**
 * Coalesces card updates: a burst of 100 reactions in a second becomes one or two
 * updateActivity calls per copy, each carrying the latest counts. One update per copy
 * at a time, a second apart; calls into one conversation are spaced so that no
 * second holds more than CARD_UPDATES_PER_CONVERSATION_PER_SECOND of them.
 */
export class CardRefresher {
  private readonly copies = new Map<string, CopyState>();
  /** When the recent updates into each conversation (tenant|conversation) were sent. */
  private readonly sentAt = new Map<string, number[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly ports: CardRefreshPorts) {
    this.now = ports.now ?? Date.now;
  }

  /** Marks every delivered copy of the post for refresh. */
  refresh(post: Post): void {
    for (const delivery of post.deliveredTo) {
      const copy = this.copyOf(post.tenantId, post.postId, delivery.conversationId, delivery.activityId);
      copy.attempts = 0; // a new change deserves its own retries
      this.schedule(copy);
    }
  }

  /** Waits for scheduled and in-flight updates (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size || [...this.copies.values()].some((c) => c.timer || c.inFlight)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const copy of this.copies.values()) if (copy.timer) clearTimeout(copy.timer);
  }

  private copyOf(tenantId: string, postId: string, conversationId: string, activityId: string): CopyState {
    const key = `${tenantId}|${conversationId}|${activityId}`;
    let copy = this.copies.get(key);
    if (!copy) {
      copy = { tenantId, postId, conversationId, activityId, inFlight: false, dirty: false, lastSentAt: 0, attempts: 0 };
      this.copies.set(key, copy);
    }
    return copy;
  }

  private schedule(copy: CopyState): void {
    if (this.stopped || copy.timer) return; // already due: that update will carry this change too
    if (copy.inFlight) {
      copy.dirty = true;
      return;
    }
    const wait = Math.max(copy.lastSentAt + CARD_UPDATE_MIN_INTERVAL_MS - this.now(), 0);
    copy.timer = setTimeout(() => this.send(copy), wait);
  }

  private send(copy: CopyState): void {
    copy.timer = undefined;
    copy.inFlight = true;
    let succeeded = false;
    const work = this.update(copy)
      .then(() => {
        succeeded = true;
        copy.attempts = 0;
      })
      .catch((error) => {
        copy.attempts += 1;
        this.ports.logger.warn({ err: error, conversationId: copy.conversationId, attempts: copy.attempts }, 'card update failed');
        if (copy.attempts < CARD_UPDATE_RETRIES) copy.dirty = true;
      })
      .finally(() => {
        this.inFlight.delete(work);
        copy.inFlight = false;
        copy.lastSentAt = this.now();
        if (copy.dirty) {
          copy.dirty = false;
          this.schedule(copy);
        } else if (succeeded) this.forgetLater(copy);
      });
    this.inFlight.add(work);
  }

  /**
   * Drops a copy's state once its interval has passed with nothing new to send, so
   * memory follows the posts being engaged with now, not every post ever refreshed.
   */
  private forgetLater(copy: CopyState): void {
    // Past both the copy's interval and the conversation's slot window.
    setTimeout(() => {
      const key = `${copy.tenantId}|${copy.conversationId}|${copy.activityId}`;
      if (!copy.timer && !copy.inFlight && this.copies.get(key) === copy) this.copies.delete(key);
      const conversation = `${copy.tenantId}|${copy.conversationId}`;
      const recent = (this.sentAt.get(conversation) ?? []).filter((at) => at > this.now() - SLOT_WINDOW_MS);
      if (!recent.length) this.sentAt.delete(conversation);
    }, Math.max(CARD_UPDATE_MIN_INTERVAL_MS, SLOT_WINDOW_MS) + 1).unref();
  }

  /**
   * Waits until this conversation has had fewer than the allowed updates in the last
   * second (and a margin), then records this one. Checking and recording happen in
   * one tick, so the cap holds for the moments the calls are actually made.
   */
  private async takeSlot(tenantId: string, conversationId: string): Promise<void> {
    const conversation = `${tenantId}|${conversationId}`;
    for (;;) {
      const now = this.now();
      const recent = (this.sentAt.get(conversation) ?? []).filter((at) => at > now - SLOT_WINDOW_MS);
      if (recent.length < CARD_UPDATES_PER_CONVERSATION_PER_SECOND) {
        recent.push(now);
        this.sentAt.set(conversation, recent);
        return;
      }
      this.sentAt.set(conversation, recent);
      await new Promise((resolve) => setTimeout(resolve, recent[0] + SLOT_WINDOW_MS - now + 1));
    }
  }

  private async update(copy: CopyState): Promise<void> {
    const [post, conversation] = await Promise.all([this.ports.getPost(copy.tenantId, copy.postId), this.ports.getConversation(copy.tenantId, copy.conversationId)]);
    if (!post || !conversation) return;
    const card = await this.ports.render(post);
    await this.takeSlot(copy.tenantId, copy.conversationId);
    await this.ports.updateCard(conversation, copy.activityId, card);
  }
}
