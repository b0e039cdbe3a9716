import { Comment, LATEST_COMMENTS_ON_CARD } from './comments';
import { DomainError } from './errors';
import type { Identity } from './identity';
import { PostAccessPorts, visiblePost } from './post-access';
import type { Post } from './posts';

/**
 * Reporting (issue 17, item 2): anyone who may see a post, kudos, discussion, poll or
 * comment may report it once, with a reason and an optional note. The item stays
 * visible until a moderator acts, unless distinct reporters reach the tenant's
 * threshold: then it is hidden pending review (and its cards say so). Reports and
 * their per-item tally are what the moderation queue (item 4) lists.
 */
export const REPORT_REASONS = ['spam', 'harassment', 'hate', 'misinformation', 'confidential', 'inappropriate', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_NOTE_MAX = 1000;

/** Distinct reporters that hide an item pending review, unless the tenant chose otherwise. */
export const DEFAULT_REPORT_THRESHOLD = 3;
export const REPORT_THRESHOLD_MIN = 1;
export const REPORT_THRESHOLD_MAX = 100;

/** What is reported: a post (any kind), or one comment under it. */
export interface ReportTarget {
  postId: string;
  commentId?: string;
}

/** The id of a reported or held item, the same in every store document and queue entry. */
export function itemKey(target: ReportTarget): string {
  return target.commentId ? `comment:${target.postId}:${target.commentId}` : `post:${target.postId}`;
}

export interface ReportInput {
  reason: ReportReason;
  note?: string;
}

export interface StoredReport extends ReportInput {
  userId: string;
  at: string;
}

/** Where reports are kept: one per person per item, and a tally of distinct reporters. */
export interface ReportStore {
  /** Stores the person's report unless they reported the item already; counts it only the first time. */
  record(tenantId: string, target: ReportTarget, report: StoredReport): Promise<{ created: boolean; reporters: number }>;
  /** Claims the hiding of an item once (true for exactly one caller). */
  claimHide(tenantId: string, target: ReportTarget, at: string): Promise<boolean>;
}

export interface ReportPorts extends PostAccessPorts {
  reports: ReportStore;
  comments: {
    findComment(tenantId: string, postId: string, commentId: string): Promise<Comment | undefined>;
    /** Marks the comment hidden (or shown again) in its page; false when it was so already or is gone. */
    hideComment(tenantId: string, postId: string, commentId: string, hide?: boolean): Promise<boolean>;
    /** The latest comments that are not hidden. */
    latestComments(tenantId: string, postId: string, limit: number): Promise<{ comments: Comment[] }>;
  };
  posts: PostAccessPorts['posts'] & { update(tenantId: string, postId: string, change: (post: Post) => Post | undefined): Promise<Post | undefined> };
  reportThreshold(tenantId: string): Promise<number>;
}

export interface ReportOutcome {
  post: Post;
  /** The person had reported this item before: nothing new was stored. */
  alreadyReported: boolean;
  reporters: number;
  /** This report took the item to the threshold: the caller hides it (hideReported). */
  hide: boolean;
  threshold: number;
}

export const commentNotFound = () => new DomainError('not_found', 'comment not found', 'error.comment.notFound');

/** The note as stored: trimmed, empty dropped; too long is an error, not a cut. */
export function checkedNote(note: string | undefined): string | undefined {
  const trimmed = note?.replace(/\r\n/g, '\n').trim();
  if (trimmed && trimmed.length > REPORT_NOTE_MAX) throw new DomainError('bad_request', `note longer than ${REPORT_NOTE_MAX}`, 'error.report.noteTooLong', { max: REPORT_NOTE_MAX });
  return trimmed || undefined;
}

/**
 * Records a report of something the reporter can see (anything else is "not found",
 * as everywhere). Reporting again changes nothing and says so. `hide` is true for the
 * one report that claimed the hiding (claimHide, under the tally's etag); if hiding
 * then fails, the item stays visible and in the queue with its reports, for a moderator.
 */
export async function reportItem(ports: ReportPorts, identity: Identity, target: ReportTarget, input: ReportInput, now: Date): Promise<ReportOutcome> {
  const post = await visiblePost(ports, identity, target.postId);
  if (target.commentId) {
    const comment = await ports.comments.findComment(identity.tenantId, target.postId, target.commentId);
    if (!comment || comment.hidden) throw commentNotFound();
  }
  const note = checkedNote(input.note);
  const { created, reporters } = await ports.reports.record(identity.tenantId, target, { userId: identity.userId, reason: input.reason, ...(note && { note }), at: now.toISOString() });
  const threshold = await ports.reportThreshold(identity.tenantId);
  const hide = created && reporters >= threshold && (await ports.reports.claimHide(identity.tenantId, target, now.toISOString()));
  return { post, alreadyReported: !created, reporters, hide, threshold };
}

/** A post hidden pending review: shown to no one, its cards say a moderator will look. */
export function hiddenForReview(post: Post, now: Date): Post | undefined {
  if (post.state !== 'published') return undefined;
  return { ...post, state: 'hidden', updatedAt: now.toISOString() };
}

/**
 * Hides a reported item pending review. A post becomes `hidden`; a comment is marked
 * hidden and dropped from its post's preview. Returns the post whose cards must be
 * updated, or undefined when nothing changed (already hidden or removed).
 */
export async function hideReported(ports: Pick<ReportPorts, 'posts' | 'comments'>, tenantId: string, target: ReportTarget, now: Date): Promise<Post | undefined> {
  if (!target.commentId) return ports.posts.update(tenantId, target.postId, (post) => hiddenForReview(post, now));
  return setCommentShown(ports, tenantId, { postId: target.postId, commentId: target.commentId }, false, now);
}

/** Hides or shows one comment and rebuilds its post's preview; the post to refresh, or undefined when nothing changed. */
export async function setCommentShown(ports: Pick<ReportPorts, 'posts' | 'comments'>, tenantId: string, target: Required<ReportTarget>, shown: boolean, now: Date): Promise<Post | undefined> {
  if (!(await ports.comments.hideComment(tenantId, target.postId, target.commentId, !shown))) return undefined;
  const { comments } = await ports.comments.latestComments(tenantId, target.postId, LATEST_COMMENTS_ON_CARD);
  const preview = comments.map(({ authorName, text, createdAt }) => ({ authorName, text, createdAt }));
  return ports.posts.update(tenantId, target.postId, (post) => ({ ...post, latestComments: preview, updatedAt: now.toISOString() }));
}
