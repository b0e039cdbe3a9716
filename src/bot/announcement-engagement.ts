import { deliveredAnnouncementCard } from '../cards/announcement';
import type { AdaptiveCard } from '../cards/types';
import type { Identity } from '../domain/identity';
import type { Post } from '../domain/posts';
import type { ReactionType } from '../domain/reactions';
import { removedPostCard } from '../cards/post';
import type { Repositories } from '../store';

/**
 * An announcement card with its engagement: everyone's copy (no viewer), or one
 * person's view (their reaction highlighted, their acknowledgement shown).
 */
export async function announcementCardWithEngagement(
  repositories: Repositories,
  post: Post,
  view: { tabUrl?: string; locale?: string; viewer?: Identity; myReaction?: ReactionType | null; acknowledged?: boolean } = {},
): Promise<AdaptiveCard> {
  const announcement = await repositories.announcements.get(post.tenantId, post.announcementId ?? post.postId);
  if (!announcement || announcement.status === 'recalled') return removedPostCard(view.locale);
  const viewer = view.viewer;
  const [reactions, myReaction, acknowledged] = await Promise.all([
    repositories.tenants.reactionSet(post.tenantId),
    view.myReaction !== undefined || !viewer ? view.myReaction : repositories.engagement.reactionOf(post.tenantId, post.postId, viewer.userId),
    view.acknowledged !== undefined || !viewer || !announcement.extras?.acknowledge ? view.acknowledged : repositories.acknowledgements.hasAcknowledged(post.tenantId, announcement.announcementId, viewer.userId),
  ]);
  return deliveredAnnouncementCard(announcement, { tabUrl: view.tabUrl, locale: view.locale, acknowledged, engagement: { post, myReaction, reactions } });
}
