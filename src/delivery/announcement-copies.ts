import { mapBounded } from '../bounded';
import type { Delivery, Post } from '../domain/posts';
import type { Repositories } from '../store';

/** How long a list of copies is reused: copies only appear while an announcement is sending. */
export const COPIES_TTL_MS = 15_000;
const READ_CONCURRENCY = 16;

/**
 * Where an announcement's delivered copies are: its delivery records (point reads by
 * seq, a few at a time), kept a little while so a burst of reactions reads them once.
 * Stray copies (a resend after a stalled lease) are refreshed too.
 */
export function announcementCopies(repositories: Pick<Repositories, 'announcements' | 'deliveries'>, now = Date.now) {
  const cache = new Map<string, { at: number; copies: Promise<Delivery[]> }>();
  return (post: Post): Promise<Delivery[]> | undefined => {
    if (!post.announcementId) return undefined;
    const key = `${post.tenantId}|${post.announcementId}`;
    const known = cache.get(key);
    if (known && now() - known.at < COPIES_TTL_MS) return known.copies;
    const copies = (async () => {
      const announcement = await repositories.announcements.get(post.tenantId, post.announcementId!);
      const count = announcement?.recipientCount ?? 0;
      if (!count) return [];
      const recipients = await repositories.deliveries.recipients(post.tenantId, post.announcementId!, count);
      const records = await mapBounded(recipients, READ_CONCURRENCY, (_, seq) => repositories.deliveries.read(post.tenantId, post.announcementId!, seq));
      return records.flatMap((record) =>
        record && record.state === 'sent' && record.activityId && !record.recalled
          ? [{ conversationId: record.conversationId, activityId: record.activityId }, ...(record.strayCopies ?? [])]
          : [],
      );
    })();
    cache.set(key, { at: now(), copies });
    copies.catch(() => cache.delete(key));
    if (cache.size > 1000) cache.delete(cache.keys().next().value as string);
    return copies;
  };
}
