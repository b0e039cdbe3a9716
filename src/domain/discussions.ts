import { assertNotArchived, Community, CommunityMembership, hasCommunityRole } from './communities';
import type { Comment } from './comments';
import { DomainError } from './errors';
import { hasRole, Identity } from './identity';
import type { Post } from './posts';
import { Visibility } from './visibility';

/**
 * Discussions and questions: posts (kinds "discussion" and "question") started with
 * `discuss` or `ask`. In a channel linked to a community they are filed under it and
 * read by whoever may read the community; elsewhere they belong to the conversation's
 * members, like any post there. Replies are comments (the engagement core).
 */
export const DISCUSSION_KINDS = ['discussion', 'question'] as const;
export type DiscussionKind = (typeof DISCUSSION_KINDS)[number];

export const communityVisibility = (communityId: string): Visibility => ({ kind: 'community', communityId });

/** Only members start things in a community, and nobody in an archived one. */
export function assertMayPostInCommunity(community: Community, membership?: CommunityMembership): void {
  assertNotArchived(community);
  if (membership?.status !== 'member') throw new DomainError('forbidden', 'members only', 'error.community.membersOnly', { name: community.name });
}

/** The asker, a moderator of the tenant, or an owner or moderator of the community marks the best answer. */
export function assertMayMarkBestAnswer(post: Post, identity: Identity, membership?: CommunityMembership): void {
  if (post.kind !== 'question') throw new DomainError('bad_request', 'not a question', 'error.question.notQuestion');
  if (post.authorId === identity.userId || hasRole(identity, 'moderator') || hasCommunityRole(membership, 'moderator')) return;
  throw new DomainError('forbidden', 'the asker or a moderator', 'error.question.notAsker');
}

export function withBestAnswer(post: Post, comment: Comment, markedBy: string, now: Date): Post {
  return { ...post, bestAnswer: { commentId: comment.commentId, authorName: comment.authorName, text: comment.text, markedBy }, updatedAt: now.toISOString() };
}

export const isUnanswered = (post: Post) => post.kind === 'question' && !post.bestAnswer;
