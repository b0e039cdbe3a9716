import { randomUUID } from 'crypto';
import { noticeCard } from '../cards/dialogs';
import { postCard } from '../cards/post';
import { BOT_COMMANDS } from '../cards/verbs';
import type { TurnContext } from 'botbuilder';
import { assertIsOwner, assertMayRead, assertNotArchived, LINKED_CHANNELS_MAX } from '../domain/communities';
import { assertMayPostInCommunity, communityVisibility } from '../domain/discussions';
import { sendToLinkedChannels, storeFiledPost } from '../delivery/community-posts';
import type { DiscussionKind } from '../domain/discussions';
import { DomainError } from '../domain/errors';
import { composePost, Post } from '../domain/posts';
import { recordInstallation } from '../domain/installations';
import { t } from '../i18n';
import { installationFrom, kindOf } from './activity';
import { commandPlace, filedUnder, publishHere } from './community-place';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import { BotRoutes, reply, Handler } from './routes';
import { heldNotice } from './screen';

const USAGE = { discussion: 'card.discuss.usage', question: 'card.ask.usage' } as const;

/**
 * Starts a discussion or a question here, the card a reply in this conversation: filed
 * under the channel's community when it has one. `discuss`, `ask` and the "Start a
 * discussion" message extension ("this conversation") all come here.
 */
export async function startDiscussionHere(features: FeatureContext, identity: BotIdentity, context: TurnContext, kind: DiscussionKind, text: string): Promise<Post | string> {
  const place = await commandPlace(features, identity, context);
  const post = { ...composePost({ kind, body: text, audience: { channels: [place.here.conversationId] }, visibility: place.visibility }, identity, randomUUID(), features.now()), ...filedUnder(place) };
  // The word list first: blocked text throws (the rule named), held text waits for a moderator (the notice returned).
  const held = await heldNotice(features, identity, 'post', [post.body], { kind, body: post.body, conversationId: place.here.conversationId, visibility: place.visibility, ...(post.community && { community: post.community }) });
  if (held) return held;
  post.personalViewers = [identity.teamsUserId];
  const card = postCard(post, { locale: identity.locale, reactions: await features.engagement.reactionSet(identity.tenantId) });
  const stored = await publishHere(features, place, post, card, context);
  features.logger.info({ tenantId: identity.tenantId, postId: stored.postId, kind, filed: Boolean(place.community) }, 'discussion started');
  return stored;
}

/**
 * Starts one under a community the person belongs to, its card proactive in each of
 * the community's linked channels (as from the tab). Held by the word list: the notice.
 */
export async function startDiscussionInCommunity(features: FeatureContext, identity: BotIdentity, communityId: string, kind: DiscussionKind, text: string): Promise<Post | string> {
  const { repositories } = features;
  const [community, membership] = await Promise.all([repositories.communities.get(identity.tenantId, communityId), repositories.communities.membership(identity.tenantId, communityId, identity.userId)]);
  assertMayPostInCommunity(assertMayRead(community, identity, membership), membership);
  const filed = { community: { communityId, name: community!.name } };
  const post = { ...composePost({ kind, body: text, audience: {}, visibility: communityVisibility(communityId) }, identity, randomUUID(), features.now()), ...filed };
  // Held as the tab holds a community post, so approving it publishes it the same way.
  const held = await heldNotice(features, identity, 'post', [post.body], { kind, body: post.body, communityId });
  if (held) return held;
  const card = postCard(post, { locale: identity.locale, reactions: await features.engagement.reactionSet(identity.tenantId) });
  const deliveries = await sendToLinkedChannels({ repositories, sendCard: (c, k) => features.messenger.sendCard(c, k), logger: features.logger }, community!, card);
  const stored = await storeFiledPost(features, post, deliveries);
  features.logger.info({ tenantId: identity.tenantId, postId: stored.postId, kind, copies: deliveries.length }, 'discussion started in a community');
  return stored;
}

/** `discuss <text>` and `ask <question>`: a card here, filed under the channel's community when it has one. */
function startDiscussion(features: FeatureContext, kind: DiscussionKind): Handler<{ text: string }> {
  return async (identity, { text }, context) => {
    if (!text) return reply.card(noticeCard(t(identity.locale, USAGE[kind])));
    const held = await startDiscussionHere(features, identity, context, kind, text);
    if (typeof held === 'string') return reply.card(noticeCard(held));
    return reply.done();
  };
}

export function registerDiscussionRoutes(routes: BotRoutes, features: FeatureContext): void {
  const { repositories } = features;
  routes.command(BOT_COMMANDS.discuss, startDiscussion(features, 'discussion'), { writes: true });
  routes.command(BOT_COMMANDS.ask, startDiscussion(features, 'question'), { writes: true });

  // `community link <name>` in a channel: its owners file this channel's discussions under it.
  routes.command(BOT_COMMANDS.community, async (identity, { text }, context) => {
    const match = /^link\s+(.+)$/i.exec(text);
    if (!match) return reply.card(noticeCard(t(identity.locale, 'card.community.usage')));
    if (kindOf(context.activity) !== 'channel') throw new DomainError('bad_request', 'not a channel', 'error.community.linkWhere');
    const name = match[1].replace(/<[^>]*>/g, '').trim();
    const communityId = await repositories.communities.channels.communityNamed(identity.tenantId, name);
    const [community, membership] = communityId
      ? await Promise.all([repositories.communities.get(identity.tenantId, communityId), repositories.communities.membership(identity.tenantId, communityId, identity.userId)])
      : [undefined, undefined];
    // A secret community one is not in has no name to them: the same answer as none at all.
    if (!community || (community.privacy === 'secret' && membership?.status !== 'member')) throw new DomainError('not_found', 'no such community', 'error.community.noSuchName', { name: name.slice(0, 80) });
    assertIsOwner(community, identity, membership);
    assertNotArchived(community);
    const here = installationFrom(context, identity.tenantId, features.now().toISOString());
    await recordInstallation(repositories.conversations, here);
    const before = await repositories.communities.channels.communityOf(identity.tenantId, here.conversationId);
    if (before && before !== community.communityId) await repositories.communities.setLinkedChannels(identity.tenantId, before, (channels) => channels.filter((c) => c !== here.conversationId));
    const linked = await repositories.communities.setLinkedChannels(identity.tenantId, community.communityId, (channels) => {
      if (channels.includes(here.conversationId)) return undefined;
      if (channels.length >= LINKED_CHANNELS_MAX) throw new DomainError('conflict', 'too many linked channels');
      return [...channels, here.conversationId];
    });
    await repositories.communities.channels.link(identity.tenantId, here.conversationId, community.communityId, identity.userId, features.now().toISOString());
    features.logger.info({ tenantId: identity.tenantId, communityId: community.communityId, linked: Boolean(linked) }, 'channel linked to a community');
    return reply.card(noticeCard(t(identity.locale, 'card.community.linked', { name: community.name })));
  }, { writes: true });
}
