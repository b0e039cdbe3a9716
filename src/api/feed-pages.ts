import { ACTIVE_RANKED_MAX, ACTIVE_WINDOW_DAYS, byActivity, FeedPosition, rankOf, rankPosition } from '../domain/feed';
import type { Post } from '../domain/posts';
import type { FeedFilter, PostRepository, TimelinePageOptions } from '../store/posts';

/** The order a feed is read in: newest first, or "most active" (domain/feed.ts). */
export const FEED_SORTS = ['newest', 'active'] as const;
export type FeedSort = (typeof FEED_SORTS)[number];

/**
 * A page of "most active" (domain/feed.ts), for the tenant's feed and a community's
 * alike: the window's posts ranked as of the first page's time, then sliced from a rank.
 */
export async function activePage(posts: Pick<PostRepository, 'timelinePage'>, tenantId: string, limit: number, filter: FeedFilter, options: TimelinePageOptions, from?: FeedPosition): Promise<{ posts: Post[]; next?: FeedPosition }> {
  const { asOf, rank } = from ? rankOf(from) : { asOf: new Date().toISOString(), rank: 0 };
  const window = await posts.timelinePage(tenantId, ACTIVE_RANKED_MAX, filter, {
    ...options,
    after: { createdAt: new Date(Date.parse(asOf) + 1).toISOString(), postId: '' },
    notBefore: new Date(Date.parse(asOf) - ACTIVE_WINDOW_DAYS * 86_400_000).toISOString(),
  });
  const ranked = byActivity(window.posts);
  const page = ranked.slice(rank, rank + limit);
  return { posts: page, ...(rank + limit < ranked.length && { next: rankPosition(asOf, rank + limit) }) };
}

/** A page in either order: the timeline from a position, or the ranking from a rank. */
export function sortedPage(posts: Pick<PostRepository, 'timelinePage'>, sort: FeedSort, tenantId: string, limit: number, filter: FeedFilter, options: TimelinePageOptions, after?: FeedPosition): Promise<{ posts: Post[]; next?: FeedPosition }> {
  return sort === 'active' ? activePage(posts, tenantId, limit, filter, options, after) : posts.timelinePage(tenantId, limit, filter, { ...options, after });
}
