import { randomUUID } from 'crypto';
import { Comment, COMMENT_NOTIFICATION_INTERVAL_MS, replyTarget, validateCommentText } from './comments';
import type { Identity } from './identity';
import { commentPreviewOf, type CommentPreview, type Post } from './posts';
import { PostAccessPorts, visiblePost } from './post-access';
import { ReactionOption, reactionDelta, reactionOption, ReactionType } from './reactions';
import type { ActivityRecorder } from './analytics';

/** What the engagement rules need from storage; src/store provides each piece. */
export interface EngagementPorts extends PostAccessPorts {
  reactionSet(tenantId: string): Promise<readonly ReactionOption[]>;
  posts: {
    get(tenantId: string, postId: string): Promise<Post | undefined>;
    /** A read at most a few seconds old: every click checks state and visibility with it. */
    recent(tenantId: string, postId: string): Promise<Post | undefined>;
    update(tenantId: string, postId: string, change: (post: Post) => Post | undefined): Promise<Post | undefined>;
  };
  engagement: {
    /** `seq`: the stored reaction's version, which its copy under the reader carries. */
    toggleReaction(tenantId: string, postId: string, userId: string, clicked: ReactionType, now: string): Promise<{ before: ReactionType | null; after: ReactionType | null; seq: number }>;
    /** Files the reader's reaction where their feed finds it (by the post's month). */
    fileReaderReaction(tenantId: string, userId: string, post: Pick<Post, 'postId' | 'createdAt'>, reaction: ReactionType | null, seq: number): Promise<void>;
    allReactions(tenantId: string, postId: string): Promise<ReactionType[]>;
    addComment(tenantId: string, comment: Comment): Promise<number>;
    findComment(tenantId: string, postId: string, commentId: string): Promise<Comment | undefined>;
    latestComments(tenantId: string, postId: string, limit: number): Promise<{ comments: Comment[]; total: number }>;
    noteCommentForAuthor(tenantId: string, postId: string, commenter: string | undefined, now: Date, intervalMs: number): Promise<{ due?: { count: number; names: string[] }; retryAt?: number }>;
  };
  /** Analytics: each reaction given or taken back, each comment (absent where nothing counts). */
  activity?: ActivityRecorder;
  writer: {
    apply(tenantId: string, postId: string, change: { reactionDelta?: Record<string, number>; comment?: CommentPreview; viewer?: string }): Promise<Post>;
  };
}


/**
 * Toggles the caller's reaction. The person's own reaction document is the source of
 * truth; the post's counts move by exactly the transition that was stored.
 */
export async function recordReaction(ports: EngagementPorts, identity: Identity, postId: string, clicked: string, viewer: string | undefined, now: Date) {
  reactionOption(clicked, await ports.reactionSet(identity.tenantId));
  const target = await visiblePost(ports, identity, postId, (tenantId, id) => ports.posts.recent(tenantId, id));
  const { tenantId, userId } = identity;
  const { before, after, seq } = await ports.engagement.toggleReaction(tenantId, postId, userId, clicked, now.toISOString());
  try {
    // Filed under the reader before the count moves: if either fails, both are undone below.
    await ports.engagement.fileReaderReaction(tenantId, userId, target, after, seq);
    const post = await ports.writer.apply(tenantId, postId, { reactionDelta: reactionDelta(before, after), viewer });
    if (!before !== !after) await ports.activity?.record({ ...activityTarget(identity, post), kind: 'reaction', delta: after ? 1 : -1, at: now.toISOString() });
    return { post, myReaction: after };
  } catch (error) {
    // The count did not move, so the person's reaction must not either. Toggling the
    // reaction that is now stored restores `before`, and its copy follows (a newer
    // sequence). (A crash right here is what repairReactionCounts is for; a copy left
    // behind shows the reader a stale highlight until they click again.)
    const undo = before ?? after;
    if (undo) {
      await ports.engagement
        .toggleReaction(tenantId, postId, userId, undo, now.toISOString())
        .then((undone) => ports.engagement.fileReaderReaction(tenantId, userId, target, undone.after, undone.seq))
        .catch(() => undefined);
    }
    throw error;
  }
}

/** Who acted on which post, and where the post is counted: its community, its announcement. */
const activityTarget = (identity: Identity, post: Post) => ({
  tenantId: identity.tenantId,
  userId: identity.userId,
  postId: post.postId,
  communityId: post.community?.communityId,
  announcementId: post.announcementId,
});

export async function addComment(ports: EngagementPorts, identity: Identity & { displayName: string }, postId: string, rawText: unknown, source: Comment['source'], now: Date, replyTo?: string) {
  const text = validateCommentText(rawText);
  await visiblePost(ports, identity, postId);
  const reply = replyTo ? await replyOf(ports, identity.tenantId, postId, replyTo) : undefined;
  const comment: Comment = { commentId: randomUUID(), postId, authorId: identity.userId, authorName: identity.displayName, text, createdAt: now.toISOString(), source, ...reply };
  await ports.engagement.addComment(identity.tenantId, comment);
  const post = await ports.writer.apply(identity.tenantId, postId, { comment: commentPreviewOf(comment) });
  await ports.activity?.record({ ...activityTarget(identity, post), kind: 'comment', at: comment.createdAt });
  // Authors hear about comments on their posts, but at most once per interval.
  const notice =
    post.authorId === identity.userId
      ? {}
      : await ports.engagement.noteCommentForAuthor(identity.tenantId, postId, identity.displayName, now, COMMENT_NOTIFICATION_INTERVAL_MS);
  return { post, comment, notice };
}

/** Where a reply to `commentId` attaches (its top-level comment); a 400 when the post has no such comment. */
export async function replyOf(ports: Pick<EngagementPorts, 'engagement'>, tenantId: string, postId: string, commentId: string) {
  return replyTarget(await ports.engagement.findComment(tenantId, postId, commentId));
}

/** Sends what waited for the interval to pass; the caller schedules it at `retryAt`. */
export async function flushCommentNotice(ports: Pick<EngagementPorts, 'engagement'>, tenantId: string, postId: string, now: Date) {
  return ports.engagement.noteCommentForAuthor(tenantId, postId, undefined, now, COMMENT_NOTIFICATION_INTERVAL_MS);
}

/** Recomputes a post's reaction counts from the stored reactions (after a crash between two writes). */
export async function repairReactionCounts(ports: { engagement: Pick<EngagementPorts['engagement'], 'allReactions'>; posts: Pick<EngagementPorts['posts'], 'update'> }, tenantId: string, postId: string): Promise<Post | undefined> {
  const reactions = await ports.engagement.allReactions(tenantId, postId);
  const counts: Record<string, number> = {};
  for (const reaction of reactions) counts[reaction] = (counts[reaction] ?? 0) + 1;
  return ports.posts.update(tenantId, postId, (post) => ({ ...post, reactionCounts: counts, reactionCount: reactions.length }));
}
