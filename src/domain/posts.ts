import type { Audience } from './audience';
import { DomainError } from './errors';
import type { Identity } from './identity';
import type { KudosDetails } from './kudos';
import type { PollDetails } from './polls';
import type { AmaDetails } from './ama';
import type { ReactionCounts } from './reactions';
import { legacyVisibility, PlaceFacts, Visibility } from './visibility';

/**
 * A post: one piece of content that may be delivered to several conversations.
 * Reactions and comments form one set across all copies; counts are denormalised
 * here so the feed and the cards need point reads only.
 */
export const POST_KINDS = ['update', 'announcement', 'kudos', 'discussion', 'question', 'poll', 'ama'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export const POST_TITLE_MAX = 200;
export const POST_BODY_MAX = 4000;
export const FEED_PAGE_SIZE = 20;
/** Link buttons a post may carry, under the reactions. */
export const POST_LINKS_MAX = 3;
export const LINK_TITLE_MAX = 40;

export interface PostLink {
  title: string;
  url: string;
}

export interface Delivery {
  conversationId: string;
  activityId: string;
}

export interface CommentPreview {
  authorName: string;
  text: string;
  createdAt: string;
  /** A reply: whom it answers ("↳ in reply to <name>" on the card). */
  replyToName?: string;
}

/** What a card shows of a comment. */
export const commentPreviewOf = ({ authorName, text, createdAt, replyToName }: CommentPreview): CommentPreview => ({ authorName, text, createdAt, ...(replyToName && { replyToName }) });

/** Cards can address at most 60 people in `refresh.userIds`. */
export const REFRESH_USERS_MAX = 60;

export interface Post {
  tenantId: string;
  postId: string;
  kind: PostKind;
  authorId: string;
  title?: string;
  body: string;
  imageUrl?: string;
  imageAltText?: string;
  links?: PostLink[];
  audience: Audience;
  /** Who may see it. Absent only on posts stored before it existed: see postVisibility. */
  visibility?: Visibility;
  deliveredTo: Delivery[];
  reactionCounts: ReactionCounts;
  reactionCount: number;
  commentCount: number;
  latestComments: CommentPreview[];
  /** Teams ids of recent reactors and the author, who get their own view of the card. */
  personalViewers: string[];
  /** Every reaction to this post is also filed under its reader (store/reader-reactions.ts); absent on posts made before that copy existed. */
  readerReactionsFiled?: boolean;
  /** A post made from another Teams message with "Share to Commons". */
  sharedFrom?: { authorName: string; url?: string };
  /** Kudos (kind "kudos"): badge, recipients, joiners. */
  kudos?: KudosDetails;
  /** Polls (kind "poll"): options and settings; the question is the post's body. */
  poll?: PollDetails;
  /** Ask-me-anything events (kind "ama"): host, times, closing; the title is the post's body. */
  ama?: AmaDetails;
  /** The community it is filed under (a discussion, question or poll in a linked channel). */
  community?: { communityId: string; name: string };
  /** Questions: the reply the asker or a moderator marked as the best answer. */
  bestAnswer?: { commentId: string; authorName: string; text: string; markedBy: string };
  /** Set on an announcement's engagement record (src/domain/announcement-engagement.ts): its postId is the announcement id. */
  announcementId?: string;
  /** `hidden`: reports reached the tenant's threshold; shown to no one until a moderator decides (src/domain/reports.ts). */
  state: 'published' | 'removed' | 'hidden';
  /** Set when a moderator removed it from the queue: its cards say so. */
  removedByModerator?: boolean;
  /** When a removed post's words and comments were purged after the tenant's grace period (src/delivery/privacy-job.ts). */
  purgedAt?: string;
  authorName: string;
  createdAt: string;
  updatedAt: string;
}

/** What a person writes; the rest of a Post is derived or added as it lives. */
export type NewPost = Pick<Post, 'title' | 'body' | 'imageUrl' | 'imageAltText' | 'links' | 'audience' | 'sharedFrom'> & { kind?: PostKind; visibility: Visibility };

/** A post's words, checked: the same rules at creation and at every edit. */
export function checkedPostText(input: { title?: string; body: string }): { title?: string; body: string } {
  const body = input.body.replace(/\r\n/g, '\n').trim();
  const title = input.title?.trim() || undefined;
  if (!body) throw new DomainError('bad_request', 'the post is empty', 'error.post.empty');
  if (body.length > POST_BODY_MAX) throw new DomainError('bad_request', `longer than ${POST_BODY_MAX}`, 'error.post.tooLong', { max: POST_BODY_MAX });
  if (title && title.length > POST_TITLE_MAX) throw new DomainError('bad_request', `title longer than ${POST_TITLE_MAX}`, 'error.post.tooLong', { max: POST_TITLE_MAX });
  return { title, body };
}

/** A post's counts and copies before anyone saw or touched it (fresh arrays each time: they are filled in place). */
export function noEngagementYet(): Pick<Post, 'deliveredTo' | 'reactionCounts' | 'reactionCount' | 'commentCount' | 'latestComments' | 'personalViewers' | 'readerReactionsFiled'> {
  return { deliveredTo: [], reactionCounts: {}, reactionCount: 0, commentCount: 0, latestComments: [], personalViewers: [], readerReactionsFiled: true };
}

/** Checks what a person wrote and turns it into a post; nothing is stored here. */
export function composePost(input: NewPost, author: Identity & { displayName: string }, postId: string, now: Date): Post {
  const { title, body } = checkedPostText(input);
  if (input.imageUrl && !/^https:\/\//i.test(input.imageUrl)) throw new DomainError('bad_request', 'images must be https URLs');
  if (input.imageUrl && !input.imageAltText?.trim()) throw new DomainError('bad_request', 'an image needs alt text', 'error.post.altText');
  const links = (input.links ?? []).map((link) => ({ title: link.title.trim(), url: link.url.trim() }));
  if (links.length > POST_LINKS_MAX) throw new DomainError('bad_request', `at most ${POST_LINKS_MAX} links`);
  for (const link of links) {
    if (!link.title || link.title.length > LINK_TITLE_MAX) throw new DomainError('bad_request', `link titles are 1 to ${LINK_TITLE_MAX} characters`);
    if (!/^https:\/\/[^\s]+$/i.test(link.url)) throw new DomainError('bad_request', 'links must be https URLs');
  }
  const createdAt = now.toISOString();
  return {
    tenantId: author.tenantId,
    postId,
    kind: input.kind ?? 'update',
    authorId: author.userId,
    authorName: author.displayName,
    title,
    body,
    imageUrl: input.imageUrl,
    imageAltText: input.imageAltText?.trim(),
    links: links.length ? links : undefined,
    audience: input.audience,
    visibility: input.visibility,
    ...noEngagementYet(),
    sharedFrom: input.sharedFrom,
    state: 'published',
    createdAt,
    updatedAt: createdAt,
  };
}

/** Its author may change or remove a post, and so may moderators and admins (reports and their review: src/domain/reports.ts). */
export function canEditPost(identity: Identity, post: Post): boolean {
  return post.authorId === identity.userId || identity.roles.includes('admin') || identity.roles.includes('moderator');
}

export function assertMayEditPost(identity: Identity, post: Post): void {
  if (!canEditPost(identity, post)) throw new DomainError('forbidden', 'not your post');
}

/** The post with new words (checked as at creation); only the title and body change. */
export function editedPost(post: Post, edit: { title?: string; body: string }, now: Date): Post {
  const { title, body } = checkedPostText(edit);
  return { ...post, title, body, updatedAt: now.toISOString() };
}

/** A removed post stays stored (reactions and reports keep their post) but is shown to no one. */
export function removedPost(post: Post, now: Date): Post {
  return { ...post, state: 'removed', updatedAt: now.toISOString() };
}

/** Who may see a post; older posts without a stored visibility are decided from where they went. */
export async function postVisibility(post: Post, place: (conversationId: string) => Promise<PlaceFacts | undefined>): Promise<Visibility> {
  return post.visibility ?? legacyVisibility(post.audience, place);
}
