import type { Comment } from './comments';
import { LATEST_COMMENTS_ON_CARD } from './comments';
import type { KudosPerson } from './kudos';
import { commentPreviewOf, type Post } from './posts';
import type { Pseudonym } from './privacy';
import type { ReactionType } from './reactions';
import { totalReactions } from './reactions';

/**
 * How a post changes when a person is erased from it: pure functions, so the same
 * rules serve erasure and the privacy job, and a rerun gives the same post.
 */
const asKudosPerson = (pseudonym: Pseudonym): KudosPerson => ({ userId: pseudonym.userId, displayName: pseudonym.displayName });

/** The person's name and id replaced by their pseudonym wherever the post carries them. */
export function anonymisedPost(post: Post, userId: string, pseudonym: Pseudonym): Post {
  const swap = (person: KudosPerson) => (person.userId === userId ? asKudosPerson(pseudonym) : person);
  return {
    ...post,
    ...(post.authorId === userId && { authorId: pseudonym.userId, authorName: pseudonym.displayName }),
    ...(post.kudos && { kudos: { ...post.kudos, recipients: post.kudos.recipients.map(swap), joiners: post.kudos.joiners.map(swap) } }),
    ...(post.ama && post.ama.hostId === userId && { ama: { ...post.ama, hostId: pseudonym.userId, hostName: pseudonym.displayName } }),
  };
}

/** A kudos without the person among its recipients and joiners (delete mode). */
export function withoutKudosPerson(post: Post, userId: string): Post {
  if (!post.kudos) return post;
  const others = (person: KudosPerson) => person.userId !== userId;
  return { ...post, kudos: { ...post.kudos, recipients: post.kudos.recipients.filter(others), joiners: post.kudos.joiners.filter(others) } };
}

/** The post's comment count and latest comments, recounted from its thread as it now stands. */
export function recountedComments(post: Post, thread: readonly Comment[]): Post {
  const shown = thread.filter((comment) => !comment.hidden);
  const best = post.bestAnswer && thread.find((c) => c.commentId === post.bestAnswer?.commentId);
  return {
    ...post,
    commentCount: thread.length,
    latestComments: shown.slice(-LATEST_COMMENTS_ON_CARD).map(commentPreviewOf),
    bestAnswer: best && post.bestAnswer ? { ...post.bestAnswer, text: best.text, authorName: best.authorName } : undefined,
  };
}

/** The post's reaction counts, recounted from the per-person reactions that remain. */
export function recountedReactions(post: Post, reactions: readonly ReactionType[]): Post {
  const reactionCounts: Record<string, number> = {};
  for (const reaction of reactions) reactionCounts[reaction] = (reactionCounts[reaction] ?? 0) + 1;
  return { ...post, reactionCounts, reactionCount: totalReactions(reactionCounts) };
}

/** A post's words and comments gone, its shell kept (a removed post past its grace period). */
export function purgedPost(post: Post, now: Date): Post {
  const { title: _title, imageUrl: _imageUrl, imageAltText: _alt, links: _links, bestAnswer: _best, sharedFrom: _shared, ...rest } = post;
  return { ...rest, body: '', commentCount: 0, latestComments: [], purgedAt: now.toISOString(), updatedAt: now.toISOString() };
}
