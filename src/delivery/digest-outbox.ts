import type { Comment } from '../domain/comments';
import type { Post } from '../domain/posts';
import type { Repositories } from '../store';

/**
 * Why an outbox and not an await: one event reaches up to DIGEST_FANOUT_MAX followers
 * (a settings read and a patch each), seconds of writes that must not hold up a post,
 * and never the invoke answer of a card's comment, which Teams times out. So before the
 * write answers, one small held notice (kind "digestRecord", in the small container the
 * held-notice sweep already reads) says "this event's digest entries are not recorded
 * yet"; the fan-out runs in the background and forgets the notice when done. If the
 * process dies in between, the notice falls due after DIGEST_RECORD_GRACE_MS and the
 * sweep (any instance) records the event again: at least once, and never twice for a
 * person (FollowRepository.appendPendingOnce skips an entry already waiting or sent).
 */
export const DIGEST_RECORD_GRACE_MS = 2 * 60_000;

/** What a pending record is about: a new post, or a new comment on a post. */
export type DigestEvent = { kind: 'post'; postId: string } | { kind: 'comment'; postId: string; commentId: string };

export const subjectOfPost = (post: Pick<Post, 'postId'>) => `post:${post.postId}`;
export const subjectOfComment = (comment: Pick<Comment, 'postId' | 'commentId'>) => `comment:${comment.postId}:${comment.commentId}`;

export function eventOfSubject(subject: string): DigestEvent | undefined {
  const [kind, postId, commentId] = subject.split(':');
  if (kind === 'post' && postId) return { kind, postId };
  if (kind === 'comment' && postId && commentId) return { kind, postId, commentId };
  return undefined;
}

/** Where a pending record finds its event again (the posts and comments as stored). */
export interface DigestEventSource {
  post(tenantId: string, postId: string): Promise<Post | undefined>;
  comment(tenantId: string, postId: string, commentId: string): Promise<Comment | undefined>;
}

export function digestEventSource(repositories: Pick<Repositories, 'posts' | 'engagement'>): DigestEventSource {
  return {
    post: (tenantId, postId) => repositories.posts.get(tenantId, postId),
    comment: (tenantId, postId, commentId) => repositories.engagement.findComment(tenantId, postId, commentId),
  };
}
