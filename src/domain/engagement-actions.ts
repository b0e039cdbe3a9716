import { assertAcknowledgeable } from './acknowledgements';
import type { Announcement } from './announcements';
import { isAnnouncementPost } from './announcement-engagement';
import type { Comment } from './comments';
import { validateCommentText } from './comments';
import { addComment, EngagementPorts, recordReaction, replyOf } from './engagement';
import { ContentScreenPorts, HeldItem, screenBeforePublishing } from './held';
import type { Identity } from './identity';
import { visiblePost } from './post-access';
import type { PollVotePorts } from './poll-votes';
import type { Post } from './posts';

/**
 * What a person does to a post, from whichever door (a card in Teams or the tab):
 * the rules (src/domain/engagement.ts), then the same consequences — every delivered
 * Teams copy marked for refresh, the announcement's report counted, the author told
 * of comments. The bot and the API both call these, so a reaction in the tab moves
 * the card in Teams exactly as a click on the card does.
 */
export interface EngagementActionPorts {
  engagement: EngagementPorts;
  screen: ContentScreenPorts;
  announcements: { get(tenantId: string, announcementId: string): Promise<Announcement | undefined> };
  acknowledgements: { record(tenantId: string, announcementId: string, userId: string, at: string): Promise<{ first: boolean; at: string }> };
  /** Marks every delivered Teams copy of the post for refresh (the bot's CardRefresher). */
  refresh(post: Post): void;
  /** Counts one engagement for an announcement's report; never fails the action. */
  noteEngagement(identity: Identity, post: Post, now: Date): Promise<void>;
  /** Voting in polls (domain/poll-votes.ts) through the same gate and refresher. */
  polls: PollVotePorts;
  /** Tells the author of new comments now, or holds the notice for later (batched). */
  commentNotice(post: Post, notice: { due?: { count: number; names: string[] }; retryAt?: number }): void;
}

/** Toggles the caller's reaction (the same one again removes it). `viewer`: the Teams id whose card view follows (card clicks). */
export async function reactToPost(ports: EngagementActionPorts, identity: Identity, postId: string, reaction: string, viewer: string | undefined, now: Date) {
  const result = await recordReaction(ports.engagement, identity, postId, reaction, viewer, now);
  ports.refresh(result.post);
  if (isAnnouncementPost(result.post) && result.myReaction) await ports.noteEngagement(identity, result.post, now);
  return result;
}

export type CommentOutcome = { held: HeldItem } | { post: Post; comment: Comment };

/**
 * Comments on a post the caller may see: checked as addComment checks it first, so
 * the guidelines and the word list screen only what could be stored; held text waits
 * for a moderator (nothing published), the rest is stored and shown on every copy.
 */
export async function commentOnPost(ports: EngagementActionPorts, identity: Identity & { displayName: string }, postId: string, text: unknown, source: Comment['source'], now: Date, replyTo?: string): Promise<CommentOutcome> {
  const checked = validateCommentText(text);
  await visiblePost(ports.engagement, identity, postId);
  // An unknown parent is refused before screening, so nothing is held for a reply that cannot be stored.
  if (replyTo) await replyOf(ports.engagement, identity.tenantId, postId, replyTo);
  const outcome = await screenBeforePublishing(ports.screen, identity, 'comment', [checked], { postId, text: checked, source, ...(replyTo && { replyTo }) }, now);
  if (outcome) return { held: outcome.held };
  const result = await addComment(ports.engagement, identity, postId, text, source, now, replyTo);
  ports.refresh(result.post);
  await ports.noteEngagement(identity, result.post, now);
  ports.commentNotice(result.post, result.notice);
  return { post: result.post, comment: result.comment };
}

/**
 * "I've read this" on an announcement that asks for it. Once per person: a second
 * click changes nothing (`first` false, the first time kept). A click on the card comes
 * from someone Teams delivered it to (a channel member the stored roster may not list
 * yet); the tab has no such proof, so `recipientsOnly` asks the post gate, and anyone
 * outside the audience is told the announcement does not exist.
 */
export async function acknowledgeAnnouncement(
  ports: EngagementActionPorts,
  identity: Identity,
  announcementId: string,
  options: { viewer?: string; recipientsOnly?: boolean },
  now: Date,
): Promise<{ announcement: Announcement; post?: Post; first: boolean; at: string }> {
  const announcement = await ports.announcements.get(identity.tenantId, announcementId.toLowerCase());
  assertAcknowledgeable(announcement);
  const found = options.recipientsOnly ? await visiblePost(ports.engagement, identity, announcement.announcementId) : await ports.engagement.posts.get(identity.tenantId, announcement.announcementId);
  const recorded = await ports.acknowledgements.record(identity.tenantId, announcement.announcementId, identity.userId, now.toISOString());
  // Listed as a personal viewer, their Teams copy stays "Acknowledged" when a refresh of everyone's copies goes out
  // (Teams asks for their own view; the list holds the latest REFRESH_USERS_MAX people).
  const post = found && recorded.first && options.viewer ? await ports.engagement.writer.apply(identity.tenantId, found.postId, { viewer: options.viewer }).catch(() => found) : found;
  if (post && recorded.first) await ports.noteEngagement(identity, post, now);
  return { announcement, post, first: recorded.first, at: recorded.at };
}
