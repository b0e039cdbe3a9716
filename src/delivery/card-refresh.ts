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
  lastSentAt: number;
  attempts: number;
}

/**
 * Coalesces card updates: a burst of 100 reactions in a second becomes one or two
 * updateActivity calls per copy, each carrying the latest counts.
 */
export class CardRefresher {
  private readonly copies = new Map<string, CopyState>();
  private readonly sentPerConversation = new Map<string, number[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly ports: CardRefreshPorts) {
    this.now = ports.now ?? Date.now;
  }

  /** Marks every delivered copy of the post for refresh. */
  refresh(post: Post): void {
    for (const delivery of post.deliveredTo) {
      const copy = this.copies.get(`${post.tenantId}|${delivery.conversationId}|${delivery.activityId}`);
      if (copy) copy.attempts = 0; // a new change deserves its own retries
      this.schedule(post.tenantId, post.postId, delivery.conversationId, delivery.activityId);
    }
  }

  /** Waits for scheduled and in-flight updates (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size || [...this.copies.values()].some((c) => c.timer)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const copy of this.copies.values()) if (copy.timer) clearTimeout(copy.timer);
  }

  private schedule(tenantId: string, postId: string, conversationId: string, activityId: string): void {
    if (this.stopped) return;
    const key = `${tenantId}|${conversationId}|${activityId}`;
    const copy = this.copies.get(key) ?? { tenantId, postId, conversationId, activityId, lastSentAt: 0, attempts: 0 };
    this.copies.set(key, copy);
    if (copy.timer) return; // already due: that update will carry this change too
    const wait = Math.max(copy.lastSentAt + CARD_UPDATE_MIN_INTERVAL_MS - this.now(), this.conversationWait(conversationId), 0);
    copy.timer = setTimeout(() => this.send(key, copy), wait);
  }

  /**
   * Drops a copy's state once its interval has passed with nothing new to send, so
   * memory follows the posts being engaged with now, not every post ever refreshed.
   */
  private forgetLater(key: string, copy: CopyState): void {
    setTimeout(() => {
      if (!copy.timer && this.copies.get(key) === copy) this.copies.delete(key);
      const recent = (this.sentPerConversation.get(copy.conversationId) ?? []).filter((at) => at > this.now() - 1_000);
      if (recent.length) this.sentPerConversation.set(copy.conversationId, recent);
      else this.sentPerConversation.delete(copy.conversationId);
    }, CARD_UPDATE_MIN_INTERVAL_MS).unref();
  }

  /** How long until this conversation may take another update. */
  private conversationWait(conversationId: string): number {
    const now = this.now();
    const recent = (this.sentPerConversation.get(conversationId) ?? []).filter((at) => at > now - 1_000);
    this.sentPerConversation.set(conversationId, recent);
    return recent.length < CARD_UPDATES_PER_CONVERSATION_PER_SECOND ? 0 : recent[0] + 1_000 - now;
  }

  private send(key: string, copy: CopyState): void {
    copy.timer = undefined;
    const wait = this.conversationWait(copy.conversationId);
    if (wait > 0) {
      copy.timer = setTimeout(() => this.send(key, copy), wait);
      return;
    }
    this.sentPerConversation.get(copy.conversationId)!.push(this.now());
    copy.lastSentAt = this.now();
    const work = this.update(copy)
      .then(() => {
        copy.attempts = 0;
        this.forgetLater(key, copy);
      })
      .catch((error) => {
        copy.attempts += 1;
        this.ports.logger.warn({ err: error, conversationId: copy.conversationId, attempts: copy.attempts }, 'card update failed');
        if (copy.attempts < CARD_UPDATE_RETRIES) this.schedule(copy.tenantId, copy.postId, copy.conversationId, copy.activityId);
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async update(copy: CopyState): Promise<void> {
    const [post, conversation] = await Promise.all([this.ports.getPost(copy.tenantId, copy.postId), this.ports.getConversation(copy.tenantId, copy.conversationId)]);
    if (!post || !conversation) return;
    await this.ports.updateCard(conversation, copy.activityId, await this.ports.render(post));
  }
}
