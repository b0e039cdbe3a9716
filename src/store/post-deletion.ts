import { purgedPost } from '../domain/erasure-posts';
import type { Post } from '../domain/posts';
import type { Repositories } from '.';

type PostStores = Pick<Repositories, 'posts' | 'engagement'>;

/**
 * Deletes a post with everything people did to it. It is marked removed first, so its
 * Teams cards (refreshed from the returned version) say so, then its engagement and
 * the post document go. Used by erasure in delete mode and by retention.
 */
export async function deletePostCompletely(repositories: PostStores, tenantId: string, postId: string, now: Date): Promise<Post | undefined> {
  const removed = await repositories.posts.update(tenantId, postId, (post) => ({ ...post, state: 'removed', body: '', title: undefined, latestComments: [], purgedAt: now.toISOString(), updatedAt: now.toISOString() }));
  await repositories.engagement.deleteAll(tenantId, postId);
  await repositories.posts.delete(tenantId, postId);
  return removed;
}

/**
 * A removed post past its grace period loses its words and comments; its shell stays
 * (its cards already say it was removed). Comments go first, so a crash before the post
 * is marked purged leaves it to be purged again. Undefined when there was nothing to do.
 */
export async function purgeRemovedPost(repositories: PostStores, tenantId: string, postId: string, now: Date): Promise<Post | undefined> {
  const post = await repositories.posts.get(tenantId, postId);
  if (!post || post.state !== 'removed' || post.purgedAt) return undefined;
  await repositories.engagement.rewriteComments(tenantId, postId, () => null);
  let purged: Post | undefined;
  await repositories.posts.update(tenantId, postId, (current) => (current.state === 'removed' && !current.purgedAt ? (purged = purgedPost(current, now)) : undefined));
  return purged;
}
