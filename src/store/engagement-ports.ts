import type { EngagementPorts } from '../domain/engagement';
import type { Repositories } from '.';
import { CoalescingPostWriter } from './post-writer';

/**
 * The engagement core's ports over the store. The bot makes them once per process (its
 * coalescing writer is what keeps a post's counts from racing); the API uses the bot's
 * and only makes its own where there is no bot (API-only tests). The bot passes posts
 * that also find announcements' engagement records.
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
