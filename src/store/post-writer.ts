import { DomainError } from '../domain/errors';
import type { CommentPreview, Post } from '../domain/posts';
import { REFRESH_USERS_MAX } from '../domain/posts';
import { LATEST_COMMENTS_ON_CARD } from '../domain/comments';
import { applyDelta, ReactionCounts, totalReactions } from '../domain/reactions';
import type { PostRepository, PostVersion } from './posts';

/** One change to a post's denormalised engagement fields. */
export interface EngagementChange {
  reactionDelta?: ReactionCounts;
  comment?: CommentPreview;
  /** A Teams user id to include in the card's personal view list. */
  viewer?: string;
}

interface Waiter {
  change: EngagementChange;
  resolve: (post: Post) => void;
  reject: (error: unknown) => void;
}

export function applyEngagement(post: Post, changes: EngagementChange[]): Post {
  let counts = post.reactionCounts ?? {};
  let latest = post.latestComments ?? [];
  let viewers = post.personalViewers ?? [];
  let comments = post.commentCount;
  for (const change of changes) {
    if (change.reactionDelta) counts = applyDelta(counts, change.reactionDelta);
    if (change.comment) {
      latest = [...latest, change.comment].slice(-LATEST_COMMENTS_ON_CARD);
      comments += 1;
    }
    if (change.viewer) viewers = [change.viewer, ...viewers.filter((v) => v !== change.viewer)].slice(0, REFRESH_USERS_MAX);
  }
  return { ...post, reactionCounts: counts, reactionCount: totalReactions(counts), commentCount: comments, latestComments: latest, personalViewers: viewers };
}

/**
 * Applies engagement changes to the post document one batch at a time per post.
 * A burst of 200 clicks becomes a handful of etag-guarded writes instead of 200
 * writers racing on one document; each caller still gets the post as it stands
 * after its own change.
 */
export class CoalescingPostWriter {
  private readonly queues = new Map<string, Waiter[]>();
  private readonly flushing = new Set<string>();

  constructor(private readonly posts: PostRepository) {}

  apply(tenantId: string, postId: string, change: EngagementChange): Promise<Post> {
    const key = `${tenantId}|${postId}`;
    return new Promise<Post>((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      queue.push({ change, resolve, reject });
      this.queues.set(key, queue);
      if (!this.flushing.has(key)) void this.flush(key, tenantId, postId);
    });
  }

  private async flush(key: string, tenantId: string, postId: string): Promise<void> {
    this.flushing.add(key);
    // During a burst each batch starts from the version the previous one wrote.
    let known: PostVersion | undefined;
    try {
      for (let batch = this.take(key); batch.length; batch = this.take(key)) {
        try {
          let removed = false;
          const updated = await this.posts.updateVersioned(
            tenantId,
            postId,
            (post) => {
              removed = post.state !== 'published';
              return removed ? undefined : applyEngagement(post, batch.map((w) => w.change));
            },
            known,
          );
          // A removed post takes no more engagement; callers undo what they stored.
          if (!updated || removed) throw new DomainError('not_found', 'post not found', 'error.post.notFound');
          known = updated;
          for (const waiter of batch) waiter.resolve(updated.post);
        } catch (error) {
          known = undefined;
          for (const waiter of batch) waiter.reject(error);
        }
      }
    } finally {
      this.flushing.delete(key);
    }
  }

  private take(key: string): Waiter[] {
    const batch = this.queues.get(key) ?? [];
    this.queues.delete(key);
    return batch;
  }
}
