import { DomainError } from './errors';

export const COMMENT_MAX_LENGTH = 2000;
/** The card shows the latest few; the dialog shows the thread. */
export const LATEST_COMMENTS_ON_CARD = 2;
/** At most one "new comments" notification per post to its author in this window. */
export const COMMENT_NOTIFICATION_INTERVAL_MS = 5 * 60_000;

export interface Comment {
  commentId: string;
  postId: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string;
  /** Where it came from: the Commons dialog or a native reply in the Teams thread. */
  source: 'dialog' | 'thread';
  /** Hidden pending review (reports reached the threshold): kept for moderators, shown to no one. */
  hidden?: boolean;
  /**
   * The top-level comment this one answers (threads are one level deep), and its author
   * for the line "in reply to <name>" (kept so erasing that author reaches it too).
   */
  replyTo?: string;
  replyToName?: string;
  replyToAuthorId?: string;
}

/** A top-level comment with the replies under it, oldest first. */
export type CommentThread = Comment & { replies: Comment[] };

/**
 * Where a reply attaches: the comment it answers, or that comment's own parent when it
 * answers a reply (threads stay one level deep). An unknown comment is a 400.
 */
export function replyTarget(parent: Comment | undefined): Pick<Comment, 'replyTo' | 'replyToName' | 'replyToAuthorId'> {
  if (!parent) throw new DomainError('bad_request', 'replyTo is not a comment of this post', 'error.comment.noParent');
  if (parent.replyTo) return { replyTo: parent.replyTo, replyToName: parent.replyToName, replyToAuthorId: parent.replyToAuthorId };
  return { replyTo: parent.commentId, replyToName: parent.authorName, replyToAuthorId: parent.authorId };
}

/**
 * A comment after erasing a person (`as` their pseudonym, or null to delete what they
 * wrote): their own comments renamed or dropped, and a reply to one of theirs names the
 * pseudonym, or no one once theirs is deleted.
 */
export function erasedFrom(comment: Comment, userId: string, as: { userId: string; displayName: string } | null): Comment | null {
  let result: Comment = comment;
  if (comment.authorId === userId) {
    if (!as) return null;
    result = { ...result, authorId: as.userId, authorName: as.displayName };
  }
  if (comment.replyToAuthorId === userId) {
    const { replyToName: _name, replyToAuthorId: _id, ...rest } = result;
    result = as ? { ...rest, replyToName: as.displayName, replyToAuthorId: as.userId } : rest;
  }
  return result;
}

/**
 * Groups a run of stored comments (oldest first, as pages hold them) into threads: each
 * reply under its parent. A reply whose parent is not in the run (an earlier page, or
 * hidden) stays at the top level, keeping `replyTo` so a reader can say whom it answers.
 */
export function threaded(comments: readonly Comment[]): CommentThread[] {
  const threads: CommentThread[] = [];
  const byId = new Map<string, CommentThread>();
  for (const comment of comments) {
    const parent = comment.replyTo ? byId.get(comment.replyTo) : undefined;
    if (parent) parent.replies.push(comment);
    else {
      const thread = { ...comment, replies: [] };
      threads.push(thread);
      if (!comment.replyTo) byId.set(comment.commentId, thread);
    }
  }
  return threads;
}

/** Trims and checks a comment; throws a DomainError a person can act on. */
export function validateCommentText(raw: unknown): string {
  if (typeof raw !== 'string') throw new DomainError('bad_request', 'comment text is missing', 'error.comment.empty');
  const text = raw.replace(/\r\n/g, '\n').trim();
  if (!text) throw new DomainError('bad_request', 'comment is empty', 'error.comment.empty');
  if (text.length > COMMENT_MAX_LENGTH) {
    throw new DomainError('bad_request', `comment longer than ${COMMENT_MAX_LENGTH}`, 'error.comment.tooLong', { max: COMMENT_MAX_LENGTH });
  }
  return text;
}
