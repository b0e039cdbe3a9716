import type { EngagementPorts } from '../domain/engagement';
import type { EngagementActionPorts } from '../domain/engagement-actions';
import { announcementTakesEngagement, noteAnnouncementEngagement } from '../domain/announcement-engagement';
import type { Identity } from '../domain/identity';
import type { Post } from '../domain/posts';
import type { Logger } from '../log';
import type { Repositories } from '.';
import { announcementPostOf } from './announcement-engagement';
import { CoalescingPostWriter } from './post-writer';
import { contentScreenPorts } from './reports';

/**
 * The engagement core's ports over the store. The bot makes them once per process (its
 * coalescing writer is what keeps a post's counts from racing); the API uses the bot's
 * and only makes its own where there is no bot (API-only tests). The bot passes posts
 * that also find announcements' engagement records (announcementAwarePosts).
 */
export function engagementPorts(repositories: Repositories, posts: EngagementPorts['posts'] = repositories.posts): EngagementPorts {
  return {
    posts,
    engagement: repositories.engagement,
    writer: new CoalescingPostWriter(repositories.posts),
    reactionSet: (tenantId) => repositories.tenants.reactionSet(tenantId),
    membership: repositories.memberships,
    activity: repositories.activity,
    place: (tenantId, conversationId) => repositories.conversations.get(tenantId, conversationId),
  };
}

/**
 * Posts that also find (or make) an announcement's engagement record, so its reactions
 * and comments live under a post-like record of its own; a recalled announcement
 * takes no more engagement (the gate finds it removed).
 */
export function announcementAwarePosts(repositories: Repositories, now: () => Date): EngagementPorts['posts'] {
  const announcementPost = (tenantId: string, postId: string) => announcementPostOf(repositories, tenantId, postId, now);
  const withAnnouncementState = async (post: Post | undefined) => {
    if (!post?.announcementId || post.state !== 'published') return post;
    const announcement = await repositories.announcements.get(post.tenantId, post.announcementId);
    return announcement && announcementTakesEngagement(announcement) ? post : { ...post, state: 'removed' as const };
  };
  return {
    get: async (tenantId, postId) => (await withAnnouncementState(await repositories.posts.get(tenantId, postId))) ?? announcementPost(tenantId, postId),
    recent: async (tenantId, postId) => (await withAnnouncementState(await repositories.posts.recent(tenantId, postId))) ?? announcementPost(tenantId, postId),
    update: (tenantId, postId, change) => repositories.posts.update(tenantId, postId, change),
  };
}

/** Counts one engagement for the report (see noteAnnouncementEngagement); never fails the click. */
export async function noteEngagementFor(repositories: Repositories, identity: Identity, post: Pick<Post, 'announcementId' | 'createdAt'>, now: Date, warn: (error: unknown) => void): Promise<void> {
  if (!post.announcementId) return;
  try {
    await noteAnnouncementEngagement(
      { stats: repositories.announcementEngagement, departmentOf: async (tenantId, userId) => (await repositories.people.get(tenantId, userId))?.department },
      identity,
      { announcementId: post.announcementId, sentAt: post.createdAt },
      now,
    );
  } catch (error) {
    warn(error);
  }
}

/**
 * The ports of the shared engagement actions (domain/engagement-actions.ts): the bot
 * makes them once (its refresher and author notices); the API uses the bot's.
 */
export function engagementActionPorts(
  repositories: Repositories,
  wiring: { engagement: EngagementPorts; refresh(post: Post): void; commentNotice: EngagementActionPorts['commentNotice']; logger: Logger },
): EngagementActionPorts {
  const { logger } = wiring;
  return {
    engagement: wiring.engagement,
    screen: contentScreenPorts(repositories),
    announcements: repositories.announcements,
    acknowledgements: repositories.acknowledgements,
    refresh: wiring.refresh,
    polls: { access: wiring.engagement, guidelines: repositories.guidelines, votes: repositories.polls, refresh: wiring.refresh },
    commentNotice: wiring.commentNotice,
    noteEngagement: (identity, post, now) => noteEngagementFor(repositories, identity, post, now, (err) => logger.warn({ err }, 'engagement not counted')),
  };
}
