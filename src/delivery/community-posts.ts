import type { AdaptiveCard } from '../cards/types';
import type { Community } from '../domain/communities';
import type { InstalledConversation } from '../domain/conversations';
import type { Delivery, Post } from '../domain/posts';
import type { Logger } from '../log';
import type { Repositories } from '../store';

/**
 * What a community's discussions, questions and polls need to go out and be found:
 * the card in each of its linked channels where Commons is still installed (proactive
 * sends, through the Outbound budgets), then the post stored with every copy and filed
 * under the community. Used by the bot (a command in a linked channel: that copy is
 * the reply) and by the tab (every copy proactive).
 */
export interface CommunityPostDependencies {
  repositories: Pick<Repositories, 'conversations' | 'posts' | 'communities'>;
  sendCard(conversation: InstalledConversation, card: AdaptiveCard): Promise<string>;
  logger: Logger;
}

export async function sendToLinkedChannels(deps: CommunityPostDependencies, community: Community, card: AdaptiveCard, except?: string): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const conversationId of community.linkedChannels) {
    if (conversationId === except) continue;
    const channel = await deps.repositories.conversations.get(community.tenantId, conversationId);
    if (!channel?.active) continue;
    const activityId = await deps.sendCard(channel, card).catch((error) => void deps.logger.warn({ err: error }, 'a linked channel did not get the card'));
    if (activityId) deliveries.push({ conversationId, activityId });
  }
  return deliveries;
}

/** Stores the post with where it went and, when it belongs to a community, files it there. */
export async function storeFiledPost(deps: Pick<CommunityPostDependencies, 'repositories'>, post: Post, deliveries: Delivery[]): Promise<Post> {
  const stored = { ...post, deliveredTo: deliveries };
  await deps.repositories.posts.create(stored);
  if (post.community) {
    await deps.repositories.posts.fileUnderCommunity(stored);
    await deps.repositories.communities.touch(post.tenantId, post.community.communityId, post.createdAt);
  }
  return stored;
}
