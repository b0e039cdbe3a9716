import type { AdaptiveCard } from '../cards/types';
import { AmaPost, isAma } from '../domain/ama';
import type { InstalledConversation } from '../domain/conversations';
import type { Post } from '../domain/posts';
import type { Logger } from '../log';

/**
 * Closes an AMA at its end time, whether or not anyone is using it: a held notice
 * (kind "amaClose", due at the end) is swept by whichever instance is running
 * (src/delivery/held-notices.ts claims it under _etag, so one instance at a time works
 * on it, and another takes over once a dead one's claim expires). The close itself is
 * a conditional write of `closedAt` on the post; the summary goes to each channel once,
 * recorded on the post right after its send (`summarySentTo`), so a retry or another
 * instance sends only what is missing. The one window left is a crash between a send
 * and its record: that channel may get the summary twice, never none.
 */
export const AMA_SUMMARY_RETRY_MS = 60_000;
/** After this long, a channel that keeps refusing the summary is given up on. */
export const AMA_SUMMARY_GIVE_UP_MS = 60 * 60_000;

export interface AmaClosePorts {
  posts: {
    get(tenantId: string, postId: string): Promise<Post | undefined>;
    update(tenantId: string, postId: string, change: (post: Post) => Post | undefined): Promise<Post | undefined>;
  };
  conversation(tenantId: string, conversationId: string): Promise<InstalledConversation | undefined>;
  sendCard(conversation: InstalledConversation, card: AdaptiveCard): Promise<string>;
  summaryCard(post: AmaPost): Promise<AdaptiveCard>;
  /** Every copy of the event's card shows it closed. */
  refresh(post: Post): void;
  logger: Logger;
  now(): Date;
}

export async function closeAma(ports: AmaClosePorts, tenantId: string, postId: string): Promise<{ retryAt?: number }> {
  const found = await ports.posts.get(tenantId, postId);
  if (!found || !isAma(found) || found.state !== 'published') return {};
  const now = ports.now();
  const endsAt = Date.parse(found.ama.endsAt);
  if (endsAt > now.getTime()) return { retryAt: endsAt };
  let closedNow = false;
  const closed = await ports.posts.update(tenantId, postId, (post) => {
    if (!isAma(post) || post.ama.closedAt) return undefined;
    closedNow = true;
    return { ...post, ama: { ...post.ama, closedAt: now.toISOString() }, updatedAt: now.toISOString() };
  });
  const post = (closed && isAma(closed) ? closed : found) as AmaPost;
  if (closedNow) {
    ports.refresh(post);
    ports.logger.info({ tenantId, postId }, 'AMA closed');
  }
  return sendSummary(ports, post, now);
}

async function sendSummary(ports: AmaClosePorts, post: AmaPost, now: Date): Promise<{ retryAt?: number }> {
  const targets = [...new Set(post.deliveredTo.map((d) => d.conversationId))].filter((id) => !post.ama.summarySentTo?.includes(id));
  if (!targets.length) return {};
  const card = await ports.summaryCard(post);
  let failed = 0;
  for (const conversationId of targets) {
    const conversation = await ports.conversation(post.tenantId, conversationId);
    if (conversation?.active) {
      try {
        await ports.sendCard(conversation, card);
      } catch (error) {
        failed += 1;
        ports.logger.warn({ err: error, tenantId: post.tenantId, postId: post.postId }, 'AMA summary not sent to a channel');
        continue;
      }
    }
    await ports.posts.update(post.tenantId, post.postId, (p) =>
      isAma(p) && !p.ama.summarySentTo?.includes(conversationId) ? { ...p, ama: { ...p.ama, summarySentTo: [...(p.ama.summarySentTo ?? []), conversationId] } } : undefined,
    );
  }
  const givenUp = now.getTime() - Date.parse(post.ama.closedAt ?? post.ama.endsAt) > AMA_SUMMARY_GIVE_UP_MS;
  return failed && !givenUp ? { retryAt: now.getTime() + AMA_SUMMARY_RETRY_MS } : {};
}
