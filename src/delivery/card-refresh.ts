import type { AdaptiveCard } from '../cards/types';
import type { InstalledConversation } from '../domain/conversations';
import type { Delivery, Post } from '../domain/posts';
import type { Logger } from '../log';
import { CARD_UPDATE_MIN_INTERVAL_MS } from './limits';
export const CARD_UPDATE_RETRIES = 3;

export interface CardRefreshPorts {
  getPost(tenantId: string, postId: string): Promise<Post | undefined>;
  getConversation(tenantId: string, conversationId: string): Promise<InstalledConversation | undefined>;
  /**
   * Replaces the card of one delivered copy (updateActivity), spending from the
   * Outbound budgets (ProactiveMessenger.updateCard does): they keep each copy to one
   * update a second and each conversation to five, for all instances together.
   */
  updateCard(conversation: InstalledConversation, activityId: string, card: AdaptiveCard): Promise<void>;
  render(post: Post): Promise<AdaptiveCard>;
  /** Copies kept elsewhere than post.deliveredTo (an announcement's delivery records); undefined for ordinary posts. */
  copiesOf?(post: Post): Promise<Delivery[]> | undefined;
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
 * at a time, a second apart; the port's Outbound budgets keep every conversation
 * within Teams' update limits for all instances together.
 */
export class CardRefresher {
  private readonly copies = new Map<string, CopyState>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly ports: CardRefreshPorts) {
    this.now = ports.now ?? Date.now;
  }

  /** Marks every delivered copy of the post for refresh. */
  refresh(post: Post): void {
    const elsewhere = this.ports.copiesOf?.(post);
    if (elsewhere) {
      const work: Promise<void> = elsewhere
        .then((copies) => this.mark(post, copies))
        .catch((error) => this.ports.logger.warn({ err: error, postId: post.postId }, 'could not find the copies to refresh'))
        .finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    }
    this.mark(post, post.deliveredTo);
  }

  private mark(post: Post, copies: readonly Delivery[]): void {
    for (const delivery of copies) {
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
    setTimeout(() => {
      const key = `${copy.tenantId}|${copy.conversationId}|${copy.activityId}`;
      if (!copy.timer && !copy.inFlight && this.copies.get(key) === copy) this.copies.delete(key);
    }, CARD_UPDATE_MIN_INTERVAL_MS + 1).unref();
  }

  private async update(copy: CopyState): Promise<void> {
    const [post, conversation] = await Promise.all([this.ports.getPost(copy.tenantId, copy.postId), this.ports.getConversation(copy.tenantId, copy.conversationId)]);
    if (!post || !conversation) return;
    const card = await this.ports.render(post);
    await this.ports.updateCard(conversation, copy.activityId, card);
  }
}
