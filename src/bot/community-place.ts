import { CardFactory, TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/types';
import type { Community } from '../domain/communities';
import type { InstalledConversation } from '../domain/conversations';
import { assertMayPostInCommunity, communityVisibility } from '../domain/discussions';
import { recordInstallation } from '../domain/installations';
import type { Delivery, Post } from '../domain/posts';
import { Visibility, visibilityOfPlace } from '../domain/visibility';
import { installationFrom } from './activity';
import { sendToLinkedChannels, storeFiledPost } from '../delivery/community-posts';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';

/**
 * Where a command that starts something (discuss, ask, poll) puts it: in a channel
 * linked to a community, under that community (members only may start there); anywhere
 * else, in the conversation, seen by whoever may see posts there.
 */
export interface CommandPlace {
  here: InstalledConversation;
  visibility: Visibility;
  community?: Community;
}

export async function commandPlace(features: FeatureContext, identity: BotIdentity, context: TurnContext): Promise<CommandPlace> {
  const { repositories } = features;
  const here = installationFrom(context, identity.tenantId, features.now().toISOString());
  const stored = await repositories.conversations.get(identity.tenantId, here.conversationId);
  const place = { ...here, channelType: here.channelType ?? stored?.channelType };
  const communityId = here.kind === 'channel' ? await repositories.communities.channels.communityOf(identity.tenantId, here.conversationId) : undefined;
  const [community, membership] = communityId
    ? await Promise.all([repositories.communities.get(identity.tenantId, communityId), repositories.communities.membership(identity.tenantId, communityId, identity.userId)])
    : [undefined, undefined];
  if (!community) return { here: place, visibility: visibilityOfPlace(place) };
  assertMayPostInCommunity(community, membership);
  return { here: place, visibility: communityVisibility(community.communityId), community };
}

/** The post's fields that say where it is filed. */
export const filedUnder = (place: CommandPlace): Pick<Post, 'community'> =>
  place.community ? { community: { communityId: place.community.communityId, name: place.community.name } } : {};

/**
 * Sends the card here (a reply to the command), then into the community's other linked
 * channels; stores the post with every copy, files it under its community, and makes
 * the conversation known only now that what was asked passed every check.
 */
export async function publishHere(features: FeatureContext, place: CommandPlace, post: Post, card: AdaptiveCard, context: TurnContext): Promise<Post> {
  const { repositories } = features;
  await recordInstallation(repositories.conversations, place.here);
  const response = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
  if (!response?.id) throw new Error('publishHere(): Teams gave no activity id');
  const here: Delivery = { conversationId: place.here.conversationId, activityId: response.id };
  const elsewhere = place.community ? await sendToLinkedChannels({ repositories, sendCard: (c, k) => features.messenger.sendCard(c, k), logger: features.logger }, place.community, card, place.here.conversationId) : [];
  return storeFiledPost(features, post, [here, ...elsewhere]);
}
