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
